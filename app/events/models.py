from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.instants import InstantField


class Event(Model):
    """One state change of a declaration, payment or payment item: who, what, from, to, why, when."""

    id = fields.BigIntField(primary_key=True)
    entity = fields.CharField(max_length=24)
    entity_id = fields.BigIntField()
    action = fields.CharField(max_length=40)
    from_state = fields.CharField(max_length=24, null=True)
    to_state = fields.CharField(max_length=24, null=True)
    actor = fields.CharField(max_length=64)
    reason = fields.TextField(default="")
    data: Any = fields.JSONField(default=dict)
    created_at = InstantField(auto_now_add=True)

    class Meta:
        table = "events"
        indexes = (("entity", "entity_id"),)
