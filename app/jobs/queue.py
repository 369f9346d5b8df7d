"""The durable job queue: procrastinate on PostgreSQL (the system of record: a job is a row
beside the money it is about), and its in-memory connector on the embedded default (one process).

The domain only ever sees `JobQueue`: `defer_posting`, `defer_refunds` … which defer by task
name, so a process that only defers (the API) needs no task code. Workers run the tasks
`app.tasks` declares (registered by the composition root, `app.bootstrap`), each given the
services the queue was bound to: `python -m app worker` as its own process in production; inside
`python -m app serve` on the embedded default.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from procrastinate import App, Blueprint, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued, ConnectorException
from procrastinate.testing import InMemoryConnector

from config.settings import Settings

log = logging.getLogger("shebao.jobs")

NAMESPACE = "shebao"
WORK_QUEUE = "work"
SWEEP_QUEUE = "sweeps"
# 3 s, 9 s, 27 s … 10 attempts: about 16 hours at the last, well inside every region's deadline
RETRY = RetryStrategy(max_attempts=10, exponential_wait=3)
POST = "payments.post"
REFUND = "refunds.refund_shares"
CERTIFICATE = "certificates.make"
FINISH_BATCH = "batch_debit.finish_list"


def _conninfo(database_url: str) -> str:
    return "postgresql://" + database_url.split("://", 1)[1]


# procrastinate binds a blueprint's tasks to the one app that adds them: one app per process
_APPS: dict[str, App] = {}


def _app_for(settings: Settings) -> App:
    key = "memory" if settings.is_sqlite else _conninfo(settings.database_url)
    app = _APPS.get(key)
    if app is None:
        if _APPS:
            raise RuntimeError("one job queue per process: it already uses another database")
        connector = InMemoryConnector() if settings.is_sqlite else PsycopgConnector(conninfo=key, min_size=1,
                                                                                    max_size=4)
        app = _APPS[key] = App(connector=connector)
    return app


class JobQueue:
    """Defers follow-up work and runs it. PostgreSQL when the database is, in memory otherwise."""

    def __init__(self, settings: Settings) -> None:
        self.in_memory = settings.is_sqlite
        self.stalled_after = timedelta(seconds=settings.stalled_job_seconds)
        self.app = _app_for(settings)
        self._open = False
        self._draining = asyncio.Lock()
        self._context: dict[str, Any] = {}

    def serve(self, tasks: Blueprint, services: Any) -> None:
        """The tasks this process runs, and the services each of them is given (its job context's
        `services`). Deferring needs neither."""
        if not any(name.startswith(f"{NAMESPACE}:") for name in self.app.tasks):
            self.app.add_tasks_from(tasks, namespace=NAMESPACE)
        self._context["services"] = services

    async def open(self) -> None:
        if not self._open:
            await self.app.open_async()
            self._open = True

    async def close(self) -> None:
        if self._open:
            await self.app.close_async()
            self._open = False

    async def apply_schema(self) -> bool:
        """Create procrastinate's tables on PostgreSQL if they are not there; True if it did."""
        if self.in_memory:
            return False
        rows = await self.app.connector.execute_query_one_async(
            "SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS present")
        if rows and rows["present"]:
            return False
        await self.app.schema_manager.apply_schema_async()
        return True

    async def _defer(self, name: str, **kwargs: Any) -> None:
        # No procrastinate `lock`: on PostgreSQL a job waiting for its back-off would hold every
        # later job of the same lock behind it (a refund behind a posting retry, a 查验状态 behind
        # both). Jobs of one payment may run side by side: every step is compare-and-set on our
        # rows, and every outside call carries its own number. No `queueing_lock` either: a job
        # that raises RetryLater goes back to `todo` keeping its queueing lock, which fails (and
        # leaves the job `doing`) when a sweep queued another of the same lock while it ran.
        await self.app.configure_task(name=f"{NAMESPACE}:{name}", queue=WORK_QUEUE).defer_async(**kwargs)

    async def _waiting(self, task_name: str, soon: timedelta = timedelta(minutes=5)) -> set[int]:
        """The payments a job of this task runs for (doing) or will run for within `soon` (todo; a
        job in a longer back-off does not hold the sweep back: it finds nothing to do when it runs)."""
        found: set[int] = set()
        horizon = datetime.now(UTC) + soon
        for status in ("todo", "doing"):
            for job in await self.app.job_manager.list_jobs_async(task=f"{NAMESPACE}:{task_name}", status=status):
                if status == "todo" and job.scheduled_at is not None and job.scheduled_at > horizon:
                    continue
                payment_id = (job.task_kwargs or {}).get("payment_id")
                if isinstance(payment_id, int):
                    found.add(payment_id)
        return found

    async def _sweep(self, task_name: str, payment_ids: list[int]) -> int:
        """A sweep's deferrals: one job per payment that has none waiting or running. Two sweeps at
        once may both defer one (harmless: the jobs are idempotent); they do not pile up."""
        waiting = await self._waiting(task_name)
        deferred = 0
        for payment_id in payment_ids:
            if payment_id not in waiting:
                await self._defer(task_name, payment_id=payment_id)
                deferred += 1
        return deferred

    async def run_sweeps_now(self, names: list[str]) -> int:
        """Queue each periodic sweep (`sweep.<name>`) to run now, beside its schedule (the sandbox's
        clock was moved: what the skipped days would have done happens at once). A sweep already
        waiting is not queued twice (its queueing lock). Returns how many were queued."""
        queued = 0
        for name in names:
            task = self.app.configure_task(name=f"{NAMESPACE}:sweep.{name}", queue=SWEEP_QUEUE,
                                           queueing_lock=f"sweep.{name}")
            try:
                await task.defer_async(timestamp=int(time.time()))
            except AlreadyEnqueued:
                continue
            queued += 1
        return queued

    async def defer_posting(self, payment_id: int) -> None:
        """到账确认 of the payment's shares, outside the request."""
        await self._defer(POST, payment_id=payment_id)

    async def defer_refunds(self, payment_id: int) -> None:
        """Refunds of the payment's refused or overdue shares, outside the request."""
        await self._defer(REFUND, payment_id=payment_id)

    async def defer_certificate(self, certificate_id: int) -> None:
        """Render, sign and keep a certificate, outside the request."""
        await self._defer(CERTIFICATE, certificate_id=certificate_id)

    async def defer_finish_batch(self, batch_id: int) -> None:
        """A 批扣清册 one of whose debits has its result: done if it was the last."""
        await self._defer(FINISH_BATCH, batch_id=batch_id)

    async def sweep_postings(self, payment_ids: list[int]) -> int:
        """A posting job for each payment that has none waiting or running; how many were deferred."""
        return await self._sweep(POST, payment_ids)

    async def sweep_refunds(self, payment_ids: list[int]) -> int:
        """A refund job for each payment that has none waiting or running; how many were deferred."""
        return await self._sweep(REFUND, payment_ids)

    async def run_worker(self, *, concurrency: int = 4, sweeps: bool = True, wait: bool = True) -> None:
        """Run jobs until cancelled (`wait`), or until none is left (`wait=False`). Without `sweeps`
        the periodic sweeps are neither scheduled nor run (tests drain only what they caused)."""
        queues = None if sweeps else [WORK_QUEUE]
        options: dict[str, Any] = {"concurrency": concurrency, "wait": wait, "install_signal_handlers": False,
                                   "queues": queues, "fetch_job_polling_interval": 1.0,
                                   "additional_context": self._context}
        if not sweeps:
            self.app.periodic_registry.periodic_tasks.clear()
        else:
            await self.retry_stalled()  # a worker killed before this one started: its jobs, now
        await self.app.run_worker_async(**options)

    async def drain(self) -> None:
        """Run every job that is due now, and the jobs they defer, then return (tests, commands).
        One drain at a time in a process; a job locked by one running elsewhere is waited for."""
        async with self._draining:
            for _ in range(200):
                await self.run_once()
                if not await self.due():
                    return
                await asyncio.sleep(0.05)
        raise RuntimeError("the work queue did not drain")

    async def run_once(self, queue: str = WORK_QUEUE) -> None:
        """One worker pass over the jobs of `queue` due now (no waiting for jobs another worker holds)."""
        await self.app.run_worker_async(wait=False, install_signal_handlers=False, queues=[queue],
                                        concurrency=1, listen_notify=False, additional_context=self._context)

    async def prune(self, keep: timedelta = timedelta(days=7)) -> int:
        """Forget succeeded jobs older than `keep` (failed ones stay for a person to see)."""
        if self.in_memory:
            return 0
        rows = await self.app.connector.execute_query_all_async(
            "DELETE FROM procrastinate_jobs j WHERE j.status = 'succeeded' AND NOT EXISTS (SELECT 1 FROM "
            "procrastinate_events e WHERE e.job_id = j.id AND e.at > now() - %(keep)s::interval) RETURNING j.id",
            keep=f"{int(keep.total_seconds())} seconds")
        return len(rows)

    async def ping(self) -> None:
        """Raise if the queue's database cannot be reached."""
        await self.app.connector.execute_query_one_async("SELECT 1 AS one")

    async def clear(self) -> None:
        """Forget every job (tests only: never used by the service)."""
        if self.in_memory:
            self.app.connector.reset()  # type: ignore[attr-defined]
        else:
            await self.app.connector.execute_query_async(
                "TRUNCATE procrastinate_jobs, procrastinate_periodic_defers RESTART IDENTITY CASCADE")

    async def due(self) -> int:
        """How many work jobs wait to run now."""
        jobs = await self.app.job_manager.list_jobs_async(queue=WORK_QUEUE, status="todo")
        now = datetime.now(UTC)
        return sum(1 for job in jobs if job.scheduled_at is None or job.scheduled_at <= now)

    async def retry_stalled(self) -> int:
        """Put back the jobs of workers that stopped sending heartbeats (killed, frozen)."""
        stalled = list(await self.app.job_manager.get_stalled_jobs(
            seconds_since_heartbeat=self.stalled_after.total_seconds()))
        retried = 0
        for job in stalled:
            log.warning("job %s (%s) of a silent worker goes back to the queue", job.id, job.task_name)
            try:
                await self.app.job_manager.retry_job(job)
            except ConnectorException:  # finished meanwhile, or cannot go back: the others still do
                log.exception("job %s could not go back to the queue", job.id)
                continue
            retried += 1
        return retried

    async def counts(self) -> dict[tuple[str, str], int]:
        """Jobs by task and status (for /metrics and the runbook)."""
        if self.in_memory:
            found: dict[tuple[str, str], int] = {}
            for job in await self.app.job_manager.list_jobs_async():
                key = (job.task_name, str(job.status))
                found[key] = found.get(key, 0) + 1
            return found
        rows = await self.app.connector.execute_query_all_async(
            "SELECT task_name, status::text AS status, count(*) AS n FROM procrastinate_jobs GROUP BY 1, 2")
        return {(r["task_name"], r["status"]): int(r["n"]) for r in rows}
