from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class User(Model):
    """A login identity (a WeChat openid) and, once bound, its real-name person."""

    id = fields.IntField(primary_key=True)
    openid = fields.CharField(max_length=64, unique=True)
    region = fields.CharField(max_length=16)
    id_type = fields.CharField(max_length=40, null=True)
    id_number_sealed = fields.TextField(null=True)
    id_number_index = fields.CharField(max_length=64, null=True, db_index=True)
    id_number_masked = fields.CharField(max_length=32, null=True)
    name = fields.CharField(max_length=64, null=True)
    bound_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "users"

    @property
    def is_bound(self) -> bool:
        return self.bound_at is not None
