from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.instants import InstantField


class InstitutionKey(Model):
    """An institution's API key: `key_id` is shown in logs and listings, the secret only once, to
    the operator who issued it; we keep its SHA-256 (a 256-bit random secret needs no slow hash)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64, db_index=True)  # the institution, e.g. 武汉某银行股份有限公司
    key_id = fields.CharField(max_length=16, unique=True)
    secret_sha256 = fields.CharField(max_length=64)
    rate_per_minute = fields.IntField(null=True)  # null: the setting institution_verification_rate_per_minute
    issued_by = fields.CharField(max_length=64, default="")
    created_at = InstantField(auto_now_add=True)
    revoked_at = InstantField(null=True)
    last_used_at = InstantField(null=True)

    class Meta:
        table = "institution_keys"
