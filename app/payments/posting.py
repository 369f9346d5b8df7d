"""到账确认: posting each paid declaration's share to hrss / healthcare_security."""

from __future__ import annotations

from datetime import timedelta

from tortoise.expressions import F, Q

from app import clock, logs, words
from app import upstream as up
from app.clock import SHANGHAI
from app.context import Services
from app.declarations import Declaration, DeclarationState, release_assessment
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.payments.states import set_posting

ACTOR = "system:posting"
WAITING = "waiting_for_earlier"  # held here behind an earlier period
HELD = "held_upstream"  # upstream refused it for now (its order rule): posted again when the earlier one posts
STALE_POSTING = timedelta(minutes=5)  # a poster that has not answered by then is gone
# upstream's refusals that only mean "not yet": the share waits instead of being refunded
RETRYABLE = frozenset({"posting_failed"})


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
        paid_at=payment.paid_at or clock.now(),
    )


async def _earlier_unposted(declaration: Declaration) -> Declaration | None:
    """A live, not yet posted declaration for the same payer and insurance type with an earlier
    period (paid and posting, being paid, or declared and unpaid): upstream would refuse this one
    (到账确认失败) until that one has posted, or has been voided."""
    return await Declaration.filter(
        Q(state=DeclarationState.PROCESSING) | Q(state=DeclarationState.DECLARED, paid=False),
        payer_id_index=declaration.payer_id_index, region=declaration.region,
        insurance_type=declaration.insurance_type, period_start__lt=declaration.period_start,
    ).exclude(id=declaration.id).order_by("period_start").first()


async def _wait_behind(item: PaymentItem, earlier: Declaration) -> None:
    deadline = item.posting_deadline.astimezone(SHANGHAI).date() if item.posting_deadline is not None else None
    reason = words.wait_words(earlier.period_start, earlier.period_end, earlier.paid, deadline)
    if (item.posting_reason_code, item.posting_reason) != (WAITING, reason):
        await set_posting(item, PostingState.NOT_POSTED, actor=ACTOR, expect=[PostingState.NOT_POSTED],
                          reason_code=WAITING, reason=reason)


async def post_item(services: Services, payment: Payment, item: PaymentItem) -> None:
    """Post one share, after any earlier period of the same payer and insurance type.

    Only the caller that claims NOT_POSTED → POSTING talks to upstream. A refusal for order
    (到账确认失败) is not final: the share waits and is posted again when the earlier one posts.
    """
    declaration = await Declaration.get(id=item.declaration_id)
    earlier = await _earlier_unposted(declaration)
    if earlier is not None:
        await _wait_behind(item, earlier)
        return
    claimed = await set_posting(
        item, PostingState.POSTING, actor=ACTOR, expect=[PostingState.NOT_POSTED],
        reason_code=item.posting_reason_code, reason=item.posting_reason,
        posting_attempts=F("posting_attempts") + 1,
    )
    if not claimed:
        return
    await item.refresh_from_db()
    logs.bind(posting_no=item.posting_no, out_trade_no=payment.out_trade_no)
    try:
        result = await services.upstream.post_payment(_request(services, payment, item, declaration))
    except up.UpstreamRejected as exc:
        final = exc.code not in RETRYABLE
        await set_posting(
            item, PostingState.FAILED if final else PostingState.NOT_POSTED, actor=ACTOR, expect=[PostingState.POSTING],
            reason_code=exc.code if final else HELD, reason=exc.message,
        )
        if final:  # voided: it no longer holds back later periods, and upstream forgets it
            await release_assessment(services, declaration)
            await post_waiting(services, declaration)
        return
    except up.UpstreamResultUnknown as exc:
        await set_posting(
            item, PostingState.UNKNOWN, actor=ACTOR, expect=[PostingState.POSTING], reason_code="result_unknown",
            reason=str(exc),
        )
        return
    except up.UpstreamUnavailable as exc:
        await set_posting(
            item, PostingState.NOT_POSTED, actor=ACTOR, expect=[PostingState.POSTING], reason_code="unavailable",
            reason=str(exc),
        )
        return
    await apply_posting(item, result, expect=[PostingState.POSTING])
    await post_waiting(services, declaration)


async def waiting_payments(declaration: Declaration) -> list[int]:
    """The paid payments with a share of a later period of the same payer and insurance type that
    waits (NOT_POSTED): once `declaration` is posted or voided they may post."""
    ids = await PaymentItem.filter(
        posting_state=PostingState.NOT_POSTED, payment__state=PaymentState.PAID,
        declaration__payer_id_index=declaration.payer_id_index, declaration__region=declaration.region,
        declaration__insurance_type=declaration.insurance_type,
        declaration__period_start__gt=declaration.period_start,
    ).distinct().values_list("payment_id", flat=True)
    return sorted({int(i) for i in ids})  # type: ignore[call-overload]


async def post_waiting(services: Services, declaration: Declaration) -> None:
    """Post the later shares of the same payer and insurance type that waited for this one
    (now posted or voided)."""
    if (await Declaration.get(id=declaration.id)).state == DeclarationState.PROCESSING:
        return
    waiting = await PaymentItem.filter(
        posting_state=PostingState.NOT_POSTED, payment__state=PaymentState.PAID,
        declaration__payer_id_index=declaration.payer_id_index, declaration__region=declaration.region,
        declaration__insurance_type=declaration.insurance_type,
        declaration__period_start__gt=declaration.period_start,
    ).order_by("declaration__period_start", "id")
    for item in waiting:
        await post_item(services, await Payment.get(id=item.payment_id), item)


async def apply_posting(item: PaymentItem, result: up.PostingResult, expect: list[PostingState]) -> None:
    """Apply upstream's answer about one share's posting (compare-and-set on `expect`)."""
    if result.state == up.PostingState.POSTED:
        await set_posting(
            item, PostingState.POSTED, actor=ACTOR, expect=expect, posting_ref=result.upstream_ref,
            posted_at=result.posted_at or clock.now(),
        )
    elif result.state == up.PostingState.REJECTED and result.reason_code in RETRYABLE:
        await set_posting(item, PostingState.NOT_POSTED, actor=ACTOR, expect=expect, reason_code=HELD,
                          reason=result.reason)
    elif result.state == up.PostingState.REJECTED:
        await set_posting(
            item, PostingState.FAILED, actor=ACTOR, expect=expect, reason_code=result.reason_code, reason=result.reason
        )
    else:  # upstream never saw it: safe to post again with the same posting_no
        await set_posting(item, PostingState.NOT_POSTED, actor=ACTOR, expect=expect, reason_code="not_found_upstream")


async def post_payment(services: Services, payment: Payment) -> None:
    """Post every share of a paid payment that has not been posted yet."""
    if payment.state != PaymentState.PAID:
        return
    items = await PaymentItem.filter(payment_id=payment.id, posting_state=PostingState.NOT_POSTED).order_by(
        "declaration__period_start", "id"
    )
    for item in items:
        await post_item(services, payment, item)


async def sync_unknown_postings(services: Services, payment: Payment) -> None:
    """Ask upstream about shares whose posting result is unknown (or whose poster vanished while
    asking), then post what never arrived (the posting job's work)."""
    await ask_about_unknown_postings(services, payment)
    await post_payment(services, payment)


async def ask_about_unknown_postings(services: Services, payment: Payment) -> None:
    """Only ask (查验状态): sync the shares whose posting result is unknown by querying upstream;
    post nothing (posting is the job's)."""
    stale = clock.now() - STALE_POSTING
    for item in await PaymentItem.filter(
        payment_id=payment.id, posting_state=PostingState.POSTING, updated_at__lt=stale
    ):
        await set_posting(item, PostingState.UNKNOWN, actor=ACTOR, expect=[PostingState.POSTING],
                          reason_code="result_unknown", reason="提交到账确认后未得到结果")
    for item in await PaymentItem.filter(payment_id=payment.id, posting_state=PostingState.UNKNOWN):
        try:
            result = await services.upstream.query_posting(item.posting_no)
        except up.UpstreamError:
            continue  # still unknown; the next refresh or the retry job asks again
        await apply_posting(item, result, expect=[PostingState.UNKNOWN])
        declaration = await Declaration.get(id=item.declaration_id)
        if (await PaymentItem.get(id=item.id)).posting_state == PostingState.FAILED:
            await release_assessment(services, declaration)
        for payment_id in await waiting_payments(declaration):
            await services.queue.defer_posting(payment_id)
