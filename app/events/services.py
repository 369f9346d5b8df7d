"""The append-only event log (invariant 5)."""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from app.events.models import Event


async def record(
    entity: str,
    entity_id: int,
    action: str,
    *,
    actor: str,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    using: BaseDBAsyncClient | None = None,
) -> Event:
    """Append one event; call it inside the transaction that makes the change."""
    return await Event.create(
        entity=entity,
        entity_id=entity_id,
        action=action,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
        using_db=using,
    )


async def history(entity: str, entity_id: int) -> list[Event]:
    return await Event.filter(entity=entity, entity_id=entity_id).order_by("id")
