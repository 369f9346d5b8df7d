from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from app.instants import InstantField, Stamped

if TYPE_CHECKING:
    from app.identity import User


class SavedPayer(Model):
    """A person on a user's list of saved payers (代缴人名单). Deleting is soft: the row and its
    events stay, and declarations keep their own copy of the payer's data."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="saved_payers", on_delete=fields.RESTRICT
    )
    user_id: int
    id_type = fields.CharField(max_length=40)
    id_number_sealed = fields.TextField()
    id_number_index = fields.CharField(max_length=64, db_index=True)
    id_number_masked = fields.CharField(max_length=32)
    name = fields.CharField(max_length=64)
    nationality = fields.CharField(max_length=64, null=True)  # 国籍（地区）
    # "<user id>:<blind index>" while on the list, NULL once deleted: one live entry per person
    active_key = fields.CharField(max_length=96, null=True, unique=True)
    deleted_at = InstantField(null=True)
    verified_at = InstantField(null=True)  # upstream confirmed the name against the id number
    created_at = InstantField(auto_now_add=True)
    updated_at = InstantField(auto_now=True)

    class Meta:
        table = "saved_payers"
        indexes = (("user_id", "deleted_at"),)
        manager = Stamped()

    @property
    def is_live(self) -> bool:
        return self.deleted_at is None
