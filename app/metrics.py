"""Prometheus metrics, read from the system of record at each scrape (a handful of grouped
queries on indexed columns): what is open, what is owed, what is flagged, and whether every sweep
still runs. Nothing is counted in process memory, so every API worker answers the same."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from tortoise import Tortoise
from tortoise.functions import Count

from app import clock
from app.context import Services
from app.jobs import last_success
from app.payments import OPEN_PAYMENT_STATES, Payment
from app.refunds import DONE_REFUND_STATES

AGE_BUCKETS = (("lt_5m", timedelta(minutes=5)), ("lt_30m", timedelta(minutes=30)), ("lt_2h", timedelta(hours=2)),
               ("lt_1d", timedelta(days=1)), ("ge_1d", None))
SWEEPS = ("sweep.sync_open_payments", "sweep.close_expired_payments", "sweep.expire_declarations",
          "sweep.post_unposted", "sweep.fail_overdue_shares", "sweep.refunds", "sweep.retry_stalled_jobs",
          "sweep.reconcile", "sweep.prune_jobs", "sweep.certificates", "payments.post", "refunds.refund_shares",
          "certificates.make")


class _Fixed(Collector):
    def __init__(self, metrics: list[Metric]) -> None:
        self._metrics = metrics

    def collect(self) -> Iterable[Metric]:
        return self._metrics


async def _rows(sql: str, *params: object) -> list[dict[str, object]]:
    conn = Tortoise.get_connection("default")
    return list(await conn.execute_query_dict(sql, list(params)))


async def _open_payments(now: datetime) -> Metric:
    """Open payments by state and age, counted in the database: for each age bound, how many are
    younger than it (the instant compared as an instant on either backend), differenced into
    buckets."""
    family = GaugeMetricFamily("shebao_open_payments", "Payments without a final result yet, by state and age",
                               labels=["state", "age"])
    open_now = Payment.filter(state__in=list(OPEN_PAYMENT_STATES))
    younger: list[dict[str, int]] = []
    for _, limit in AGE_BUCKETS:
        query = open_now if limit is None else open_now.filter(created_at__gt=now - limit)
        rows = await query.annotate(n=Count("id")).group_by("state").values("state", "n")
        younger.append({str(row["state"]): int(row["n"]) for row in rows})
    for state in sorted(younger[-1]):
        below = 0
        for (name, _), counts in zip(AGE_BUCKETS, younger, strict=True):
            n = counts.get(state, 0) - below
            below = counts.get(state, 0)
            if n:
                family.add_metric([state, name], n)
    return family


async def _grouped(name: str, doc: str, sql: str, labels: list[str]) -> Metric:
    family = GaugeMetricFamily(name, doc, labels=labels)
    for row in await _rows(sql):
        family.add_metric([str(row[label]) for label in labels], float(row["n"]))  # type: ignore[arg-type]
    return family


async def collect(services: Services, workers: tuple[int, int, int] | None = None) -> bytes:
    """Every metric in Prometheus' text format; `workers`: the API workers alive, configured and
    restarted after dying (under Sanic's manager)."""
    now = clock.now()
    metrics: list[Metric] = [
        await _open_payments(now),
        await _grouped("shebao_payment_shares", "Shares of paid payments by posting state",
                       "SELECT i.posting_state AS state, count(*) AS n FROM payment_items i JOIN payments p "
                       "ON p.id = i.payment_id WHERE p.state = 'paid' GROUP BY i.posting_state", ["state"]),
        await _grouped("shebao_refunds", "Refunds by state (failed: money still owed, a person acts)",
                       "SELECT state, count(*) AS n FROM refunds GROUP BY state", ["state"]),
        await _grouped("shebao_flagged_notifications", "Notifications kept and flagged, by reason",
                       "SELECT coalesce(reject_reason, 'none') AS reason, count(*) AS n FROM channel_notifications "
                       "WHERE flagged GROUP BY 1", ["reason"]),
        await _grouped("shebao_reconciliation_differences", "Reconciliation differences by kind and state",
                       "SELECT kind, state, count(*) AS n FROM reconciliation_differences GROUP BY kind, state",
                       ["kind", "state"]),
    ]
    owed = await _rows(
        "SELECT count(*) AS n, coalesce(sum(i.amount_fen), 0) AS fen FROM payment_items i JOIN payments p "
        "ON p.id = i.payment_id LEFT JOIN refunds r ON r.payment_item_id = i.id "
        f"AND r.state IN ({', '.join(repr(s.value) for s in DONE_REFUND_STATES)}) "
        "WHERE p.state = 'paid' AND i.posting_state = 'failed' AND r.id IS NULL")
    shares = GaugeMetricFamily("shebao_refunds_owed", "Refused or overdue shares whose money is not back yet")
    shares.add_metric([], float(owed[0]["n"]))  # type: ignore[arg-type]
    fen = GaugeMetricFamily("shebao_refunds_owed_fen", "The money of those shares, in fen")
    fen.add_metric([], float(owed[0]["fen"]))  # type: ignore[arg-type]
    metrics += [shares, fen]
    last = GaugeMetricFamily("shebao_job_last_success_timestamp_seconds", "When each job last succeeded",
                             labels=["task"])
    for task in SWEEPS:
        when = await last_success(services.kv, task)
        if when is not None:
            last.add_metric([task], when.timestamp())
    jobs = GaugeMetricFamily("shebao_jobs", "Jobs of the queue by task and status", labels=["task", "status"])
    for (task, status), n in sorted((await services.queue.counts()).items()):
        jobs.add_metric([task, status], n)
    metrics += [last, jobs]
    if workers is not None:
        alive, configured, restarts = workers
        gauge = GaugeMetricFamily("shebao_api_workers", "API worker processes by state", labels=["state"])
        gauge.add_metric(["alive"], alive)
        gauge.add_metric(["configured"], configured)
        died = CounterMetricFamily("shebao_api_worker_restarts", "API workers that died and were started again")
        died.add_metric([], restarts)
        metrics += [gauge, died]
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Fixed(metrics))
    return generate_latest(registry)
