"""Case work on exceptions: a person claims one ("我来处理": the others see who has it), writes
notes in its thread, and gives it back; "my claims" and "waiting for approval by me".

A subject is one exception row: a refund, a reconciliation difference, a share (payment item), a
manual refund request or a channel notification. One claim at a time per subject (a unique key
while claimed); claiming one another person holds is refused with who holds it; its holder or
an approver releases it. Every claim, release and note is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from app import clock
from app.notifications import ChannelNotification
from app.operations import errors
from app.operations.models import CASE_SUBJECTS, CLAIM, CaseClaim, CaseNote, ClaimState, ManualRefund, Role
from app.operations.services import Actor, audit, clean_remark, require
from app.payments import PaymentItem
from app.reconciliation import ReconciliationDifference
from app.refunds import Refund

SUBJECT_MODELS: dict[str, Any] = {"refund": Refund, "difference": ReconciliationDifference,
                                  "payment_item": PaymentItem, "manual_refund": ManualRefund,
                                  "notification": ChannelNotification}
NOTE_MAX = 500


@dataclass
class Case:
    subject_type: str
    subject_id: int
    subject: Any
    payment_id: int | None  # the payment whose page tells the whole story, if any
    claim: CaseClaim | None  # the current one
    history: list[CaseClaim]
    notes: list[CaseNote]


def _key(subject_type: str, subject_id: int) -> str:
    return f"{subject_type}:{subject_id}"


async def _subject(subject_type: str, subject_id: int) -> Any:
    model = SUBJECT_MODELS.get(subject_type)
    found = await model.get_or_none(id=subject_id) if model is not None else None
    if found is None:
        raise errors.CaseNotFound()
    return found


async def case(subject_type: str, subject_id: int) -> Case:
    """One exception's case: the row, who holds it now, earlier claims and the notes (oldest first)."""
    subject = await _subject(subject_type, subject_id)
    claims = await CaseClaim.filter(subject_type=subject_type, subject_id=subject_id).order_by("-id")
    notes = await CaseNote.filter(subject_type=subject_type, subject_id=subject_id).order_by("id")
    current = next((c for c in claims if c.state == ClaimState.CLAIMED), None)
    payment_id = getattr(subject, "payment_id", None)
    return Case(subject_type, subject_id, subject, payment_id, current, claims, notes)


async def claim(actor: Actor, subject_type: str, subject_id: int) -> CaseClaim:
    """我来处理. Raises RoleRequired (viewers only look), CaseNotFound, CaseClaimed (another holds
    it: `holder` in its data; claiming one's own again is no change)."""
    require(actor, Role.OPERATOR)
    await _subject(subject_type, subject_id)
    key = _key(subject_type, subject_id)
    held = await CaseClaim.get_or_none(active_key=key)
    if held is not None:
        if held.claimed_by == actor.username:
            return held
        raise errors.CaseClaimed(f"已由 {held.claimed_by} 认领处理", holder=held.claimed_by)
    try:
        made = await CLAIM.create(actor=actor.event_actor, action="claim", subject_type=subject_type,
                                  subject_id=subject_id, active_key=key, claimed_by=actor.username)
    except IntegrityError:  # claimed by someone else in the same instant
        held = await CaseClaim.get_or_none(active_key=key)
        if held is not None and held.claimed_by == actor.username:
            return held
        holder = held.claimed_by if held is not None else ""
        raise errors.CaseClaimed(f"已由 {holder} 认领处理", holder=holder) from None
    await audit(actor, "claim_case", target_type=subject_type, target_id=subject_id)
    return made


async def release(actor: Actor, subject_type: str, subject_id: int) -> None:
    """Give a claim back: its holder, or an approver (someone away). Raises RoleRequired,
    CaseNotFound, CaseNotClaimed, CaseClaimed (held by another and the actor is no approver)."""
    require(actor, Role.OPERATOR)
    await _subject(subject_type, subject_id)
    held = await CaseClaim.get_or_none(active_key=_key(subject_type, subject_id))
    if held is None:
        raise errors.CaseNotClaimed()
    if held.claimed_by != actor.username and not actor.can(Role.APPROVER):
        raise errors.CaseClaimed(f"已由 {held.claimed_by} 认领处理，只有认领人或审批员可以释放", holder=held.claimed_by)
    moved = await CLAIM.move(held.id, ClaimState.RELEASED, actor=actor.event_actor, action="release",
                             expect=[ClaimState.CLAIMED], active_key=None, released_by=actor.username,
                             released_at=clock.now())
    if moved is None:
        raise errors.CaseNotClaimed()
    await audit(actor, "release_case", target_type=subject_type, target_id=subject_id,
                data={"claimed_by": held.claimed_by})


async def add_note(actor: Actor, subject_type: str, subject_id: int, text: object) -> CaseNote:
    """A note in the case's thread (1–500 characters). Raises RoleRequired, RemarkRequired, CaseNotFound."""
    require(actor, Role.OPERATOR)
    body = clean_remark(text)
    await _subject(subject_type, subject_id)
    note = await CaseNote.create(subject_type=subject_type, subject_id=subject_id, author=actor.username, text=body)
    await audit(actor, "case_note", target_type=subject_type, target_id=subject_id, remark=body)
    return note


def my_claims_query(username: str) -> Any:
    return CaseClaim.filter(state=ClaimState.CLAIMED, claimed_by=username).order_by("-created_at", "-id")


async def holders(subject_type: str, ids: list[int]) -> dict[int, str]:
    """Who holds each of these subjects now (those claimed only): for a queue's rows."""
    if not ids:
        return {}
    rows = await CaseClaim.filter(subject_type=subject_type, subject_id__in=ids, state=ClaimState.CLAIMED).values(
        "subject_id", "claimed_by")
    return {int(r["subject_id"]): str(r["claimed_by"]) for r in rows}


SUBJECTS = CASE_SUBJECTS
