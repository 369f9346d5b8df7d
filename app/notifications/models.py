"""Every inbound channel notification, kept raw, with what we did with it."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.instants import InstantField


class ChannelNotification(Model):
    """Every inbound channel notification, kept raw, with what we did with it."""

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=24)
    notification_id = fields.CharField(max_length=64, null=True)
    event_type = fields.CharField(max_length=40, null=True)
    out_trade_no = fields.CharField(max_length=32, null=True, db_index=True)
    out_refund_no = fields.CharField(max_length=64, null=True, db_index=True)
    verdict = fields.CharField(max_length=16)  # received → applied | duplicate | ignored | rejected
    reject_reason = fields.CharField(max_length=40, null=True)
    flagged = fields.BooleanField(default=False)
    headers: Any = fields.JSONField(default=dict)
    body = fields.TextField()  # as received; from a sender that failed verification only its first bytes
    body_size = fields.IntField(default=0)
    body_sha256 = fields.CharField(max_length=64, null=True)
    body_truncated = fields.BooleanField(default=False)
    source = fields.CharField(max_length=64, null=True)  # the sender's address
    resource: Any = fields.JSONField(null=True)
    received_at = InstantField(auto_now_add=True)

    class Meta:
        table = "channel_notifications"
        indexes = (("flagged", "received_at"),)  # the dashboard's queue of flagged notifications
