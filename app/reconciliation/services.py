"""日切对账: the channel's statement of a day, our records, and upstream's postings, three ways.

    download (hash checked by the adapter) ─► run RUNNING ─► COPY statement + postings into
    temporary tables (summary checked) ─► compare in SQL ─► write each difference by its key,
    resolve what is safe ─► differences of this day found no more: RESOLVED ─► run DONE
    any failure before the comparison (no statement, hash or summary mismatch, no postings):
    run FAILED with the error, no difference written

See `reconcile` for the contract, `matching.py` for the SQL, `resolution.py` for what is done
about each kind.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import zlib
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from app import clock
from app import upstream as up
from app.clock import SHANGHAI
from app.context import Services
from app.kv import LockTimeout
from app.payments import Payment, PaymentItem
from app.reconciliation import matching as m
from app.reconciliation.bills import statement_for
from app.reconciliation.models import (
    DIFFERENCE,
    RUN,
    DifferenceKind,
    DifferenceState,
    ReconciliationDifference,
    ReconciliationRun,
    ReconciliationStatement,
    RunState,
)
from app.reconciliation.resolution import ACTOR, Outcome, resolve
from app.reconciliation.statement import DEBIT, REFUND, StatementError
from app.reconciliation.verdicts import Found
from app.refunds import Refund
from payment_channels import interfaces as ch

log = logging.getLogger("shebao.reconciliation")
RERUN_RESOLUTION = "再次对账已一致"
RUN_LOCK_SECONDS = 3600.0
POSTINGS_PAGE = 10_000
LIVE = (DifferenceState.OPEN, DifferenceState.NEEDS_PERSON)
LATE_KINDS = (DifferenceKind.PAID_NOT_AT_CHANNEL, DifferenceKind.REFUND_NOT_AT_CHANNEL)


async def reconcile(
    services: Services,
    channel: str,
    day: date,
    progress: m.Progress | None = None,
    *,
    statement_text: str | bytes | None = None,
) -> ReconciliationRun:
    """Reconcile one channel's trade statement of `day` (Asia/Shanghai) with our payments and
    refunds, and upstream's postings of that day with our shares; record every difference.

    Compared set-wise in SQL: debits (商户订单号) with our payments, refunds (商户退款单号) with
    our refunds, upstream's postings (posting_no) with our payment items. Each difference is
    written once under its key (channel, day, kind, number): a rerun of the day updates it, and
    marks RESOLVED ("再次对账已一致") those of the day it no longer finds. Only safe actions are
    taken: asking the channel or upstream and applying their answer (a debit or refund we do not
    record done; a posting we do not record posted); a statement that lacks what we record done is
    asked about (still done at the channel → OPEN, a late statement for the next day's run).
    Everything else — unknown numbers, amounts that differ, refunds beyond what was paid,
    postings without money or missing upstream — is NEEDS_PERSON with its evidence; nothing is
    ever refunded or posted because of a difference. Earlier days' late ones are RESOLVED when
    this statement lists them, NEEDS_PERSON when it still does not.

    Args:
        services: the app's services (the channel port, upstream, the key-value lock).
        channel: a configured channel (e.g. ``wechat_pay``).
        day: the statement's date.
        progress: called as ``progress(stage, done, total)`` with stage ``read`` (statement
            lines), ``postings`` (upstream postings loaded), ``compare`` (steps) and ``resolve``
            (differences handled); total may be None.
        statement_text: the statement itself (str or UTF-8 bytes), instead of downloading it.

    Returns the run: DONE with its counts (statement lines, lines matched, differences found,
    auto-resolved), or FAILED with `error` (statement unavailable, hash or summary mismatch,
    upstream's list unavailable, another run of the same channel and day in progress) and no
    difference written.

    Raises: ValueError for a channel that is not configured.
    """
    if channel not in services.channels:
        raise ValueError(f"unknown channel {channel!r}")
    async with AsyncExitStack() as stack:
        try:
            await stack.enter_async_context(services.kv.lock(f"reconcile:{channel}:{day}", RUN_LOCK_SECONDS, 1.0))
        except LockTimeout:
            run = await RUN.create(actor=ACTOR, channel=channel, bill_date=day)
            return await _failed(run, "同一渠道同一日的对账正在进行")
        run = await RUN.create(actor=ACTOR, channel=channel, bill_date=day)
        try:
            return await _run(services, run, statement_text, progress)
        finally:
            if run.state == RunState.RUNNING:  # interrupted by something unforeseen: it did not finish
                await _failed(run, "对账中断")
    raise AssertionError("unreachable")  # pragma: no cover - the context manager does not swallow


async def _run(services: Services, run: ReconciliationRun, text: str | bytes | None,
               progress: m.Progress | None) -> ReconciliationRun:
    channel, day = run.channel, run.bill_date
    if text is None:
        try:
            text = await services.channel(channel).download_trade_bill(day)
        except ch.ChannelError as exc:
            return await _failed(run, f"对账单不可用（{exc.code or type(exc).__name__}）：{exc}")
    run.statement_sha1 = sha1_of(text)
    await keep_statement(run, text)
    statement = statement_for(channel, text)
    async with m.Workspace(run.id, channel, day) as ws:
        try:
            run.statement_lines = await ws.load_statement(statement, progress)
            listed_at = clock.now()  # a share posted after this may be missing from the list, rightly
            postings = await ws.load_postings(_postings(services, day), progress)
        except StatementError as exc:
            return await _failed(run, f"对账单无法核对（{exc.code}）：{exc.detail}")
        except up.UpstreamError as exc:
            return await _failed(run, f"经办机构到账信息不可用（{exc.code or type(exc).__name__}）：{exc}")
        _step(progress, 1)
        compared = await ws.compare_statement(statement.totals.debits, statement.totals.refunds)
        _step(progress, 2)
        lines = statement.lines_at({n for f in compared.found for n in f.line_nos})
        keys, auto = await _handle(services, run, compared.found, lines, progress)
        await _carry_over(ws, run)
        posted = await ws.compare_postings(postings, listed_at)
        _step(progress, 3)
        more_keys, more_auto = await _handle(services, run, posted.found, {}, progress)
    keys += more_keys
    await _resolve_gone(run, keys)
    await RUN.move(run, RunState.DONE, actor=ACTOR, action="done", matched=compared.matched,
                   differences=len(set(keys)), auto_resolved=auto + more_auto, finished_at=clock.now())
    return run


def _step(progress: m.Progress | None, done: int) -> None:
    if progress:
        progress("compare", done, 3)


async def keep_statement(run: ReconciliationRun, text: str | bytes) -> None:
    """Keep the statement the run read, compressed, for the dashboard's download."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    packed = await asyncio.to_thread(gzip.compress, raw, 6)
    await ReconciliationStatement.create(run_id=run.id, channel=run.channel, bill_date=run.bill_date,
                                         sha1=run.statement_sha1 or sha1_of(raw), size=len(raw), content_gz=packed)


async def statement_pieces(run_id: int, size: int = 256 * 1024) -> AsyncIterator[bytes] | None:
    """The statement a run read, as it was, in pieces (decompressed as sent); None when the run
    kept none (it failed before reading one, or ran before statements were kept)."""
    kept = await ReconciliationStatement.get_or_none(run_id=run_id)
    if kept is None:
        return None
    packed = kept.content_gz

    async def pieces() -> AsyncIterator[bytes]:
        unpack = zlib.decompressobj(wbits=31)
        for start in range(0, len(packed), size):
            out = unpack.decompress(packed[start:start + size])
            if out:
                yield out
        tail = unpack.flush()
        if tail:
            yield tail

    return pieces()


def sha1_of(text: str | bytes) -> str:
    """The SHA-1 of the statement's UTF-8 bytes (what WeChat's hash_value is of), in slices."""
    digest = hashlib.sha1(usedforsecurity=False)
    step = 1 << 20
    for start in range(0, len(text), step):
        part = text[start:start + step]
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
    return digest.hexdigest()


async def _postings(services: Services, day: date) -> AsyncIterator[list[up.PostingRecord]]:
    after: str | None = None
    while True:
        page = await services.upstream.list_postings(day, after, POSTINGS_PAGE)
        if page:
            yield page
        if len(page) < POSTINGS_PAGE:
            return
        if after is not None and page[-1].posting_no <= after:
            raise up.UpstreamResultUnknown("list_postings did not advance", code="bad_paging")
        after = page[-1].posting_no


async def _failed(run: ReconciliationRun, error: str) -> ReconciliationRun:
    log.warning("reconciliation %s %s failed: %s", run.channel, run.bill_date, error)
    await RUN.move(run, RunState.FAILED, actor=ACTOR, action="failed", why=error, error=error,
                   finished_at=clock.now())
    return run


# ---- differences: written by key, resolved where safe ----

def difference_key(channel: str, day: date, kind: DifferenceKind, ident: str) -> str:
    key = f"{channel}:{day:%Y%m%d}:{kind.value}:{ident}"
    if len(key) > 160:  # a number from the statement is not ours to trust in length
        key = f"{channel}:{day:%Y%m%d}:{kind.value}:sha1:{hashlib.sha1(ident.encode()).hexdigest()}"
    return key


async def _handle(services: Services, run: ReconciliationRun, found: Sequence[Found], lines: dict[int, str],
                  progress: m.Progress | None) -> tuple[list[str], int]:
    """Write and resolve each difference (a job: one failing item does not stop the others)."""
    keys: list[str] = []
    auto = 0
    for done, item in enumerate(found, start=1):
        key = difference_key(run.channel, run.bill_date, item.kind, item.ident)
        keys.append(key)
        try:
            if await _write_and_resolve(services, run, key, item, lines):
                auto += 1
        except Exception:  # noqa: BLE001 - one difference's failure must not stop the others
            log.exception("reconciliation %s: difference %s failed", run.id, key)
        if progress:
            progress("resolve", done, len(found))
    return keys, auto


async def _write_and_resolve(services: Services, run: ReconciliationRun, key: str, found: Found,
                             lines: dict[int, str]) -> bool:
    evidence = await _evidence(found, lines)
    values: dict[str, Any] = dict(
        run_id=run.id, channel=run.channel, bill_date=run.bill_date, kind=found.kind,
        out_trade_no=_cut(found.out_trade_no, 32), out_refund_no=_cut(found.out_refund_no, 64),
        posting_no=_cut(found.posting_no, 40), transaction_id=_cut(found.transaction_id, 64),
        payment_id=found.payment_id, refund_id=found.refund_id, channel_amount_fen=found.channel_amount_fen,
        local_amount_fen=found.local_amount_fen, upstream_amount_fen=found.upstream_amount_fen, evidence=evidence,
    )
    diff = await ReconciliationDifference.get_or_none(key=key)
    if diff is None:
        diff = await DIFFERENCE.create(actor=ACTOR, action="found", why=found.why, data={"key": key, "run_id": run.id},
                                       key=key, **values)
    elif diff.state == DifferenceState.RESOLVED:  # a person resolved it: theirs stands
        await ReconciliationDifference.filter(id=diff.id).update(run_id=run.id, updated_at=clock.now())
        return False
    else:
        await ReconciliationDifference.filter(id=diff.id).update(updated_at=clock.now(), **values)
        await diff.refresh_from_db()
    outcome = await resolve(services, found)
    await _record_outcome(diff, outcome, run)
    return outcome.state == DifferenceState.AUTO_RESOLVED


async def _record_outcome(diff: ReconciliationDifference, outcome: Outcome, run: ReconciliationRun) -> None:
    evidence = {**diff.evidence, "verdict": outcome.note, "answer": jsonable(outcome.answer)}
    resolved = outcome.state == DifferenceState.AUTO_RESOLVED
    columns: dict[str, Any] = dict(
        evidence=evidence, run_id=run.id, resolution=outcome.note if resolved else None,
        resolved_by=ACTOR if resolved else None, resolved_at=clock.now() if resolved else None)
    if diff.state == outcome.state:  # the same verdict again: its evidence brought up to date
        await ReconciliationDifference.filter(id=diff.id, state=diff.state).update(**columns)
        return
    await DIFFERENCE.move(diff.id, outcome.state, actor=ACTOR, expect=[diff.state], why=outcome.note,
                          data={"run_id": run.id}, **columns)


async def _set_resolved(diff: ReconciliationDifference, run: ReconciliationRun, resolution: str) -> None:
    await DIFFERENCE.move(diff.id, DifferenceState.RESOLVED, actor=ACTOR, expect=LIVE, why=resolution,
                          data={"run_id": run.id}, resolution=resolution, resolved_by=ACTOR,
                          resolved_at=clock.now(), run_id=run.id)


async def _resolve_gone(run: ReconciliationRun, keys: list[str]) -> None:
    """This day's live differences the run did not find again have become consistent."""
    live = await ReconciliationDifference.filter(channel=run.channel, bill_date=run.bill_date, state__in=list(LIVE))
    found = set(keys)
    for diff in live:
        if diff.key not in found:
            await _set_resolved(diff, run, RERUN_RESOLUTION)


async def _carry_over(ws: m.Workspace, run: ReconciliationRun) -> None:
    """Earlier days' OPEN 'late statement' differences: listed now → RESOLVED; still not → a person."""
    waiting = await ReconciliationDifference.filter(channel=run.channel, bill_date__lt=run.bill_date,
                                                    state=DifferenceState.OPEN, kind__in=list(LATE_KINDS))
    debits = await ws.listed(DEBIT, [d.out_trade_no for d in waiting
                                     if d.kind == DifferenceKind.PAID_NOT_AT_CHANNEL and d.out_trade_no])
    refunds = await ws.listed(REFUND, [d.out_refund_no for d in waiting
                                       if d.kind == DifferenceKind.REFUND_NOT_AT_CHANNEL and d.out_refund_no])
    for diff in waiting:
        if diff.out_trade_no in debits if diff.kind == DifferenceKind.PAID_NOT_AT_CHANNEL else (
                diff.out_refund_no in refunds):
            await _set_resolved(diff, run, f"{run.bill_date}对账单已列入，已一致")
        else:
            note = f"{run.bill_date}对账单仍未列入"
            await _record_outcome(diff, Outcome(DifferenceState.NEEDS_PERSON, note), run)


# ---- evidence ----

async def _evidence(found: Found, lines: dict[int, str]) -> dict[str, Any]:
    evidence: dict[str, Any] = {"why": found.why, "action": found.action}
    if found.line_nos:
        evidence["statement"] = [{"line_no": n, "text": lines.get(n)} for n in found.line_nos]
    elif found.kind in LATE_KINDS:
        evidence["statement"] = []  # not listed: that is the difference
    if found.upstream is not None:
        evidence["upstream"] = found.upstream
    evidence["seen"] = found.seen
    evidence["ours"] = await ours(found.payment_id, found.refund_id)
    return jsonable(evidence)


async def ours(payment_id: int | None, refund_id: int | None) -> dict[str, Any]:
    """Our rows behind a difference: the payment, its shares and refunds (or the lone refund)."""
    found: dict[str, Any] = {}
    if payment_id is not None:
        found["payment"] = await Payment.filter(id=payment_id).first().values(
            "id", "out_trade_no", "channel", "state", "amount_fen", "paid_amount_fen", "transaction_id", "paid_at",
            "region", "created_at")
        found["items"] = await PaymentItem.filter(payment_id=payment_id).order_by("id").values(
            "id", "declaration_id", "posting_no", "amount_fen", "posting_state", "posting_reason_code", "posted_at",
            "posting_ref")
    refunds = Refund.filter(payment_id=payment_id) if payment_id is not None else Refund.filter(id=refund_id)
    if payment_id is not None or refund_id is not None:
        found["refunds"] = await refunds.order_by("id").values(
            "id", "out_refund_no", "payment_item_id", "state", "amount_fen", "refund_id", "succeeded_at",
            "reason_code")
    return found


def jsonable(value: Any) -> Any:
    """Evidence as JSON: datetimes in Asia/Shanghai, enums by value."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


def _cut(value: str | None, size: int) -> str | None:
    return value[:size] if value is not None else None


async def days_due(channel: str, latest: date, back: int = 7) -> list[date]:
    """The days of the last `back` up to `latest` with no finished run (none yet, failed, or a run
    left RUNNING by a worker that died), oldest first: the hourly sweep reconciles them."""
    first = latest - timedelta(days=back - 1)
    done = set(await ReconciliationRun.filter(
        channel=channel, bill_date__gte=first, bill_date__lte=latest, state=RunState.DONE,
    ).values_list("bill_date", flat=True))
    return [d for d in (first + timedelta(days=i) for i in range(back)) if d not in done]
