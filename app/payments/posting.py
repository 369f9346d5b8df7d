"""到账确认: posting each paid declaration's share to hrss / healthcare_security."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import F

from app.context import Services
from app.declarations.models import Declaration
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.payments.states import set_posting
from app.upstream import interfaces as up

ACTOR = "system:posting"
_MINE = (PostingState.POSTING, PostingState.UNKNOWN)


def _request(
    services: Services, payment: Payment, item: PaymentItem, declaration: Declaration
) -> up.PostingRequest:
    person = up.PersonRef(
        declaration.payer_id_type, services.sealer.unseal(declaration.payer_id_number_sealed), declaration.payer_name
    )
    return up.PostingRequest(
        posting_no=item.posting_no,
        assessment_no=declaration.assessment_no,
        person=person,
        region=declaration.region,
        insurance_type=declaration.insurance_type,
        payment_kind=declaration.payment_kind,
        period_start=declaration.period_start,
        period_end=declaration.period_end,
        amount_fen=item.amount_fen,
        channel=payment.channel,
        channel_transaction_id=payment.transaction_id or "",
        paid_at=payment.paid_at or datetime.now(UTC),
    )


async def post_item(services: Services, payment: Payment, item: PaymentItem) -> None:
    """Post one share. Only the caller that claims NOT_POSTED → POSTING talks to upstream."""
    claimed = await PaymentItem.filter(id=item.id, posting_state=PostingState.NOT_POSTED).update(
        posting_state=PostingState.POSTING, posting_attempts=F("posting_attempts") + 1
    )
    if not claimed:
        return
    await item.refresh_from_db()
    declaration = await Declaration.get(id=item.declaration_id)
    try:
        result = await services.upstream.post_payment(_request(services, payment, item, declaration))
    except up.UpstreamRejected as exc:
        await set_posting(
            item, PostingState.FAILED, actor=ACTOR, expect=_MINE, reason_code=exc.code, reason=exc.message
        )
        return
    except up.UpstreamResultUnknown as exc:
        await set_posting(
            item, PostingState.UNKNOWN, actor=ACTOR, expect=_MINE, reason_code="result_unknown", reason=str(exc)
        )
        return
    except up.UpstreamUnavailable as exc:
        await set_posting(
            item, PostingState.NOT_POSTED, actor=ACTOR, expect=_MINE, reason_code="unavailable", reason=str(exc)
        )
        return
    await _settle(item, result)


async def _settle(item: PaymentItem, result: up.PostingResult) -> None:
    if result.state == up.PostingState.POSTED:
        await set_posting(
            item, PostingState.POSTED, actor=ACTOR, expect=_MINE, posting_ref=result.upstream_ref,
            posted_at=result.posted_at or datetime.now(UTC),
        )
    elif result.state == up.PostingState.REJECTED:
        await set_posting(
            item, PostingState.FAILED, actor=ACTOR, expect=_MINE, reason_code=result.reason_code, reason=result.reason
        )
    else:  # upstream never saw it: safe to post again with the same posting_no
        await set_posting(item, PostingState.NOT_POSTED, actor=ACTOR, expect=_MINE, reason_code="not_found_upstream")


async def post_payment(services: Services, payment: Payment) -> None:
    """Post every share of a paid payment that has not been posted yet."""
    if payment.state != PaymentState.PAID:
        return
    for item in await PaymentItem.filter(payment_id=payment.id, posting_state=PostingState.NOT_POSTED).order_by("id"):
        await post_item(services, payment, item)


async def settle_unknown_postings(services: Services, payment: Payment) -> None:
    """Ask upstream about shares whose posting result is unknown, then post what never arrived."""
    for item in await PaymentItem.filter(payment_id=payment.id, posting_state=PostingState.UNKNOWN):
        try:
            result = await services.upstream.query_posting(item.posting_no)
        except up.UpstreamError:
            continue  # still unknown; the next refresh or the nightly job asks again
        await _settle(item, result)
    await post_payment(services, payment)
