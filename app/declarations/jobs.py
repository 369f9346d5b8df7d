"""Unpaid declarations expire: nobody can hold a person's period forever by declaring for them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from app import clock
from app.context import Services
from app.declarations.models import Declaration, DeclarationState
from app.declarations.services import EXPIRED_REASON, mark_voided
from app.jobs import for_each

ACTOR = "system:expiry"
BATCH = 500


async def backfill_expiry(services: Services) -> int:
    """Unpaid declarations made before expiry existed get theirs, from when they were made (once)."""
    missing = await Declaration.filter(
        state=DeclarationState.DECLARED, paid=False, expires_at__isnull=True,
    ).order_by("id").limit(BATCH).values("id", "region", "created_at")
    for row in missing:
        hours = services.profile(row["region"]).declaration_expiry_hours
        await Declaration.filter(id=row["id"], expires_at__isnull=True).update(
            expires_at=row["created_at"] + timedelta(hours=hours))
    return len(missing)


async def expire_unpaid_declarations(services: Services,
                                     then: Callable[[Declaration], Awaitable[None]] | None = None) -> int:
    """Void every unpaid declaration past its expiry that no payment holds and release its
    assessment upstream, then `then(declaration)` (the later periods that waited for it post);
    returns how many."""
    await backfill_expiry(services)
    due = await Declaration.filter(
        state=DeclarationState.DECLARED, paid=False, current_payment_id=None, expires_at__lte=clock.now(),
    ).order_by("expires_at", "id").limit(BATCH)

    async def expire(declaration: Declaration) -> None:
        voided = await mark_voided(services, declaration, ACTOR, EXPIRED_REASON)
        if then is not None:
            await then(voided)

    return await for_each("expire_unpaid_declarations", due, expire)
