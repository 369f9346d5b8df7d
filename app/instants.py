"""Instants in the database: every datetime is written in UTC, whatever offset it came with.

PostgreSQL keeps `timestamptz` as an instant, so the offset never mattered there. SQLite keeps a
datetime as the text Tortoise writes (`2026-12-06 23:59:59+08:00`) and compares text: a deadline
written in China's offset and a "now" in UTC's were compared character by character, so a share
due at 23:59:59+08:00 was not overdue at 06:20 the next morning. Written in one offset, the
texts sort as the instants do (`…:59+00:00` < `…:59.5+00:00`), on either backend.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise import fields
from tortoise.manager import Manager
from tortoise.queryset import QuerySet, UpdateQuery

from app import clock


class InstantField(fields.DatetimeField):
    """A timezone-aware DatetimeField stored, and compared in filters and updates, in UTC."""

    def to_db_value(self, value: Any, instance: Any) -> Any:
        if hasattr(instance, "_saved_in_db") and (
                self.auto_now or (self.auto_now_add and getattr(instance, self.model_field_name) is None)):
            stamped = clock.now()  # the business clock (movable in the sandbox), not Tortoise's own
            setattr(instance, self.model_field_name, stamped)
            return stamped
        value = super().to_db_value(value, instance)
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def describe(self, serializable: bool) -> dict[str, Any]:
        described = super().describe(serializable)
        if serializable:  # the same column as DatetimeField's: migrations see no change
            described["field_type"] = fields.DatetimeField.__name__
        return described


def as_instant(value: object) -> datetime | None:
    """A datetime read by raw SQL (PostgreSQL gives a datetime, SQLite its text) as an aware
    instant in UTC; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"not a datetime: {value!r}")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class _StampingQuerySet(QuerySet[Any]):
    def update(self, **kwargs: Any) -> UpdateQuery:
        kwargs.setdefault("updated_at", clock.now())
        return super().update(**kwargs)


class Stamped(Manager):
    """The manager of every model with an `updated_at`: a bulk `.update()` stamps it too, as
    `save()` does (Tortoise's auto_now applies to `save()` only). The refund sweep and the
    dashboard's ages read it."""

    def get_queryset(self) -> QuerySet[Any]:
        return _StampingQuerySet(self._model)
