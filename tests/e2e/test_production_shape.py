"""The production shape, started as an operator would: the sandboxes as their own process, the
API under Sanic's manager with two workers (no jobs inside), and the job worker as its own
process, on PostgreSQL and Redis with the sandboxes explicitly allowed. A payment travels through
all of them; the worker is stopped and another started while a job waits; logs are JSON lines
with request ids and money numbers; readiness and metrics answer. (CI's PostgreSQL pass.)"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from sandboxes.upstream.demo_data import DEMO_PEOPLE
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL, free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not (TEST_DATABASE_URL and TEST_REDIS_URL), reason="needs PostgreSQL and Redis")


async def _fresh_database() -> str:
    import asyncpg

    base, _, _ = TEST_DATABASE_URL.rpartition("/")
    name = f"shebao_e2e_{os.getpid()}"
    conn = await asyncpg.connect(TEST_DATABASE_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{base}/{name}"


class Fleet:
    """The processes of the test, each logging to its own file, all stopped at the end."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.procs = env, logs, dict[str, subprocess.Popen[bytes]]()

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        with open(self.logs / f"{name}.log", "ab") as out:  # the child keeps its own copy
            proc = subprocess.Popen([sys.executable, "-m", "app", *args], cwd=ROOT, env=self.env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = proc
        return proc

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, sig)
        proc.wait(30)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for name in list(self.procs):
            try:
                self.stop(name)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.stop(name, signal.SIGKILL)


@pytest.fixture
async def fleet(tmp_path: Path) -> AsyncIterator[tuple[Fleet, str, str]]:
    port, sandbox_port = free_port(), free_port()
    sandbox = f"http://127.0.0.1:{sandbox_port}"
    env = {
        **os.environ, "TZ": "Asia/Shanghai",
        "SHEBAO_PROFILE": "production", "SHEBAO_ALLOW_SANDBOXES": "true",
        "SHEBAO_SECRET_KEY": "an-e2e-secret-key-that-is-long-enough-0123456789",
        "SHEBAO_DATABASE_URL": await _fresh_database(), "SHEBAO_REDIS_URL": TEST_REDIS_URL,
        "SHEBAO_REDIS_NAMESPACE": f"shebao-e2e-{os.getpid()}",
        "SHEBAO_PORT": str(port), "SHEBAO_SANDBOX_PORT": str(sandbox_port),
        "SHEBAO_WECHAT_GATEWAY_URL": sandbox, "SHEBAO_UPSTREAM_URL": sandbox,
        "SHEBAO_IN_PROCESS_WORKER": "false", "SHEBAO_LOG_FORMAT": "json", "SHEBAO_STALLED_JOB_SECONDS": "5",
        "SHEBAO_WECHAT_KEYS_DIR": str(tmp_path / "keys"), "SHEBAO_METRICS_TOKEN": "e2e-metrics",
    }
    fleet = Fleet(env, tmp_path)
    try:
        fleet.start("sandbox", "sandbox")
        await _ready(f"{sandbox}/sandbox/state", fleet, "sandbox")
        migrate = await asyncio.create_subprocess_exec(sys.executable, "-m", "app", "migrate", cwd=ROOT, env=env,
                                                       stderr=asyncio.subprocess.PIPE)
        _, errors = await migrate.communicate()
        assert migrate.returncode == 0, errors.decode()
        fleet.start("api", "api", "--workers", "2")
        fleet.start("worker", "worker")
        await _ready(f"http://127.0.0.1:{port}/readyz", fleet, "api")
        yield fleet, f"http://127.0.0.1:{port}", sandbox
    finally:
        fleet.stop_all()


async def _ready(url: str, fleet: Fleet, name: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if fleet.procs[name].poll() is not None:
                raise AssertionError(fleet.log(name))
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"{url} never became ready:\n{fleet.log(name)[-3000:]}")


async def _until(check, seconds: float = 30.0):  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.2)):
        found = await check()
        if found:
            return found
        await asyncio.sleep(0.2)
    raise AssertionError("never happened")


async def test_api_workers_and_the_job_worker_as_separate_processes(fleet) -> None:  # type: ignore[no-untyped-def]
    fleet_, base, sandbox = fleet
    person = next(p for p in DEMO_PEOPLE if p.name == "杨波")
    month = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y%m")
    async with httpx.AsyncClient(base_url=base, timeout=20) as client:
        code = (await client.post(f"{sandbox}/sandbox/wx/login-code", json={"user": "e2e-prod"})).json()
        r = await client.post("/api/v1/sessions", json={"code": code["result"]["code"], "region": "guizhou"},
                              headers={"X-Request-ID": "e2e-signin-1"})
        assert r.status_code == 201 and r.headers["x-request-id"] == "e2e-signin-1", r.text
        headers = {"Authorization": f"Bearer {r.json()['token']}"}
        r = await client.post("/api/v1/me/real-name", headers=headers, json={
            "id_type": person.id_type, "id_number": person.id_number, "name": person.name})
        assert r.status_code == 200, r.text

        async def pay(period: str) -> dict:  # type: ignore[type-arg]
            r = await client.post("/api/v1/declarations", headers=headers, json={
                "insurance_type": "flexible_pension", "payment_kind": "normal", "period_start": period,
                "period_end": period, "grade": "p60"})
            assert r.status_code == 201, r.text
            r = await client.post("/api/v1/payments", headers=headers,
                                  json={"declaration_ids": [r.json()["declaration"]["id"]]})
            assert r.status_code == 200, r.text
            payment = r.json()["payment"]
            order = {"out_trade_no": payment["out_trade_no"]}
            assert (await client.post(f"{sandbox}/sandbox/pay/confirm", json=order)).status_code == 200
            assert (await client.post(f"{sandbox}/sandbox/pay/notify", json=order)).status_code == 200
            return payment  # type: ignore[no-any-return]

        async def posted(payment_id: int):  # type: ignore[no-untyped-def]
            shown = (await client.get(f"/api/v1/payments/{payment_id}", headers=headers)).json()["payment"]
            return shown if shown["status_label"] == "缴款成功" else None

        first = await pay(month)
        await _until(lambda: posted(first["id"]))  # posted by the worker, through upstream's HTTP face

        # no worker for a while: the job waits in PostgreSQL; a new worker takes it
        fleet_.stop("worker", signal.SIGKILL)
        second = await pay(f"{int(month[:4]) - 1}12" if month.endswith("01") else f"{int(month) - 1}")
        await asyncio.sleep(1.0)
        assert await posted(second["id"]) is None
        fleet_.start("worker", "worker")
        await _until(lambda: posted(second["id"]))

        state = (await client.get(f"{sandbox}/sandbox/upstream/state")).json()["result"]
        assert len(state["postings"]) == 2  # each posted once, by whichever worker
        ready = (await client.get("/readyz")).json()
        assert ready.pop("api_workers") in ("1/2", "2/2"), ready  # the other worker may still be starting
        assert ready == {"status": "ok", "database": "ok", "redis": "ok", "queue": "ok"}
        assert (await client.get("/livez")).status_code == 200
        assert (await client.get("/metrics")).status_code == 401
        metrics = (await client.get("/metrics", headers={"Authorization": "Bearer e2e-metrics"})).text
        assert 'shebao_payment_shares{state="posted"} 2.0' in metrics
        assert 'shebao_jobs{status="succeeded",task="shebao:payments.post"}' in metrics

    api_lines = [json.loads(line) for line in fleet_.log("api").splitlines() if line.startswith("{")]
    assert any(line.get("request_id") == "e2e-signin-1" for line in api_lines), fleet_.log("api")[-2000:]
    worker_lines = [json.loads(line) for line in fleet_.log("worker").splitlines() if line.startswith("{")]
    assert any(line.get("out_trade_no") == first["out_trade_no"] for line in worker_lines), \
        fleet_.log("worker")[-2000:]


def _api_workers(master: int) -> list[int]:
    """The API's worker processes: the master's children that Sanic started as servers."""
    found = []
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        try:
            environ = Path(f"/proc/{child}/environ").read_bytes()
        except (FileNotFoundError, ProcessLookupError):  # gone, or a zombie not reaped yet
            continue
        if b"SANIC_WORKER_NAME=Sanic-Server" in environ:
            found.append(int(child))
    return found


async def test_an_api_worker_that_dies_is_replaced_logged_and_counted(fleet) -> None:  # type: ignore[no-untyped-def]
    fleet_, base, _ = fleet
    master = fleet_.procs["api"].pid
    auth = {"Authorization": "Bearer e2e-metrics"}
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        async def whole():  # type: ignore[no-untyped-def]
            return (await client.get("/readyz")).json()["api_workers"] == "2/2"

        await _until(whole)  # both workers serving
        before = _api_workers(master)
        assert len(before) == 2, before
        os.kill(before[0], signal.SIGKILL)

        async def replaced():  # type: ignore[no-untyped-def]
            now = _api_workers(master)
            return now if len(now) == 2 and before[0] not in now else None

        after = await _until(replaced, 30)
        assert before[1] in after  # the other one served on meanwhile
        await _until(whole, 60)  # the new one serves too
        for _ in range(20):  # every worker answers, and says it is whole again
            assert (await client.get("/readyz")).json()["api_workers"] == "2/2"
        metrics = (await client.get("/metrics", headers=auth)).text
        assert "shebao_api_worker_restarts_total 1.0" in metrics, metrics
        assert 'shebao_api_workers{state="alive"} 2.0' in metrics
    assert "died" in fleet_.log("api"), fleet_.log("api")[-2000:]
