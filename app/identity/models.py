from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.instants import InstantField


class User(Model):
    """A login identity — a WeChat openid, or the account of a channel's user who signed in with its
    auth code ("<channel>:<user id>", see `app.identity.services.channel_account`) — and, once bound,
    its real-name person."""

    id = fields.IntField(primary_key=True)
    openid = fields.CharField(max_length=64, unique=True)
    region = fields.CharField(max_length=16)
    id_type = fields.CharField(max_length=40, null=True)
    id_number_sealed = fields.TextField(null=True)
    id_number_index = fields.CharField(max_length=64, null=True, db_index=True)
    id_number_masked = fields.CharField(max_length=32, null=True)
    name = fields.CharField(max_length=64, null=True)
    bound_at = InstantField(null=True)
    # when upstream confirmed the name against the id number (and, where the region asks, the
    # person's face): only a verified person's records are shown
    verified_at = InstantField(null=True)
    verified_by = fields.CharField(max_length=24, null=True)  # upstream | upstream+face
    created_at = InstantField(auto_now_add=True)

    class Meta:
        table = "users"

    @property
    def is_bound(self) -> bool:
        return self.bound_at is not None

    @property
    def is_verified(self) -> bool:
        return self.bound_at is not None and self.verified_at is not None
