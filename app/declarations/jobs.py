"""Unpaid declarations expire: nobody can hold a person's period forever by declaring for them."""

from __future__ import annotations

from datetime import UTC, datetime

from app.context import Services
from app.declarations.models import Declaration, DeclarationState
from app.declarations.services import EXPIRED_REASON, mark_voided
from app.jobs import for_each
from app.payments.posting import post_waiting

ACTOR = "system:expiry"
BATCH = 500


async def expire_unpaid_declarations(services: Services) -> int:
    """Void every unpaid declaration past its expiry that no payment holds, release its
    assessment upstream and post the later periods that waited for it; returns how many."""
    due = await Declaration.filter(
        state=DeclarationState.DECLARED, paid=False, current_payment_id=None, expires_at__lte=datetime.now(UTC),
    ).order_by("expires_at", "id").limit(BATCH)

    async def expire(declaration: Declaration) -> None:
        voided = await mark_voided(services, declaration, ACTOR, EXPIRED_REASON)
        await post_waiting(services, voided)

    return await for_each("expire_unpaid_declarations", due, expire)
