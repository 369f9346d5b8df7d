"""Issue 7's fault matrix: kill the worker at every step of posting, refunds and reconciliation;
channel and upstream down, slow, answering unknown — and after recovery every debit is posted or
refunded, none twice, the ledger balancing to the fen (`tests/api/ledger.py`).

How a crash is simulated (procrastinate 3.10, read from `procrastinate/worker.py`):

* `Worker._process_job` catches **BaseException** from a task — a `Crash(BaseException)`, even
  `SystemExit` — and treats it like any failure: the job is FAILED or, with our RetryStrategy,
  put back `todo` with back-off. That is *not* what a killed process leaves behind, so letting
  the Crash escape unaided would test a kinder world than production.
* A killed worker (SIGKILL, OOM, a lost VM) leaves its job row `doing`, owned by its worker id,
  and its `procrastinate_workers` row with a heartbeat that stops moving; what its own
  transactions committed stays, what they had not committed is gone; nothing after the fatal
  line runs (no `finally` that writes, no status, no unregistering). The job's `lock`
  (`payment:<id>`) stays taken, so no other job of that payment runs meanwhile.
* `Killer` builds exactly that: a monkeypatched function raises `Crash` at a precise point; the
  worker's `_log_job_outcome` notes the job it escaped from, `_persist_job_status` then writes
  nothing for that job and stops the worker (the dead process fetches nothing more), and
  `unregister_worker` is skipped for it. Recovery is what production does a while later: the
  heartbeat is made old (an UPDATE of `procrastinate_workers.last_heartbeat`, or the in-memory
  connector's worker map), `retry_stalled()` — the `retry_stalled_jobs` sweep — puts the job
  back, the worker runs it again.
* What a Crash cannot reproduce: `async with` blocks still exit on the way out, so a KV lock held
  at the crash is released at once (a killed process's Redis lock would live until its TTL; the
  in-process store dies with the process). The reconciliation scenario re-creates the orphaned
  lock on Redis by hand. A crash inside a request handler (the notification) is simulated by
  calling the handler's service function directly and letting the Crash reach the test.

Time is moved by updating rows (`updated_at`, `posting_deadline`), never by sleeping. So is the
queue's back-off: a task that raises RetryLater is retried by procrastinate after 3 s, 9 s, 27 s
(`app.jobs.queue.RETRY`), which would elapse in real time inside a `drain()` and run the job again while
the fault is still on. The `fresh` fixture stretches the first wait to an hour (same attempts,
same exponential back-off after) and `time_passes()` makes every waiting job due, as an hour
later would. The sweeps are the periodic tasks of `app.tasks` (`SWEEPS`), each called with the
services as its job is, then `drain()` runs what they deferred.

Defects this matrix found, fixed, and kept as its regression tests (D1, D2, D3 below): D1 an
assessment of a share refused for good was never released upstream if the release step was lost
(now recorded, and swept until upstream confirms); D2 on PostgreSQL a payment's job waiting for its
back-off blocked the payment's other jobs (procrastinate's lock; jobs of a payment now run side by
side, being compare-and-set); D3 a frozen poster's late request posted a share already given up and
refunded (the deadline now fences: release upstream first, ask, only then give up).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import pytest
from procrastinate import RetryStrategy
from procrastinate import utils as proc_utils
from procrastinate import worker as proc_worker

from app import clock, tasks
from app.declarations.models import Declaration
from app.events.models import Event
from app.jobs.queue import RETRY, WORK_QUEUE
from app.notifications import services as notifications_module
from app.notifications.models import ChannelNotification
from app.notifications.services import handle_notification
from app.payments import posting as posting_module
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.reconciliation import services as recon_module
from app.reconciliation.models import ReconciliationDifference, ReconciliationRun, RunState
from app.refunds.models import Refund, RefundState
from app.upstream.interfaces import UpstreamUnavailable
from tests.api.ledger import assert_ledger
from tests.api.payer_steps import add_saved, demo, payer_body, signed_in_as
from tests.api.support import BACK, current, declare, declared, options_for
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL, bound_services, drain

FAST = 0.05  # the sandboxes' slow_seconds in this module
REFUSED = "reject:not_enrolled"  # upstream's refusal for good (该人员未参加该险种)


class Crash(BaseException):
    """The process dies on this line (SIGKILL, OOM): nothing after it runs."""


# ---------------------------------------------------------------------------------------------
# the dead worker


class Killer:
    """Crash points, and a worker that dies of them the way a killed process does (module doc)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, services: Any) -> None:
        self.monkeypatch = monkeypatch
        self.services = services
        self.fired: list[str] = []
        self.dead_workers: list[int] = []
        self._crashed_jobs: set[int] = set()
        killer = self
        real_log = proc_worker.Worker._log_job_outcome
        real_persist = proc_worker.Worker._persist_job_status

        def log_outcome(worker: Any, **kwargs: Any) -> Any:
            if isinstance(kwargs.get("exc_info"), Crash):
                killer._crashed_jobs.add(kwargs["context"].job.id)
            return real_log(worker, **kwargs)

        async def persist(worker: Any, **kwargs: Any) -> Any:
            if kwargs["job"].id in killer._crashed_jobs:  # the process is gone: the row stays `doing`
                killer._crashed_jobs.discard(kwargs["job"].id)
                killer.dead_workers.append(worker.worker_id)
                worker.stop()
                return None
            return await real_persist(worker, **kwargs)

        manager = services.queue.app.job_manager
        real_unregister = manager.unregister_worker

        async def unregister(worker_id: int) -> None:
            if worker_id not in killer.dead_workers:  # a dead worker does not say goodbye
                await real_unregister(worker_id)

        monkeypatch.setattr(proc_worker.Worker, "_log_job_outcome", log_outcome)
        monkeypatch.setattr(proc_worker.Worker, "_persist_job_status", persist)
        monkeypatch.setattr(manager, "unregister_worker", unregister)

    def at(self, target: Any, name: str, *, after: bool = False, call: int = 1,
           when: Callable[..., bool] | None = None) -> None:
        """`target.name` (async) crashes on its `call`-th matching call: before doing anything,
        or (`after`) once the real call has returned (its effect is done, ours is not written)."""
        real = getattr(target, name)
        seen = [0]
        label = f"{getattr(target, '__name__', type(target).__name__)}.{name}{' (after)' if after else ''}"

        async def crashing(*args: Any, **kwargs: Any) -> Any:
            if when is None or when(*args, **kwargs):
                seen[0] += 1
                if seen[0] == call:
                    if after:
                        await real(*args, **kwargs)
                    self.fired.append(label)
                    raise Crash(label)
            return await real(*args, **kwargs)

        self.monkeypatch.setattr(target, name, crashing)

    async def worker_found_dead(self) -> int:
        """Later: the dead worker's heartbeat is old; retry_stalled puts its jobs back."""
        queue = self.services.queue
        if self.dead_workers:
            if queue.in_memory:
                for worker_id in self.dead_workers:
                    queue.app.connector.workers[worker_id] = proc_utils.utcnow() - timedelta(hours=1)
            else:
                await queue.app.connector.execute_query_async(
                    "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour' "
                    "WHERE id = ANY(%(ids)s)", ids=self.dead_workers)
        return await queue.retry_stalled()


async def stalled_jobs(services: Any) -> list[Any]:
    """Jobs left `doing` (by a dead worker)."""
    return [j for j in await services.queue.app.job_manager.list_jobs_async(status="doing")]


# ---------------------------------------------------------------------------------------------
# recovery as production does it


async def time_passes(minutes: int = 10) -> None:
    """Every row was last touched `minutes` ago (the sweeps' and the stale-POSTING thresholds), and
    every job waiting for its back-off (RetryLater) is due."""
    then = clock.now() - timedelta(minutes=minutes)
    await Payment.all().update(updated_at=then)
    await PaymentItem.all().update(updated_at=then)
    await Refund.all().update(updated_at=then)
    queue = bound_services().queue
    if queue.in_memory:
        now = proc_utils.utcnow()
        connector: Any = queue.app.connector
        for job in connector.jobs.values():
            if job["status"] == "todo" and job["scheduled_at"] and job["scheduled_at"] > now:
                job["scheduled_at"] = now
    else:
        await queue.app.connector.execute_query_async(
            "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo' AND scheduled_at > now()")


SWEEPS = ("retry_stalled_jobs", "sync_open_payments", "close_expired_payments", "expire_declarations",
          "post_unposted", "release_assessments", "fail_overdue_shares", "refunds")


async def sweep(name: str) -> int:
    """One periodic sweep of app.tasks, run with the services as its job would be."""
    return int(await tasks.SWEEPS[name].work(bound_services()))


async def recover(killer: Killer | None = None, rounds: int = 2, *, outage: bool = False) -> None:
    """What production does after a crash or an outage, minutes later: a dead worker's jobs go back
    to the queue, every sweep runs, the worker runs what they defer; twice (a posting job may
    defer refunds, a refund sent may need one more question). `outage`: a dependency is still
    down — the worker makes one pass instead of draining (a job that fails again waits for its
    back-off; on PostgreSQL it also blocks the sweep's job of the same payment, see D2)."""
    if killer is not None:
        await killer.worker_found_dead()
    for _ in range(rounds):
        await time_passes()
        for name in SWEEPS:
            await sweep(name)
            if outage:
                await one_worker_pass(bound_services())
            else:
                await drain()


async def one_worker_pass(services: Any) -> None:
    """One worker run over what is due now (no waiting for blocked jobs, unlike drain())."""
    await services.queue.run_once()


# ---------------------------------------------------------------------------------------------
# fixtures and journeys


@pytest.fixture
async def fresh(client, services, wechat_sandbox, upstream, monkeypatch):  # type: ignore[no-untyped-def]
    """The session's channel sandbox forgets earlier tests (the ledger check is strict about it),
    both sandboxes are fast when slow, and faults are cleared afterwards."""
    wechat_sandbox.orders.clear()
    wechat_sandbox.refunds.clear()
    wechat_sandbox.clear_faults()
    slow, unknown_sleep = wechat_sandbox.slow_seconds, wechat_sandbox.unknown_sleep_seconds
    wechat_sandbox.slow_seconds = FAST
    upstream.slow_seconds = FAST
    for name in ("shebao:payments.post", "shebao:refunds.refund_shares"):  # back-off never elapses by itself
        monkeypatch.setattr(services.queue.app.tasks[name], "retry_strategy",
                            RetryStrategy(max_attempts=RETRY.max_attempts, wait=3600,
                                          exponential_wait=RETRY.exponential_wait))
    yield services
    wechat_sandbox.clear_faults()
    wechat_sandbox.slow_seconds, wechat_sandbox.unknown_sleep_seconds = slow, unknown_sleep


def refuse_pension_for_good(upstream: Any) -> None:
    """hrss refuses every pension posting for good; healthcare_security is left alone."""
    upstream.set_fault("post_payment", REFUSED, department="hrss")


async def family_checkout(client, services, sandbox) -> tuple[dict[str, str], Any]:  # type: ignore[no-untyped-def]
    """李建国 pays, in one WeChat payment, his resident pension (hrss), his resident medical and his
    son 李晓明's resident medical (healthcare_security): three shares. Returns the checkout answer."""
    headers = await signed_in_as(client, sandbox, "李建国")
    ids = [(await declare(client, headers, options_for(services, "hubei", "resident_pension")))["id"],
           (await declare(client, headers, options_for(services, "hubei", "resident_medical")))["id"]]
    son = await add_saved(client, headers, payer_body(demo("李晓明")))
    ids.append((await declare(client, headers, {**options_for(services, "hubei", "resident_medical"),
                                                 "saved_payer_id": son["id"]}))["id"])
    r = await client.post("/api/v1/payments", headers=headers, json={"declaration_ids": ids, "channel": "wechat_pay"})
    return headers, r


async def family_ordered(client, services, sandbox) -> tuple[dict[str, str], dict[str, Any]]:  # type: ignore[no-untyped-def]
    headers, r = await family_checkout(client, services, sandbox)
    assert r.status_code == 200, r.text
    return headers, r.json()["payment"]


async def family_paid(client, services, sandbox) -> tuple[dict[str, str], dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Ordered, paid in WeChat, notified (the notification drains: posting and refunds run)."""
    headers, payment = await family_ordered(client, services, sandbox)
    sandbox.confirm_payment(payment["out_trade_no"])
    await sandbox.deliver_payment_notification(payment["out_trade_no"])
    return headers, payment


async def items_of(payment_id: int) -> list[PaymentItem]:
    return list(await PaymentItem.filter(payment_id=payment_id).order_by("id"))


async def only_refund(payment_id: int) -> Refund:
    refunds = await Refund.filter(payment_id=payment_id)
    assert len(refunds) == 1, [(r.out_refund_no, r.state) for r in refunds]
    return refunds[0]


# ---------------------------------------------------------------------------------------------
# (a) crash at every step: posting


async def test_crash_after_paid_is_recorded_before_posting_is_deferred(client, fresh, wechat_sandbox, upstream,
                                                                       monkeypatch):
    """The API process dies between writing PAID and deferring the posting job (the notification
    handler; WeChat got no answer). The post_unposted sweep finds the payment; WeChat's retry of
    the notification, later, changes nothing."""
    services = fresh
    killer = Killer(monkeypatch, services)
    _, payment = await family_ordered(client, services, wechat_sandbox)
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    killer.at(services.queue, "defer_posting")
    headers, body = wechat_sandbox.build_payment_notification(payment["out_trade_no"])
    with pytest.raises(Crash):
        await handle_notification(services, "wechat_pay", headers, body, "127.0.0.1")
    assert (await Payment.get(id=payment["id"])).state == PaymentState.PAID
    assert {i.posting_state for i in await items_of(payment["id"])} == {PostingState.NOT_POSTED}
    assert await services.queue.due() == 0 and upstream.postings == {}

    await recover(killer)
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert ledger.posted_shares == 3 and len(upstream.postings) == 3
    assert await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"]) == [200]  # WeChat retries
    await recover()
    await assert_ledger(services, wechat_sandbox, upstream)
    assert len(upstream.postings) == 3


@pytest.mark.parametrize("after", [False, True], ids=["claimed_before_upstream", "upstream_accepted_before_write"])
async def test_worker_killed_while_posting_a_share(client, fresh, wechat_sandbox, upstream, monkeypatch, after):
    """The posting job dies after the POSTING claim, before upstream is called — or after upstream
    posted, before we wrote POSTED. The share is left POSTING; the job is re-run once the worker
    is found dead; POSTING untouched for 5 minutes is asked about (query_posting) and settled."""
    services = fresh
    killer = Killer(monkeypatch, services)
    killer.at(upstream, "post_payment", after=after, call=2)  # the second share of the family
    _, payment = await family_paid(client, services, wechat_sandbox)
    assert killer.fired and len(await stalled_jobs(services)) == 1
    states = [i.posting_state for i in await items_of(payment["id"])]
    assert states == [PostingState.POSTED, PostingState.POSTING, PostingState.NOT_POSTED], states
    assert len(upstream.postings) == (2 if after else 1)

    await recover(killer)
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert ledger.posted_shares == 3
    assert sum(upstream.calls.values()) >= 3


async def test_worker_killed_after_an_earlier_period_posted_before_the_later_one(
    client, fresh, wechat_sandbox, upstream, owing, monkeypatch
):
    """Back-payment and current month, two payments: the current one waits for the back-payment.
    The back-payment's job dies right after its share is POSTED, before the waiting later period is
    posted. Re-running the dead job posts nothing more (its own share is done); the post_unposted
    sweep must find the waiting share."""
    services = fresh
    killer = Killer(monkeypatch, services)
    earlier = await declare(client, owing, BACK)
    later = await declare(client, owing, current(services))
    p_back = (await client.post("/api/v1/payments", headers=owing, json={"declaration_ids": [earlier["id"]]})).json()
    p_now = (await client.post("/api/v1/payments", headers=owing, json={"declaration_ids": [later["id"]]})).json()
    p_back, p_now = p_back["payment"], p_now["payment"]
    for p in (p_now, p_back):
        wechat_sandbox.confirm_payment(p["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(p_now["out_trade_no"])
    waiting = (await items_of(p_now["id"]))[0]
    assert (waiting.posting_state, waiting.posting_reason_code) == (PostingState.NOT_POSTED, posting_module.WAITING)
    killer.at(posting_module, "post_waiting")
    await wechat_sandbox.deliver_payment_notification(p_back["out_trade_no"])
    assert killer.fired and (await items_of(p_back["id"]))[0].posting_state == PostingState.POSTED
    assert (await items_of(p_now["id"]))[0].posting_state == PostingState.NOT_POSTED

    await recover(killer)
    await assert_ledger(services, wechat_sandbox, upstream)
    assert len(upstream.postings) == 2 and upstream.rejections == {}


# ---------------------------------------------------------------------------------------------
# (a) crash at every step: refunds


D1 = ("a share refused for good is committed FAILED (declaration voided) before upstream is told to release "
      "its assessment (posting.py post_item / ask_about_unknown_postings, payments/jobs.py fail_overdue_shares); "
      "release is best-effort and nothing retries it, so a crash or an upstream outage there leaves the "
      "assessment open upstream for good")


@pytest.mark.parametrize("point", [
    "before_assessment_released",
    "upstream_down_at_release",
    "before_refund_deferred",
])
async def test_worker_killed_after_a_share_turned_failed_before_its_refund(
    client, fresh, wechat_sandbox, upstream, monkeypatch, point
):
    """Upstream refuses the pension share for good: FAILED (declaration voided in the same
    transaction). The job dies before the assessment is released upstream (or upstream is down
    just then) — or, later, before the refund job is deferred. Recovery must still release the
    assessment, refund the share once, post the rest."""
    services = fresh
    killer = Killer(monkeypatch, services)
    refuse_pension_for_good(upstream)
    if point == "before_assessment_released":
        killer.at(posting_module, "release_assessment")
    elif point == "upstream_down_at_release":
        real_release = upstream.release_assessment
        calls = [0]

        async def down_once(assessment_no: str) -> None:
            calls[0] += 1
            if calls[0] == 1:
                raise UpstreamUnavailable("hrss 系统暂时无法访问", code="unavailable")
            await real_release(assessment_no)

        monkeypatch.setattr(upstream, "release_assessment", down_once)
    else:
        killer.at(services.queue, "defer_refunds")
    _, payment = await family_paid(client, services, wechat_sandbox)
    assert (await items_of(payment["id"]))[0].posting_state == PostingState.FAILED
    if point != "upstream_down_at_release":
        assert killer.fired and await Refund.all().count() == 0

    await recover(killer)
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.posted_shares, ledger.refunded_shares) == (2, 1)


@pytest.mark.parametrize("after", [False, True], ids=["refund_row_before_channel", "channel_accepted_before_write"])
async def test_worker_killed_while_refunding(client, fresh, wechat_sandbox, upstream, monkeypatch, after):
    """The refund job dies after our refund row (out_refund_no committed) before the channel is
    asked — or after the channel accepted it, before we wrote PROCESSING. The re-run asks the
    channel with the same number: one refund at the channel, for exactly the share."""
    services = fresh
    killer = Killer(monkeypatch, services)
    refuse_pension_for_good(upstream)
    killer.at(services.channel("wechat_pay"), "refund", after=after)
    _, payment = await family_paid(client, services, wechat_sandbox)
    assert killer.fired
    refund = await only_refund(payment["id"])
    assert refund.state == RefundState.CREATED
    assert len(wechat_sandbox.refunds) == (1 if after else 0)

    await recover(killer)
    await assert_ledger(services, wechat_sandbox, upstream)
    assert [r.out_refund_no for r in wechat_sandbox.refunds.values()] == [refund.out_refund_no]
    wechat_sandbox.complete_refund(refund.out_refund_no)
    assert await wechat_sandbox.deliver_refund_notification(refund.out_refund_no) == [200]
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert ledger.refunded_fen == refund.amount_fen


@pytest.mark.parametrize("how", ["never_delivered", "handler_killed_before_applying"])
async def test_a_lost_refund_notification(client, fresh, wechat_sandbox, upstream, monkeypatch, how):
    """The channel completes the refund; its notification never arrives — or the process handling
    it dies after the confirming query, before applying it. The refunds sweep asks the channel."""
    services = fresh
    refuse_pension_for_good(upstream)
    _, payment = await family_paid(client, services, wechat_sandbox)
    refund = await only_refund(payment["id"])
    assert refund.state == RefundState.PROCESSING
    wechat_sandbox.complete_refund(refund.out_refund_no)
    if how == "handler_killed_before_applying":
        killer = Killer(monkeypatch, services)
        killer.at(notifications_module, "apply_refund_status")
        headers, body = wechat_sandbox.build_refund_notification(refund.out_refund_no)
        with pytest.raises(Crash):
            await handle_notification(services, "wechat_pay", headers, body, "127.0.0.1")
    assert (await Refund.get(id=refund.id)).state == RefundState.PROCESSING

    await recover()
    await assert_ledger(services, wechat_sandbox, upstream)
    assert (await Refund.get(id=refund.id)).state == RefundState.SUCCEEDED


# ---------------------------------------------------------------------------------------------
# (a) crash at every step: reconciliation


def today() -> date:
    return clock.in_china().date()


async def test_reconciliation_killed_mid_run_then_rerun(client, fresh, wechat_sandbox, upstream, monkeypatch, owing):
    """Two differences: a debit whose notification was lost (we hold it awaiting payment) and a
    refund the channel completed that we hold processing. The run dies while resolving the second:
    left RUNNING (a dead process writes no FAILED). A rerun for the same day — once the dead run's
    lock is gone — completes; every difference exists once, by its key."""
    services = fresh
    upstream.clock = lambda: clock.now()  # postings on the real day, like the statement
    killer = Killer(monkeypatch, services)
    # a refunded pension share: paid, refused, refund processing, completed at the channel, not notified
    refuse_pension_for_good(upstream)
    _, refunded = await family_paid(client, services, wechat_sandbox)
    refund = await only_refund(refunded["id"])
    wechat_sandbox.complete_refund(refund.out_refund_no)
    # a debit whose notification was lost
    later = await declare(client, owing, current(services))
    lost = (await client.post("/api/v1/payments", headers=owing, json={"declaration_ids": [later["id"]]})).json()
    lost = lost["payment"]
    wechat_sandbox.confirm_payment(lost["out_trade_no"])

    real_resolve, real_failed = recon_module.resolve, recon_module._failed
    killer.at(recon_module, "resolve", call=2)

    async def failed(run: ReconciliationRun, error: str) -> ReconciliationRun:
        if killer.fired:  # the process is gone: its `finally` writes nothing
            raise Crash("dead")
        return await real_failed(run, error)

    monkeypatch.setattr(recon_module, "_failed", failed)
    with pytest.raises(Crash):
        await recon_module.reconcile(services, "wechat_pay", today())
    first = await ReconciliationRun.get()
    assert first.state == RunState.RUNNING and killer.fired
    written = await ReconciliationDifference.all().count()
    assert written >= 1
    monkeypatch.setattr(recon_module, "resolve", real_resolve)  # a new process
    monkeypatch.setattr(recon_module, "_failed", real_failed)

    if TEST_REDIS_URL:  # a killed process's Redis lock outlives it (its TTL): a rerun meanwhile is refused
        await services.kv.set(f"lock:reconcile:wechat_pay:{today()}", "dead-worker", 3600)
        refused = await recon_module.reconcile(services, "wechat_pay", today())
        assert refused.state == RunState.FAILED and "正在进行" in (refused.error or "")
        await services.kv.delete(f"lock:reconcile:wechat_pay:{today()}")  # the TTL ran out
    rerun = await recon_module.reconcile(services, "wechat_pay", today())
    assert rerun.state == RunState.DONE, rerun.error
    diffs = await ReconciliationDifference.all()
    assert len({d.key for d in diffs}) == len(diffs)
    kinds = sorted((d.kind.value, d.out_refund_no or d.posting_no or d.out_trade_no) for d in diffs)
    assert len(set(kinds)) == len(kinds), kinds
    by_number = {d.out_refund_no or d.out_trade_no: d for d in diffs}
    assert by_number[refund.out_refund_no].state.value == "auto_resolved"
    assert (await Refund.get(id=refund.id)).state == RefundState.SUCCEEDED
    assert (await Payment.get(id=lost["id"])).state == PaymentState.PAID
    await recover()
    await assert_ledger(services, wechat_sandbox, upstream)
    third = await recon_module.reconcile(services, "wechat_pay", today())
    assert third.state == RunState.DONE
    assert await ReconciliationDifference.all().count() == len(diffs)


# ---------------------------------------------------------------------------------------------
# (b) dependencies misbehaving: the channel

CHANNEL_MODES = [("down", "timeout"), ("slow", "timeout"), ("unknown", "error_500"), ("unknown", "bad_signature")]


@pytest.mark.parametrize("mode,style", CHANNEL_MODES + [("unknown", "timeout")],
                         ids=lambda v: v if isinstance(v, str) else None)
async def test_channel_create_order_misbehaves(client, fresh, wechat_sandbox, upstream, mode, style):
    services = fresh
    wechat_sandbox.unknown_sleep_seconds = services.settings.wechat.timeout_seconds + 0.2
    refuse_pension_for_good(upstream)
    wechat_sandbox.set_fault("create_order", mode, style=style)
    headers, r = await family_checkout(client, services, wechat_sandbox)
    assert r.status_code == (200 if mode == "slow" else 503), r.text
    wechat_sandbox.clear_faults()
    if r.status_code != 200:  # the payer taps pay again: the same declarations, the same order number
        out_trade_no = r.json()["error"]["data"]["out_trade_no"]
        ids = [d.id for d in await Declaration.all().order_by("id")]
        r = await client.post("/api/v1/payments", headers=headers, json={"declaration_ids": ids,
                                                                         "channel": "wechat_pay"})
        assert r.status_code == 200, r.text
        assert r.json()["payment"]["out_trade_no"] == out_trade_no
    payment = r.json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    await recover()
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.paid_payments, ledger.posted_shares, ledger.refunded_shares) == (1, 2, 1)
    assert await Payment.all().count() == 1


@pytest.mark.parametrize("mode,style", CHANNEL_MODES, ids=lambda v: v if isinstance(v, str) else None)
async def test_channel_query_order_misbehaves(client, fresh, wechat_sandbox, upstream, mode, style):
    """The notification cannot be confirmed (503: WeChat will retry); the sync_open_payments
    sweep asks again once the channel answers."""
    services = fresh
    refuse_pension_for_good(upstream)
    _, payment = await family_ordered(client, services, wechat_sandbox)
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    wechat_sandbox.set_fault("query_order", mode, style=style)
    statuses = await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    assert statuses == ([200] if mode == "slow" else [503])
    wechat_sandbox.clear_faults()
    await recover()
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.paid_payments, ledger.posted_shares, ledger.refunded_shares) == (1, 2, 1)


@pytest.mark.parametrize("mode,style", CHANNEL_MODES + [("unknown", "timeout")],
                         ids=lambda v: v if isinstance(v, str) else None)
async def test_channel_refund_misbehaves(client, fresh, wechat_sandbox, upstream, mode, style):
    services = fresh
    wechat_sandbox.unknown_sleep_seconds = services.settings.wechat.timeout_seconds + 0.2
    refuse_pension_for_good(upstream)
    wechat_sandbox.set_fault("refund", mode, style=style)
    _, payment = await family_paid(client, services, wechat_sandbox)
    wechat_sandbox.clear_faults()
    await recover()
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.posted_shares, ledger.refunded_shares) == (2, 1)
    assert len(wechat_sandbox.refunds) == 1


@pytest.mark.parametrize("mode,style", CHANNEL_MODES, ids=lambda v: v if isinstance(v, str) else None)
async def test_channel_query_refund_misbehaves(client, fresh, wechat_sandbox, upstream, mode, style):
    services = fresh
    refuse_pension_for_good(upstream)
    _, payment = await family_paid(client, services, wechat_sandbox)
    refund = await only_refund(payment["id"])
    wechat_sandbox.complete_refund(refund.out_refund_no)
    wechat_sandbox.set_fault("query_refund", mode, style=style)
    statuses = await wechat_sandbox.deliver_refund_notification(refund.out_refund_no)
    assert statuses == ([200] if mode == "slow" else [503])
    await recover(outage=True)  # the channel still misbehaves: nothing is decided without its answer
    assert (await Refund.get(id=refund.id)).state == (RefundState.SUCCEEDED if mode == "slow"
                                                      else RefundState.PROCESSING)
    wechat_sandbox.clear_faults()
    await recover()
    await assert_ledger(services, wechat_sandbox, upstream)
    assert (await Refund.get(id=refund.id)).state == RefundState.SUCCEEDED


# ---------------------------------------------------------------------------------------------
# (b) dependencies misbehaving: upstream

UPSTREAM_MODES = ["down", "timeout", "unknown", "slow"]
# On PostgreSQL a payment's job waiting for its back-off blocks the payment's other jobs (D2 below):
# with a share refused for good and another retried, the refund job cannot run, and `drain()` —
# which waits for every due job — gives up.
ON_POSTGRES = bool(TEST_DATABASE_URL)
D2 = ("PostgreSQL: a payment's posting job waiting for its RetryLater back-off (todo, scheduled later) "
      "blocks every later job with the same procrastinate lock payment:<id> — the refund job of a share "
      "refused for good, and the 'run now' jobs of 查验状态 and the sweeps — for the whole back-off")
REFUSED_ONE = [pytest.param(False, id="all_accepted"), pytest.param(True, id="one_refused")]


@pytest.mark.parametrize("mode,refused", [
    *[pytest.param(m, False, id=f"{m}-all_accepted") for m in UPSTREAM_MODES],
    *[pytest.param(m, True, id=f"{m}-one_refused") for m in UPSTREAM_MODES if m != "slow"],
    pytest.param("slow", True, id="slow-one_refused"),  # nothing retried: nothing blocked
])
async def test_upstream_post_payment_misbehaves(client, fresh, wechat_sandbox, upstream, mode, refused):
    services = fresh
    if refused:
        refuse_pension_for_good(upstream)
    upstream.set_fault("post_payment", mode)
    _, payment = await family_paid(client, services, wechat_sandbox)
    states = sorted(i.posting_state.value for i in await items_of(payment["id"]))
    if mode == "slow":
        assert states == (["failed", "posted", "posted"] if refused else ["posted"] * 3)
    else:
        assert "posted" not in states
    upstream.clear_faults()
    if refused:
        refuse_pension_for_good(upstream)
    await recover()
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.posted_shares, ledger.refunded_shares) == ((2, 1) if refused else (3, 0))


@pytest.mark.parametrize("refused", REFUSED_ONE)
@pytest.mark.parametrize("mode", UPSTREAM_MODES)
async def test_upstream_query_posting_misbehaves(client, fresh, wechat_sandbox, upstream, mode, refused):
    """The medical shares are posted but answered unknown; asking about them misbehaves too."""
    services = fresh
    if refused:
        refuse_pension_for_good(upstream)
    upstream.set_fault("post_payment", "unknown", department="healthcare_security")
    upstream.set_fault("query_posting", mode)
    _, payment = await family_paid(client, services, wechat_sandbox)
    states = sorted(i.posting_state.value for i in await items_of(payment["id"]))
    assert states.count("unknown") == 2  # the job asks upstream on its next run
    await recover(outage=True)
    if mode != "slow":  # nobody could ask: still unknown, never closed locally
        assert sorted(i.posting_state.value for i in await items_of(payment["id"])).count("unknown") == 2
    upstream.clear_faults()
    if refused:
        refuse_pension_for_good(upstream)
    await recover()
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.posted_shares, ledger.refunded_shares) == ((2, 1) if refused else (3, 0))
    assert len(upstream.postings) == ledger.posted_shares


async def test_a_refund_due_is_not_held_back_while_another_share_waits_for_upstream(
    client, fresh, wechat_sandbox, upstream
):
    """The pension share is refused for good; healthcare_security is down for hours. The refund of
    the pension share is due now and must not wait for the medical shares' back-off
    (app/jobs/queue.py `_defer`: "a request or a job always defers one to run now, even while an
    earlier one waits for its back-off")."""
    services = fresh
    refuse_pension_for_good(upstream)
    upstream.set_fault("post_payment", "down", department="healthcare_security")
    _, payment = await family_ordered(client, services, wechat_sandbox)
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    headers, body = wechat_sandbox.build_payment_notification(payment["out_trade_no"])
    assert await handle_notification(services, "wechat_pay", headers, body, "127.0.0.1") == "applied"
    await one_worker_pass(services)  # posting: pension refused (refund deferred), medical: RetryLater
    assert sorted(i.posting_state.value for i in await items_of(payment["id"])) == [
        "failed", "not_posted", "not_posted"]
    await one_worker_pass(services)  # the refund job, due now
    refunds = await Refund.filter(payment_id=payment["id"])
    assert [r.state for r in refunds] == [RefundState.PROCESSING], "the refund waits for the posting job's back-off"
    # and 查验状态's posting job, deferred to run now, runs now too
    upstream.clear_faults()
    refuse_pension_for_good(upstream)
    await services.queue.defer_posting(payment["id"])
    await one_worker_pass(services)
    assert sorted(i.posting_state.value for i in await items_of(payment["id"])) == ["failed", "posted", "posted"]


# ---------------------------------------------------------------------------------------------
# (c) duplicates and concurrency


async def test_the_same_notification_ten_times_concurrently_while_the_worker_drains(
    client, fresh, wechat_sandbox, upstream
):
    services = fresh
    refuse_pension_for_good(upstream)
    _, payment = await family_ordered(client, services, wechat_sandbox)
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    headers, body = wechat_sandbox.build_payment_notification(payment["out_trade_no"])

    async def deliver() -> int:
        return (await client.post("/notify/wechat_pay", content=body, headers=headers)).status_code

    statuses = await asyncio.gather(*(deliver() for _ in range(10)), drain(), drain())
    assert statuses[:10] == [200] * 10
    await recover()
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.posted_shares, ledger.refunded_shares) == (2, 1)
    verdicts = sorted(n.verdict for n in await ChannelNotification.filter(out_trade_no=payment["out_trade_no"]))
    assert verdicts == ["applied"] + ["duplicate"] * 9
    assert await Event.filter(entity="payment", entity_id=payment["id"], to_state="paid").count() == 1


async def test_five_concurrent_workers_and_sweeps(client, fresh, wechat_sandbox, upstream):
    """Upstream was down: two payers' payments are paid and nothing is posted. Upstream comes back
    (and now refuses the pension share for good); then five workers and every sweep, five times
    each, all at once (PostgreSQL: real concurrent connections, procrastinate's locks)."""
    services = fresh
    upstream.set_fault("post_payment", "down")
    await family_paid(client, services, wechat_sandbox)
    headers, declaration = await declared(client, services, wechat_sandbox, "beijing", "resident_medical")
    r = await client.post("/api/v1/payments", headers=headers, json={"declaration_ids": [declaration["id"]],
                                                                     "channel": "wechat_pay"})
    other = r.json()["payment"]
    wechat_sandbox.confirm_payment(other["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(other["out_trade_no"])
    assert await PaymentItem.filter(posting_state=PostingState.NOT_POSTED).count() == 4
    upstream.clear_faults()
    refuse_pension_for_good(upstream)
    await time_passes()
    app = services.queue.app

    async def worker() -> None:
        await app.run_worker_async(wait=False, install_signal_handlers=False, queues=[WORK_QUEUE],
                                   additional_context={"services": services},
                                   concurrency=2, listen_notify=False)

    work: list[Awaitable[Any]] = []
    for _ in range(5):
        work.append(worker())
        work += [sweep(name) for name in SWEEPS]
    results = await asyncio.gather(*work, return_exceptions=True)
    assert not [r for r in results if isinstance(r, BaseException)], results
    await recover()
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.paid_payments, ledger.posted_shares, ledger.refunded_shares) == (2, 3, 1)
    assert len(upstream.postings) == 3 and len(wechat_sandbox.refunds) == 1


async def test_a_sweep_while_a_posting_job_runs_that_then_waits_for_its_back_off(client, fresh, wechat_sandbox,
                                                                                   upstream, monkeypatch):
    """The posting sweep runs while a posting job is waiting for upstream's answer; upstream is down,
    so the job goes back to the queue for its back-off. The sweep queues nothing beside a running
    job; the job goes back to `todo`, none is left `doing`. (It once queued one with a queueing
    lock: on PostgreSQL the retry then broke that lock's unique index and stayed `doing`.)"""
    from app.payments.jobs import payments_with_unposted_shares

    services = fresh
    upstream.set_fault("post_payment", "down")
    _, payment = await family_paid(client, services, wechat_sandbox)
    await time_passes()  # every posting job's back-off is due
    asked, answer = asyncio.Event(), asyncio.Event()
    real_post = upstream.post_payment

    async def held(request: Any) -> Any:
        asked.set()
        await answer.wait()
        return await real_post(request)

    monkeypatch.setattr(upstream, "post_payment", held)
    running = asyncio.create_task(one_worker_pass(services))
    await asyncio.wait_for(asked.wait(), 10)
    assert payment["id"] in await payments_with_unposted_shares()  # the sweep has something to post
    assert await sweep("post_unposted") == 0  # ... but a job runs for it
    answer.set()
    await running
    assert await stalled_jobs(services) == []
    waiting = await services.queue.app.job_manager.list_jobs_async(task="shebao:payments.post", status="todo")
    assert {job.task_kwargs["payment_id"] for job in waiting} == {payment["id"]}
    upstream.clear_faults()
    await recover()
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.posted_shares, ledger.refunded_shares) == (3, 0)


async def test_twenty_concurrent_status_checks_during_posting(client, fresh, wechat_sandbox, upstream):
    services = fresh
    refuse_pension_for_good(upstream)
    upstream.slow_seconds = 0.3
    upstream.set_fault("post_payment", "slow", department="healthcare_security")
    headers, payment = await family_ordered(client, services, wechat_sandbox)
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    delivery = asyncio.create_task(wechat_sandbox.deliver_payment_notification(payment["out_trade_no"]))
    for _ in range(200):
        if await PaymentItem.filter(payment_id=payment["id"], posting_state=PostingState.POSTING).exists():
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("posting never started")

    async def check() -> int:
        return (await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=headers)).status_code

    assert await asyncio.gather(*(check() for _ in range(20))) == [200] * 20
    assert await delivery == [200]
    upstream.clear_faults()
    refuse_pension_for_good(upstream)
    await recover()
    ledger = await assert_ledger(services, wechat_sandbox, upstream)
    assert (ledger.posted_shares, ledger.refunded_shares) == (2, 1)
    assert len(upstream.postings) == 2 and len(wechat_sandbox.refunds) == 1


D3 = ("fail_overdue_shares gives up a NOT_POSTED share as 'certainly not posted', but NOT_POSTED also comes "
      "from a query answering not-found while a frozen poster's request is still on its way (stale POSTING → "
      "UNKNOWN → NOT_POSTED after 5 min); the late request posts what was refunded")


async def test_a_frozen_poster_wakes_after_its_share_was_given_up(client, fresh, wechat_sandbox, upstream,
                                                                  monkeypatch):
    """A worker freezes (VM paused, long GC, a stuck socket) after claiming a share, before its
    request reaches upstream. Five minutes later the POSTING is stale: 查验状态 asks upstream — not
    found — NOT_POSTED; it is the share's last day: fail_overdue_shares refunds it. Then the frozen
    request arrives and upstream posts it: posted and refunded."""
    services = fresh
    from app.payments.posting import ask_about_unknown_postings

    thaw = asyncio.Event()
    real_post = upstream.post_payment

    async def frozen(request: Any) -> Any:
        await thaw.wait()
        return await real_post(request)

    monkeypatch.setattr(upstream, "post_payment", frozen)
    headers, declaration = await declared(client, services, wechat_sandbox, "beijing", "resident_medical")
    r = await client.post("/api/v1/payments", headers=headers, json={"declaration_ids": [declaration["id"]],
                                                                     "channel": "wechat_pay"})
    payment = r.json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    delivery = asyncio.create_task(wechat_sandbox.deliver_payment_notification(payment["out_trade_no"]))
    for _ in range(300):
        if await PaymentItem.filter(payment_id=payment["id"], posting_state=PostingState.POSTING).exists():
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("posting never started")
    await time_passes()  # five minutes and more: the POSTING is stale
    await ask_about_unknown_postings(services, await Payment.get(id=payment["id"]))  # 查验状态's question
    assert (await items_of(payment["id"]))[0].posting_state == PostingState.NOT_POSTED
    await PaymentItem.filter(payment_id=payment["id"]).update(posting_deadline=clock.now() - timedelta(seconds=1))
    assert await sweep("fail_overdue_shares") == 1
    thaw.set()
    assert await delivery == [200]
    await recover()
    await assert_ledger(services, wechat_sandbox, upstream)


# ---------------------------------------------------------------------------------------------
# the checker itself: it sees each kind of imbalance (a checker that sees nothing proves nothing)


async def test_the_ledger_check_sees_each_kind_of_imbalance(client, fresh, wechat_sandbox, upstream):
    from tests.api.ledger import check_ledger

    services = fresh
    refuse_pension_for_good(upstream)
    _, payment = await family_paid(client, services, wechat_sandbox)
    await assert_ledger(services, wechat_sandbox, upstream)
    items = await items_of(payment["id"])
    posted = next(i for i in items if i.posting_state == PostingState.POSTED)
    order = wechat_sandbox.orders[payment["out_trade_no"]]

    async def problems() -> str:
        return "\n".join((await check_ledger(services, wechat_sandbox, upstream)).problems)

    kept = upstream.postings.pop(posted.posting_no)
    assert f"upstream holds no posting {posted.posting_no}" in await problems()
    upstream.postings[posted.posting_no] = kept

    order.payer_total_fen += 1
    assert "the channel debited" in await problems()
    order.payer_total_fen -= 1

    refund = next(iter(wechat_sandbox.refunds.values()))
    wechat_sandbox.refunds["SBRFORGED"] = type(refund)(
        "SBRFORGED", refund.out_trade_no, "50x", 1, refund.total_fen, "", "", refund.created)
    found = await problems()
    assert "that we never made" in found and "the channel refunded" in found
    del wechat_sandbox.refunds["SBRFORGED"]

    await PaymentItem.filter(id=posted.id).update(posting_state=PostingState.FAILED)
    found = await problems()
    assert "FAILED and not refunded" in found and "posted and refunded" in found
    await PaymentItem.filter(id=posted.id).update(posting_state=PostingState.UNKNOWN)
    assert "still unknown after recovery" in await problems()
    await PaymentItem.filter(id=posted.id).update(posting_state=PostingState.POSTED)

    await Declaration.filter(id=posted.declaration_id).update(paid=False)
    assert "not shown paid" in await problems()
    await Declaration.filter(id=posted.declaration_id).update(paid=True)

    refund_row = await Refund.get()
    await Refund.filter(id=refund_row.id).update(amount_fen=refund_row.amount_fen + 1)
    assert "instead of exactly" in await problems()
    await Refund.filter(id=refund_row.id).update(amount_fen=refund_row.amount_fen)
    await assert_ledger(services, wechat_sandbox, upstream)
