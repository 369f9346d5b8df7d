"""日切对账: the WeChat sandbox's real statement, our records and upstream's postings, three ways.

Payments are made through the real HTTP API and the sandbox; where a test needs an exact
inconsistency it changes one row (ours, the sandbox's or upstream's) and says why. Posting may run
as a job: the tests wait for the state they need. The sandbox and upstream stamp what they do
with the real clock, so the day reconciled is today in Asia/Shanghai.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import hashlib
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import pytest

from app import clock
from app.commands.reconciliation import EXIT_DONE, EXIT_FAILED, EXIT_NEEDS_PERSON, ProgressBars, print_summary
from app.events.models import Event
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.reconciliation.models import (
    DifferenceKind,
    DifferenceState,
    ReconciliationDifference,
    ReconciliationRun,
    RunState,
)
from app.reconciliation.services import reconcile
from app.refunds.models import Refund, RefundState
from payment_channels import interfaces as ch
from sandboxes.wechat_pay import sandbox as sandbox_module
from sandboxes.wechat_pay.bill import render_trade_bill
from tests.api.support import checkout, declare, options_for, signed_in_person

K, S = DifferenceKind, DifferenceState


def today() -> date:
    return clock.in_china().date()


@pytest.fixture
async def live(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    """A clean statement (the session's sandbox forgets earlier tests' orders) and an upstream that
    posts on the real day, like the sandbox pays on it."""
    wechat_sandbox.orders.clear()
    wechat_sandbox.refunds.clear()
    upstream.clock = lambda: clock.now()
    return services


async def settled(services: Any, check: Callable[[], Awaitable[bool]], seconds: float = 15.0) -> None:
    """Wait until `check` holds, running the job queue (posting, refunds) meanwhile if there is one."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        queue = getattr(services, "queue", None)
        if queue is not None and hasattr(queue, "drain"):
            await queue.drain()
        if await check():
            return
        assert asyncio.get_running_loop().time() < deadline, "the state the test waits for never came"
        await asyncio.sleep(0.05)


async def _ordered(client, services, sandbox, region: str = "hubei",  # type: ignore[no-untyped-def]
                   insurance_type: str = "resident_medical") -> dict[str, Any]:
    headers, _ = await signed_in_person(client, sandbox, region, insurance_type)
    declaration = await declare(client, headers, options_for(services, region, insurance_type))
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 200, r.text
    return dict(r.json()["payment"])


async def paid(client, services, sandbox, *, posted: bool = True, **where: str) -> Payment:  # type: ignore[no-untyped-def]
    """A payment the payer paid in WeChat and the sandbox notified us of; waits until its shares
    posted (`posted`) or at least until it is paid."""
    shown = await _ordered(client, services, sandbox, **where)
    sandbox.confirm_payment(shown["out_trade_no"])
    await sandbox.deliver_payment_notification(shown["out_trade_no"])

    async def ready() -> bool:
        payment = await Payment.get(id=shown["id"])
        states = set(await PaymentItem.filter(payment_id=payment.id).values_list("posting_state", flat=True))
        return payment.state == PaymentState.PAID and (not posted or states == {PostingState.POSTED})

    await settled(services, ready)
    return await Payment.get(id=shown["id"])


async def refunded(client, services, sandbox, upstream, *, notify: bool = True) -> tuple[Payment, Refund]:  # type: ignore[no-untyped-def]
    """A paid share upstream refused for good, refunded; the sandbox completes the refund (and
    notifies us, if `notify`)."""
    upstream.set_fault("post_payment", "reject:not_enrolled", count=1)
    payment = await paid(client, services, sandbox, posted=False, region="guizhou", insurance_type="flexible_pension")

    async def sent() -> bool:
        found = await Refund.get_or_none(payment_id=payment.id)
        return found is not None and found.state == RefundState.PROCESSING

    await settled(services, sent)
    refund = await Refund.get(payment_id=payment.id)
    sandbox.complete_refund(refund.out_refund_no)
    if notify:
        assert await sandbox.deliver_refund_notification(refund.out_refund_no) == [200]
        await settled(services, lambda: _refund_in(refund.id, RefundState.SUCCEEDED))
    return payment, await Refund.get(id=refund.id)


async def _refund_in(refund_id: int, state: RefundState) -> bool:
    return (await Refund.get(id=refund_id)).state == state


async def differences(run: ReconciliationRun | None = None) -> dict[tuple[str, str], ReconciliationDifference]:
    found = ReconciliationDifference.filter(run_id=run.id) if run else ReconciliationDifference.all()
    return {(d.kind.value, d.out_refund_no or d.posting_no or d.out_trade_no or ""): d for d in await found}


def one(found: dict[tuple[str, str], ReconciliationDifference], kind: DifferenceKind) -> ReconciliationDifference:
    matching = [d for (k, _), d in found.items() if k == kind.value]
    assert len(matching) == 1, (kind, sorted(found))
    return matching[0]


# ---- a clean day ----

async def test_a_clean_day_matches_every_line_and_finds_nothing(client, live, wechat_sandbox, upstream):
    first = await paid(client, live, wechat_sandbox)
    second = await paid(client, live, wechat_sandbox, region="beijing")
    with_refund, refund = await refunded(client, live, wechat_sandbox, upstream)
    seen: list[tuple[str, int, int | None]] = []

    run = await reconcile(live, "wechat_pay", today(), lambda stage, done, total: seen.append((stage, done, total)))

    assert run.state == RunState.DONE and run.error is None and run.finished_at is not None
    assert (run.statement_lines, run.matched, run.differences, run.auto_resolved) == (4, 4, 0, 0)
    assert await ReconciliationDifference.all().count() == 0
    bill = render_trade_bill(wechat_sandbox._bill_lines(today())).encode()
    assert run.statement_sha1 == hashlib.sha1(bill).hexdigest()
    assert upstream.calls["list_postings"] >= 1
    assert ("read", 4, 4) in seen and ("postings", 2, None) in seen and ("compare", 3, 3) in seen
    assert {first.out_trade_no, second.out_trade_no, with_refund.out_trade_no} <= set(wechat_sandbox.orders)
    assert refund.state == RefundState.SUCCEEDED
    assert await print_summary(run, postings=2) == EXIT_DONE


async def test_the_statement_of_a_day_without_trades(client, live, wechat_sandbox, upstream):
    await paid(client, live, wechat_sandbox)  # today's: not on the statement of a day long ago
    run = await reconcile(live, "wechat_pay", date(2020, 1, 6))
    assert run.state == RunState.DONE
    assert (run.statement_lines, run.matched, run.differences, run.auto_resolved) == (0, 0, 0, 0)
    assert await ReconciliationDifference.all().count() == 0


# ---- debits ----

async def test_a_debit_we_never_heard_of_is_settled_by_asking_the_channel(client, live, wechat_sandbox, upstream):
    order = await _ordered(client, live, wechat_sandbox)
    wechat_sandbox.confirm_payment(order["out_trade_no"])  # paid; the notification never arrives
    assert (await Payment.get(id=order["id"])).state == PaymentState.AWAITING_PAYMENT

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.PAID_UNKNOWN_HERE)
    assert (diff.state, diff.resolved_by, diff.payment_id) == (S.AUTO_RESOLVED, "system:reconciliation", order["id"])
    assert diff.channel_amount_fen == diff.local_amount_fen == order["amount_fen"]
    assert order["out_trade_no"] in diff.evidence["statement"][0]["text"]
    assert diff.evidence["ours"]["payment"]["state"] == "awaiting_payment"  # as it was found
    assert diff.evidence["answer"]["state"] == "paid" and diff.resolution
    assert (run.differences, run.auto_resolved, run.matched, run.statement_lines) == (1, 1, 0, 1)
    payment = await Payment.get(id=order["id"])
    assert payment.state == PaymentState.PAID and payment.transaction_id
    await settled(live, lambda: _all_posted(payment.id))  # and its share posts as any paid one does
    moves = await Event.filter(entity="recon_difference", entity_id=diff.id).order_by("id").values_list(
        "to_state", flat=True)
    assert list(moves) == ["open", "auto_resolved"]


async def _all_posted(payment_id: int) -> bool:
    states = await PaymentItem.filter(payment_id=payment_id).values_list("posting_state", flat=True)
    return set(states) == {PostingState.POSTED}


async def test_a_debit_of_an_order_we_never_issued_needs_a_person(client, live, wechat_sandbox, upstream):
    await live.channel("wechat_pay").create_order(ch.OrderRequest(
        out_trade_no="ELSEWHERE20261130001", description="别处的订单", amount_fen=12_300, payer_ref="o-stranger",
        notify_url=f"{live.notify_base}/notify/wechat_pay"))
    wechat_sandbox.confirm_payment("ELSEWHERE20261130001")

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.PAID_UNKNOWN_HERE)
    assert (diff.state, diff.out_trade_no, diff.payment_id) == (S.NEEDS_PERSON, "ELSEWHERE20261130001", None)
    assert diff.channel_amount_fen == 12_300 and diff.resolution is None
    assert "`ELSEWHERE20261130001" in diff.evidence["statement"][0]["text"] and diff.evidence["ours"] == {}
    assert await Payment.all().count() == 0  # nothing is invented to match it
    assert await print_summary(run) == EXIT_NEEDS_PERSON


async def test_an_amount_that_differs_needs_a_person_and_is_never_applied(client, live, wechat_sandbox, upstream):
    payment = await paid(client, live, wechat_sandbox)
    # our record says one fen more than the channel debited
    await Payment.filter(id=payment.id).update(amount_fen=payment.amount_fen + 1,
                                               paid_amount_fen=payment.amount_fen + 1)

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.AMOUNT_MISMATCH)
    assert diff.state == S.NEEDS_PERSON and diff.out_trade_no == payment.out_trade_no
    assert (diff.channel_amount_fen, diff.local_amount_fen) == (payment.amount_fen, payment.amount_fen + 1)
    assert diff.evidence["ours"]["payment"]["amount_fen"] == payment.amount_fen + 1
    assert (run.matched, run.differences) == (0, 1)
    assert await Refund.all().count() == 0 and wechat_sandbox.refunds == {}


async def test_paid_here_but_not_on_the_statement(client, live, wechat_sandbox, upstream):
    late = await paid(client, live, wechat_sandbox)
    gone = await paid(client, live, wechat_sandbox, region="beijing")
    # the channel's statement of today lacks `late` (it still says SUCCESS when asked) …
    wechat_sandbox.orders[late.out_trade_no].success_time = clock.in_china() - timedelta(days=2)
    # … and no longer knows `gone` at all
    del wechat_sandbox.orders[gone.out_trade_no]

    run = await reconcile(live, "wechat_pay", today())

    found = await differences(run)
    assert set(found) == {(K.PAID_NOT_AT_CHANNEL.value, gone.out_trade_no),
                          (K.PAID_NOT_AT_CHANNEL.value, late.out_trade_no)}
    waiting = found[(K.PAID_NOT_AT_CHANNEL.value, late.out_trade_no)]
    assert waiting.state == S.OPEN and waiting.evidence["answer"]["provider_state"] == "SUCCESS"
    assert waiting.evidence["statement"] == [] and "次日" in waiting.evidence["verdict"]
    lost = found[(K.PAID_NOT_AT_CHANNEL.value, gone.out_trade_no)]
    assert lost.state == S.NEEDS_PERSON and lost.evidence["answer"]["state"] == "not_found"
    assert (await Payment.get(id=gone.id)).state == PaymentState.PAID  # ours is never changed for it

    # the next day's statement lists the late one: the open difference is settled by it
    tomorrow = today() + timedelta(days=1)
    wechat_sandbox.orders[late.out_trade_no].success_time = clock.in_china() + timedelta(days=1)
    nxt = await reconcile(live, "wechat_pay", tomorrow)
    assert nxt.state == RunState.DONE and (nxt.statement_lines, nxt.matched) == (1, 1)
    await waiting.refresh_from_db()
    assert waiting.state == S.RESOLVED and str(tomorrow) in (waiting.resolution or "")
    await lost.refresh_from_db()
    assert lost.state == S.NEEDS_PERSON


async def test_a_late_debit_still_missing_the_next_day_goes_to_a_person(client, live, wechat_sandbox, upstream):
    late = await paid(client, live, wechat_sandbox)
    wechat_sandbox.orders[late.out_trade_no].success_time = clock.in_china() - timedelta(days=2)
    await reconcile(live, "wechat_pay", today())
    await reconcile(live, "wechat_pay", today() + timedelta(days=1))
    diff = one(await differences(), K.PAID_NOT_AT_CHANNEL)
    assert diff.state == S.NEEDS_PERSON and "仍未列入" in diff.evidence["verdict"]


# ---- postings ----

async def test_a_posting_upstream_made_that_we_hold_unknown_is_settled_by_asking(
    client, live, wechat_sandbox, upstream
):
    upstream.set_fault("post_payment", "unknown", count=1)  # upstream posted; we never heard
    payment = await paid(client, live, wechat_sandbox, posted=False)
    item = await PaymentItem.get(payment_id=payment.id)
    if item.posting_state == PostingState.POSTED:
        pytest.skip("the posting job asked upstream before the reconciliation did")
    assert item.posting_no in upstream.postings

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.POSTED_WITHOUT_MONEY)
    assert (diff.state, diff.posting_no) == (S.AUTO_RESOLVED, item.posting_no)
    assert diff.upstream_amount_fen == diff.local_amount_fen == item.amount_fen
    assert diff.evidence["upstream"]["posting_no"] == item.posting_no
    assert diff.evidence["ours"]["items"][0]["posting_state"] == item.posting_state.value
    assert (await PaymentItem.get(id=item.id)).posting_state == PostingState.POSTED
    assert (run.matched, run.auto_resolved) == (1, 1)


async def test_a_posting_we_hold_not_posted_is_asked_about_never_posted_again(client, live, wechat_sandbox, upstream):
    payment = await paid(client, live, wechat_sandbox)
    item = await PaymentItem.get(payment_id=payment.id)
    # ours lost the answer: the share is back to not posted, though upstream has it
    await PaymentItem.filter(id=item.id).update(posting_state=PostingState.NOT_POSTED, posted_at=None)
    posts = upstream.calls["post_payment"]

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.POSTED_WITHOUT_MONEY)
    assert diff.state == S.AUTO_RESOLVED and diff.evidence["ours"]["items"][0]["posting_state"] == "not_posted"
    assert (await PaymentItem.get(id=item.id)).posting_state == PostingState.POSTED
    assert upstream.calls["post_payment"] == posts and upstream.calls["query_posting"] >= 1  # asked, not posted


async def test_posted_upstream_while_we_hold_the_payment_unpaid_needs_a_person(
    client, live, wechat_sandbox, upstream
):
    payment = await paid(client, live, wechat_sandbox)
    # ours says the debit's result is unknown and the share unposted, yet upstream posted it (and
    # the channel's statement of today lacks the debit)
    await Payment.filter(id=payment.id).update(state=PaymentState.UNKNOWN)
    await PaymentItem.filter(payment_id=payment.id).update(posting_state=PostingState.NOT_POSTED, posted_at=None)
    wechat_sandbox.orders[payment.out_trade_no].success_time = clock.in_china() - timedelta(days=2)

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.POSTED_WITHOUT_MONEY)
    assert diff.state == S.NEEDS_PERSON and diff.payment_id == payment.id
    assert diff.evidence["answer"]["provider_state"] == "SUCCESS"  # asked, for the person; not applied
    assert diff.evidence["upstream"]["amount_fen"] == diff.upstream_amount_fen
    assert (await Payment.get(id=payment.id)).state == PaymentState.UNKNOWN
    assert (await PaymentItem.get(payment_id=payment.id)).posting_state == PostingState.NOT_POSTED
    assert await Refund.all().count() == 0


async def test_posted_here_but_missing_upstream_needs_a_person(client, live, wechat_sandbox, upstream):
    payment = await paid(client, live, wechat_sandbox)
    item = await PaymentItem.get(payment_id=payment.id)
    del upstream.postings[item.posting_no]  # upstream lost it

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.NOT_POSTED_UPSTREAM)
    assert (diff.state, diff.posting_no, diff.local_amount_fen) == (S.NEEDS_PERSON, item.posting_no, item.amount_fen)
    assert diff.evidence["answer"]["state"] == "not_found"
    assert (await PaymentItem.get(id=item.id)).posting_state == PostingState.POSTED  # never posted again by us
    assert run.matched == 1  # the statement line itself agrees


# ---- refunds ----

async def test_a_refund_we_hold_open_is_settled_by_asking(client, live, wechat_sandbox, upstream):
    payment, refund = await refunded(client, live, wechat_sandbox, upstream, notify=False)
    assert refund.state == RefundState.PROCESSING

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.REFUND_UNKNOWN_HERE)
    assert (diff.state, diff.out_refund_no, diff.refund_id) == (S.AUTO_RESOLVED, refund.out_refund_no, refund.id)
    assert refund.out_refund_no in diff.evidence["statement"][0]["text"]
    assert (await Refund.get(id=refund.id)).state == RefundState.SUCCEEDED
    assert len([r for r in wechat_sandbox.refunds.values() if r.out_trade_no == payment.out_trade_no]) == 1


async def test_a_refund_we_never_asked_for_needs_a_person(client, live, wechat_sandbox, upstream):
    payment = await paid(client, live, wechat_sandbox)
    await live.channel("wechat_pay").refund(ch.RefundRequest(
        out_trade_no=payment.out_trade_no, out_refund_no="ELSEWHERER0001", amount_fen=100,
        total_fen=payment.amount_fen, reason="别处发起", notify_url=f"{live.notify_base}/notify/wechat_pay"))
    wechat_sandbox.complete_refund("ELSEWHERER0001")

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.REFUND_UNKNOWN_HERE)
    assert (diff.state, diff.out_refund_no, diff.channel_amount_fen) == (S.NEEDS_PERSON, "ELSEWHERER0001", 100)
    assert diff.evidence["ours"] == {} and (run.matched, run.statement_lines) == (1, 2)


async def test_refunded_here_but_not_on_the_statement_needs_a_person(client, live, wechat_sandbox, upstream):
    _, refund = await refunded(client, live, wechat_sandbox, upstream)
    wechat_sandbox.refunds[refund.out_refund_no].status = "CLOSED"  # the channel now says it never paid out

    run = await reconcile(live, "wechat_pay", today())

    diff = one(await differences(run), K.REFUND_NOT_AT_CHANNEL)
    assert (diff.state, diff.refund_id, diff.local_amount_fen) == (S.NEEDS_PERSON, refund.id, refund.amount_fen)
    assert diff.evidence["answer"]["provider_state"] == "CLOSED" and diff.evidence["statement"] == []
    assert (await Refund.get(id=refund.id)).state == RefundState.SUCCEEDED


async def test_a_refund_that_appears_twice_and_refunds_beyond_the_payment(
    client, live, wechat_sandbox, upstream, monkeypatch
):
    payment, refund = await refunded(client, live, wechat_sandbox, upstream)
    real_lines = wechat_sandbox._bill_lines

    def doubled(day: date) -> list[Any]:
        lines = real_lines(day)
        line = next(x for x in lines if x.out_refund_no == refund.out_refund_no)
        extra = dataclasses.replace(line, out_refund_no="ELSEWHERER0002", refund_id="50x2")
        return [*lines, line, extra]  # the same refund again, and another of the whole order

    monkeypatch.setattr(wechat_sandbox, "_bill_lines", doubled)

    run = await reconcile(live, "wechat_pay", today())

    found = await differences(run)
    twice = found[(K.REFUNDED_TWICE.value, refund.out_refund_no)]
    assert twice.state == S.NEEDS_PERSON and twice.channel_amount_fen == 2 * refund.amount_fen
    assert len(twice.evidence["statement"]) == 2
    beyond = found[(K.REFUNDED_TWICE.value, payment.out_trade_no)]
    assert beyond.state == S.NEEDS_PERSON and beyond.channel_amount_fen == 2 * refund.amount_fen
    assert beyond.local_amount_fen == payment.amount_fen
    assert found[(K.REFUND_UNKNOWN_HERE.value, "ELSEWHERER0002")].state == S.NEEDS_PERSON
    assert await Refund.all().count() == 1 and (await Refund.get(id=refund.id)).state == RefundState.SUCCEEDED


# ---- reruns ----

async def test_a_rerun_finds_the_same_differences_and_resolves_what_became_consistent(
    client, live, wechat_sandbox, upstream
):
    fixed = await paid(client, live, wechat_sandbox)
    await Payment.filter(id=fixed.id).update(amount_fen=fixed.amount_fen + 1, paid_amount_fen=fixed.amount_fen + 1)
    order = await _ordered(client, live, wechat_sandbox, region="beijing")
    wechat_sandbox.confirm_payment(order["out_trade_no"])
    await live.channel("wechat_pay").create_order(ch.OrderRequest(
        out_trade_no="ELSEWHERE20261130002", description="别处的订单", amount_fen=500, payer_ref="o-stranger",
        notify_url=f"{live.notify_base}/notify/wechat_pay"))
    wechat_sandbox.confirm_payment("ELSEWHERE20261130002")

    first = await reconcile(live, "wechat_pay", today())
    before = {d.key: (d.id, d.state) for d in await ReconciliationDifference.all()}
    assert sorted(state for _, state in before.values()) == [S.AUTO_RESOLVED, S.NEEDS_PERSON, S.NEEDS_PERSON]

    second = await reconcile(live, "wechat_pay", today())
    after = {d.key: (d.id, d.state) for d in await ReconciliationDifference.all()}
    assert after == before  # the same rows, by key: nothing new
    assert (second.differences, second.auto_resolved, second.matched) == (2, 0, 1)
    assert second.id != first.id

    # a person corrects our amount; the next run finds it consistent
    await Payment.filter(id=fixed.id).update(amount_fen=fixed.amount_fen, paid_amount_fen=fixed.amount_fen)
    third = await reconcile(live, "wechat_pay", today())
    mismatch = await ReconciliationDifference.get(kind=K.AMOUNT_MISMATCH)
    assert (mismatch.state, mismatch.resolution, mismatch.resolved_by) == (
        S.RESOLVED, "再次对账已一致", "system:reconciliation")
    assert mismatch.run_id == third.id and third.differences == 1
    assert await ReconciliationDifference.all().count() == 3
    stranger = await ReconciliationDifference.get(out_trade_no="ELSEWHERE20261130002")
    assert stranger.state == S.NEEDS_PERSON


async def test_a_person_s_resolution_stands_when_the_difference_is_found_again(client, live, wechat_sandbox, upstream):
    await live.channel("wechat_pay").create_order(ch.OrderRequest(
        out_trade_no="ELSEWHERE20261130003", description="别处的订单", amount_fen=500, payer_ref="o-stranger",
        notify_url=f"{live.notify_base}/notify/wechat_pay"))
    wechat_sandbox.confirm_payment("ELSEWHERE20261130003")
    await reconcile(live, "wechat_pay", today())
    await ReconciliationDifference.all().update(state=S.RESOLVED, resolution="已线下退还", resolved_by="staff:7")
    again = await reconcile(live, "wechat_pay", today())
    diff = await ReconciliationDifference.get()
    assert (diff.state, diff.resolution, diff.resolved_by, diff.run_id) == (
        S.RESOLVED, "已线下退还", "staff:7", again.id)
    assert await print_summary(again) == EXIT_DONE


# ---- runs that cannot finish ----

async def test_a_statement_whose_hash_does_not_match_fails_the_run_and_writes_nothing(
    client, live, wechat_sandbox, upstream, monkeypatch
):
    await live.channel("wechat_pay").create_order(ch.OrderRequest(
        out_trade_no="ELSEWHERE20261130004", description="别处的订单", amount_fen=500, payer_ref="o-stranger",
        notify_url=f"{live.notify_base}/notify/wechat_pay"))
    wechat_sandbox.confirm_payment("ELSEWHERE20261130004")  # a difference, were the statement trusted

    class Tampered(dict):  # type: ignore[type-arg]
        """The bill file as downloaded: one amount changed on the way (the hash is of the original)."""

        def get(self, key: Any, default: Any = None) -> Any:
            content = super().get(key, default)
            if content is None:
                return None
            if content[:2] == b"\x1f\x8b":
                return gzip.compress(gzip.decompress(content).replace(b"5.00", b"9.00"))
            return content.replace(b"5.00", b"9.00")

    monkeypatch.setattr(wechat_sandbox, "_bills", Tampered())

    run = await reconcile(live, "wechat_pay", today())

    assert run.state == RunState.FAILED and "BILL_HASH_MISMATCH" in (run.error or "")
    assert run.finished_at is not None and await ReconciliationDifference.all().count() == 0
    assert await print_summary(run) == EXIT_FAILED


async def test_a_truncated_statement_fails_the_run_and_writes_nothing(
    client, live, wechat_sandbox, upstream, monkeypatch
):
    await paid(client, live, wechat_sandbox)
    await paid(client, live, wechat_sandbox, region="beijing")
    await Payment.all().update(amount_fen=1)  # differences, were the statement trusted

    def truncated(lines: list[Any]) -> str:
        whole = render_trade_bill(lines).split("\r\n")
        return "\r\n".join(whole[:2] + whole[3:])  # a row lost, the summary kept (and hashed as sent)

    monkeypatch.setattr(sandbox_module, "render_trade_bill", truncated)

    run = await reconcile(live, "wechat_pay", today())

    assert run.state == RunState.FAILED and "summary_mismatch" in (run.error or "")
    assert await ReconciliationDifference.all().count() == 0


async def test_an_unavailable_statement_or_upstream_list_fails_the_run(client, live, wechat_sandbox, upstream):
    wechat_sandbox.set_fault("trade_bill", "down", count=1)
    run = await reconcile(live, "wechat_pay", today())
    assert run.state == RunState.FAILED and "对账单不可用" in (run.error or "")

    upstream.set_fault("list_postings", "down", count=1)
    run = await reconcile(live, "wechat_pay", today())
    assert run.state == RunState.FAILED and "到账信息不可用" in (run.error or "")
    assert await ReconciliationDifference.all().count() == 0
    with pytest.raises(ValueError):
        await reconcile(live, "no_such_channel", today())


async def test_the_progress_bars_follow_every_stage(client, live, wechat_sandbox, upstream, capsys):
    await paid(client, live, wechat_sandbox)
    bars = ProgressBars()
    run = await reconcile(live, "wechat_pay", today(), bars)
    bars.close()
    assert set(bars.bars) >= {"read", "postings", "compare"} and bars.postings == 1
    assert bars.bars["read"].n == run.statement_lines == 1
    assert await print_summary(run, bars.postings) == EXIT_DONE
    out = capsys.readouterr().out
    assert "statement lines" in out and "upstream postings" in out


async def test_the_command_prints_the_summary_and_says_who_must_act(
    client, live, wechat_sandbox, upstream, monkeypatch, capsys
):
    import app.bootstrap
    from app import db
    from app.commands.reconciliation import reconcile_command

    async def nothing(*args: Any, **kwargs: Any) -> None:
        return None

    async def the_services(*args: Any, **kwargs: Any) -> Any:
        return live

    monkeypatch.setattr(db, "connect", nothing)  # the suite's database is connected already
    monkeypatch.setattr(db, "disconnect", nothing)
    monkeypatch.setattr(app.bootstrap, "build_services", the_services)
    monkeypatch.setattr(app.bootstrap, "close_services", nothing)

    assert await reconcile_command(live.settings, date(2020, 1, 6), "wechat_pay") == EXIT_DONE
    await live.channel("wechat_pay").create_order(ch.OrderRequest(
        out_trade_no="ELSEWHERE20261130005", description="别处的订单", amount_fen=500, payer_ref="o-stranger",
        notify_url=f"{live.notify_base}/notify/wechat_pay"))
    wechat_sandbox.confirm_payment("ELSEWHERE20261130005")
    assert await reconcile_command(live.settings, today(), "wechat_pay") == EXIT_NEEDS_PERSON
    out = capsys.readouterr().out
    assert "paid_unknown_here" in out and "需人工处理" in out
    assert await reconcile_command(live.settings, today(), "unionpay") == EXIT_FAILED
