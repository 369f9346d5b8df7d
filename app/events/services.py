"""The append-only event log (invariant 5)."""

from __future__ import annotations

from typing import Any

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
) -> Event:
    """Append one event; call it inside the unit of work that makes the change."""
    return await Event.create(
        entity=entity,
        entity_id=entity_id,
        action=action,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )


async def history(entity: str, entity_id: int) -> list[Event]:
    return await Event.filter(entity=entity, entity_id=entity_id).order_by("id")
