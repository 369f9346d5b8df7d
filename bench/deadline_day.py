"""A collection deadline day, compressed: the production shape under a payer load, with faults,
then reconciliation and the ledger to the fen. Run as `python -m bench.deadline_day`.

The shape, started as an operator would: `python -m app sandbox` (every channel and upstream, its
own process), `python -m app api --workers 2`, two `python -m app worker`, PostgreSQL (a database
of the bench's own) and a redis-server of its own on a free port (the run restarts it). Payers of
Hubei, Guizhou and Beijing sign in and bind (Hubei with a face scan), open the menus, declare,
pay through WeChat Pay, Alipay (Hubei) or a bank agreement (Hubei, 扫脸 each time); the channels
notify duplicated, late and out of order (a payer refreshes first); others read their records
pages and certificates. Faults on a schedule: a job worker SIGKILLed while jobs run (and
restarted), an API worker SIGKILLed (Sanic's manager replaces it), the channels down for 30 s,
upstream slow and answering unknown, Redis restarted.

Then the books: recovery settles, `python -m app reconcile` for each channel, and the strict
ledger (tests/api/ledger.py) over our rows and the sandboxes' books. Printed and written
(docs/performance/deadline-day[-quick].json/.md, plots as PNG): the ledger, throughput and p99 per
path over time, every process's RSS over time, errors by kind. Exit status 1 when the ledger
does not balance, reconciliation found a difference, or a 5xx/connection error happened that no
injected fault explains.

    python -m bench.deadline_day --payers 20000 --minutes 10
    python -m bench.deadline_day --quick            # CI: ≤ 3 minutes, the same faults
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from bench.http_bench import fresh_database, wait_ready
from bench.loadgen import Connection

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "performance"
SHANGHAI = ZoneInfo("Asia/Shanghai")
REGIONS = {  # region → (division code of its payers, the insurance type they pay, share of payers)
    "hubei": ("420102", "resident_pension", 0.5),
    "guizhou": ("520102", "flexible_pension", 0.3),
    "beijing": ("110101", "resident_pension", 0.2),
}
BUCKET = 10.0  # seconds per point of the time series


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def now() -> float:
    return time.monotonic()


# ---- the fleet ---------------------------------------------------------------------------------


class Fleet:
    """The processes of the run, each logging to its own file."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, *args: str, program: list[str] | None = None) -> subprocess.Popen[bytes]:
        with open(self.logs / f"{name}.log", "ab") as out:
            proc = subprocess.Popen(program or [sys.executable, "-m", "app", *args], cwd=ROOT, env=self.env,
                                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = proc
        return proc

    def kill(self, name: str, sig: int = signal.SIGTERM, wait: float = 30) -> None:
        proc = self.procs.pop(name)
        try:
            os.killpg(proc.pid, sig)
            proc.wait(wait)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(10)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.kill(name)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


def api_workers(master: int) -> list[int]:
    """The API's serving processes: the master's children Sanic started as servers."""
    found = []
    for child in children(master):
        try:
            environ = Path(f"/proc/{child}/environ").read_bytes()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if b"SANIC_WORKER_NAME=Sanic-Server" in environ:
            found.append(child)
    return found


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


# ---- what the run records ----------------------------------------------------------------------


@dataclass
class Fault:
    name: str
    start: float
    end: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Record:
    t0: float
    samples: list[tuple[float, str, int, float]] = field(default_factory=list)  # (t, path, status, seconds)
    errors: Counter[str] = field(default_factory=Counter)
    rss: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    faults: list[Fault] = field(default_factory=list)
    journeys: Counter[str] = field(default_factory=Counter)
    unexplained: list[str] = field(default_factory=list)

    def fault(self, name: str, **detail: Any) -> Fault:
        found = Fault(name, now() - self.t0, detail=detail)
        self.faults.append(found)
        print(f"[{found.start:7.1f}s] fault: {name} {detail or ''}", flush=True)
        return found

    def end(self, fault: Fault, **detail: Any) -> None:
        fault.end = now() - self.t0
        fault.detail.update(detail)
        print(f"[{fault.end:7.1f}s] fault over: {fault.name} {detail or ''}", flush=True)

    def explained(self, t: float) -> str | None:
        """The injected fault whose window (and 15 s after it) holds moment t, if any."""
        for f in reversed(self.faults):  # the latest one that began: what the moment most likely met
            end = f.end if f.end is not None else t
            if f.start - 1 <= t <= end + 15:
                return f.name
        return None


class Client:
    """One keep-alive connection that records every request: path label, status, latency."""

    def __init__(self, base: str, record: Record) -> None:
        self.base, self.record = base, record
        self.conn = Connection(base)
        self.last_used = now()

    async def call(self, label: str, method: str, path: str, body: Any = None,
                   headers: dict[str, str] | None = None) -> tuple[int, Any]:
        start = now()
        idle = start - self.last_used
        try:
            try:
                status, data = await asyncio.wait_for(self.conn.request(method, path, body, headers), 60)
            except (OSError, asyncio.IncompleteReadError, IndexError):
                if idle < 4.0:
                    raise
                # the server closes a keep-alive connection idle for 5 s (Sanic's KEEP_ALIVE_TIMEOUT):
                # the request never reached it; any HTTP client sends it again on a new connection
                await self.reset()
                status, data = await asyncio.wait_for(self.conn.request(method, path, body, headers), 60)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            await self.reset()
            t = now() - self.record.t0
            fault = self.record.explained(t)
            kind = f"connection ({type(exc).__name__})"
            self.record.errors[f"{label}: {kind}" + (f" [injected: {fault}]" if fault else "")] += 1
            if not fault:
                self.record.unexplained.append(f"{t:.1f}s {label} {method} {path}: {kind}")
            self.record.samples.append((t, label, 599, now() - start))
            return 599, None
        self.last_used = now()
        t = self.last_used - self.record.t0
        self.record.samples.append((t, label, status, now() - start))
        if status >= 400:
            code = data.get("error", {}).get("code", "") if isinstance(data, dict) else ""
            fault = self.record.explained(t) if status >= 500 else None
            injected = status >= 500 and status != 500 and fault is not None
            self.record.errors[f"{label}: {status} {code}" + (f" [injected: {fault}]" if injected else "")] += 1
            if status >= 500 and not injected:
                self.record.unexplained.append(f"{t:.1f}s {label} {method} {path}: {status} {code} {data!r:.300}")
        return status, data

    async def reset(self) -> None:
        try:
            await self.conn.close()
        except (OSError, RuntimeError):
            pass
        self.conn = Connection(self.base)


# ---- payers ------------------------------------------------------------------------------------


@dataclass
class Payer:
    index: int
    region: str
    id_number: str
    name: str
    insurance_type: str
    channel: str = "wechat_pay"
    account_no: str = ""


def make_payers(count: int, seed: int) -> list[Payer]:
    from app.identity.id_numbers import make_resident_id
    from bench.people import _GIVEN, _SURNAMES

    rnd = random.Random(seed)
    payers = []
    for i in range(count):
        pick, region = rnd.random(), "beijing"
        acc = 0.0
        for name, (_, _, share) in REGIONS.items():
            acc += share
            if pick < acc:
                region = name
                break
        division, insurance_type, _ = REGIONS[region]
        birth = date(1960, 1, 1) + timedelta(days=i // 500)
        id_number = make_resident_id(division, birth, f"{i % 500:03d}")
        name = _SURNAMES[i % len(_SURNAMES)] + _GIVEN[(i // len(_SURNAMES)) % len(_GIVEN)] + _GIVEN[i % len(_GIVEN)]
        channel = "wechat_pay"
        if region == "hubei":
            channel = rnd.choices(["wechat_pay", "alipay", "bank_agreement"], [0.55, 0.3, 0.15])[0]
        payers.append(Payer(i, region, id_number, name, insurance_type, channel, f"62220{i:014d}"))
    return payers


def declaration_body(profiles: dict[str, Any], payer: Payer) -> dict[str, Any]:
    rule = profiles[payer.region].insurance_types[payer.insurance_type]
    year = datetime.now(SHANGHAI).year
    body: dict[str, Any] = {"insurance_type": payer.insurance_type, "payment_kind": "normal"}
    if rule.period_unit == "year":
        body.update(period_start=f"{year}01", period_end=f"{year}12")
    else:
        body.update(period_start=f"{year}01", period_end=f"{year}03")
    if rule.assessment_mode == "by_grade":
        body["grade"] = rule.grades[0].code
    if rule.assessment_mode == "by_base":
        body["contribution_base_fen"] = rule.base_range_fen[0]
    return body


class Journeys:
    """The payers' journeys through the API, the payers' and channels' sides through the sandbox."""

    def __init__(self, base: str, sandbox: str, record: Record, profiles: dict[str, Any], seed: int) -> None:
        self.base, self.sandbox, self.record, self.profiles = base, sandbox, record, profiles
        self.rnd = random.Random(seed)
        self.late: list[asyncio.Task[Any]] = []
        self.paid: list[tuple[Payer, dict[str, str], int]] = []  # (payer, headers, payment id)

    async def control(self, client: Client, path: str, body: Any) -> Any:
        status, data = await client.call("sandbox control", "POST", path, body)
        if status != 200:
            return None
        return data.get("result", data) if isinstance(data, dict) else data

    async def face(self, api: Client, box: Client, headers: dict[str, str], path: str,
                   body: Any = None) -> str | None:
        status, data = await api.call("face verification", "POST", path, body, headers)
        if status != 201:
            return None
        verify_id = str(data["verify_id"])
        await self.control(box, "/sandbox/face/scan", {"verify_id": verify_id, "passed": True})
        return verify_id

    async def run(self, payer: Payer, api: Client, box: Client) -> None:
        rec = self.record
        code = await self.control(box, "/sandbox/wx/login-code", {"user": f"deadline-{payer.index}"})
        if not code:
            rec.journeys["stopped: login code"] += 1
            return
        for _ in range(3):  # "系统繁忙，请稍后再试": a person tries again a little later, with a new code
            status, data = await api.call("sign-in", "POST", "/api/v1/sessions",
                                          {"code": code["code"], "region": payer.region})
            if status < 500:
                break
            await asyncio.sleep(3)
            code = await self.control(box, "/sandbox/wx/login-code", {"user": f"deadline-{payer.index}"}) or code
        if status != 201:
            rec.journeys["stopped: sign-in"] += 1
            return
        headers = {"Authorization": f"Bearer {data['token']}"}
        await api.call("menus", "GET", f"/api/v1/regions/{payer.region}/menus")
        person = {"id_type": "resident_id_card", "id_number": payer.id_number, "name": payer.name}
        body: dict[str, Any] = dict(person)
        if payer.region == "hubei":
            verify_id = await self.face(api, box, headers, "/api/v1/face-verifications", person)
            if verify_id is None:
                rec.journeys["stopped: face"] += 1
                return
            body["face_verify_id"] = verify_id
        status, _ = await api.call("bind (real name)", "POST", "/api/v1/me/real-name", body, headers)
        if status != 200:
            rec.journeys["stopped: bind"] += 1
            return
        roll = self.rnd.random()
        if roll < 0.25:  # only looks: records and the payments page
            await api.call("records page", "GET", "/api/v1/social-insurance-records", None,
                           headers)
            await api.call("payments page", "GET", "/api/v1/payments", None, headers)
            rec.journeys["looked"] += 1
            return
        status, data = await api.call("declare", "POST", "/api/v1/declarations",
                                      declaration_body(self.profiles, payer), headers)
        if status != 201:
            rec.journeys["stopped: declare"] += 1
            return
        declaration = data["declaration"]
        await api.call("declarations page", "GET", "/api/v1/declarations", None, headers)
        payment = await self.pay(payer, api, box, headers, declaration["id"])
        if payment is None:
            return
        rec.journeys[f"paid: {payer.channel}"] += 1
        self.paid.append((payer, headers, payment["id"]))
        await api.call("payment", "GET", f"/api/v1/payments/{payment['id']}", None, headers)
        if self.rnd.random() < 0.3 and len(self.paid) > 50:  # someone who paid earlier asks for a certificate
            earlier, their_headers, payment_id = self.paid[self.rnd.randrange(len(self.paid) - 50)]
            await api.call("certificate", "POST", f"/api/v1/payments/{payment_id}/certificates", {}, their_headers)

    async def pay(self, payer: Payer, api: Client, box: Client, headers: dict[str, str],
                  declaration_id: int) -> dict[str, Any] | None:
        rec = self.record
        body: dict[str, Any] = {"declaration_ids": [declaration_id], "channel": payer.channel}
        if payer.channel == "alipay":
            code = await self.control(box, "/sandbox/alipay/auth-code", {})
            if not code:
                rec.journeys["stopped: alipay auth code"] += 1
                return None
            body["alipay_auth_code"] = code["auth_code"]
        if payer.channel == "bank_agreement":
            agreement_id = await self.agreement(payer, api, box, headers)
            if agreement_id is None:
                return None
            verify_id = await self.face(api, box, headers, "/api/v1/me/face-verifications")
            body.update(agreement_id=agreement_id, face_verify_id=verify_id)
        status, data = await api.call(f"checkout {payer.channel}", "POST", "/api/v1/payments", body, headers)
        if status != 200:
            rec.journeys[f"stopped: checkout {payer.channel} {status}"] += 1
            return None
        payment = data["payment"]
        number = payment["out_trade_no"]
        refresh_first = self.rnd.random() < 0.2
        if payer.channel == "wechat_pay":
            if await self.control(box, "/sandbox/pay/confirm", {"out_trade_no": number}) is None:
                rec.journeys["stopped: wechat pay"] += 1
                return None
            if refresh_first:  # the payer's app asks before WeChat's word arrives: out of order
                await api.call("refresh", "POST", f"/api/v1/payments/{payment['id']}/refresh", {}, headers)
            roll = self.rnd.random()
            times, delay = (2, 0.0) if roll < 0.3 else (1, 0.0) if roll < 0.8 else (1, 5.0)
            self.later(box, "/sandbox/pay/notify", {"out_trade_no": number, "times": times, "delay": delay})
        elif payer.channel == "alipay":
            if await self.control(box, "/sandbox/alipay/pay", {"out_trade_no": number}) is None:
                rec.journeys["stopped: alipay pay"] += 1
                return None
            if refresh_first:
                await api.call("refresh", "POST", f"/api/v1/payments/{payment['id']}/refresh", {}, headers)
            for _ in range(2 if self.rnd.random() < 0.3 else 1):
                self.later(box, "/sandbox/alipay/notify", {"out_trade_no": number})
        else:
            self.later(box, "/sandbox/bank/settle", {"out_trade_no": number})
        return dict(payment)

    async def agreement(self, payer: Payer, api: Client, box: Client, headers: dict[str, str]) -> int | None:
        await self.control(box, "/sandbox/bank/accounts", {
            "bank_code": "ICBC", "account_no": payer.account_no, "holder_name": payer.name,
            "id_number": payer.id_number, "balance_fen": 10_000_000})
        verify_id = await self.face(api, box, headers, "/api/v1/me/face-verifications")
        status, data = await api.call("agreement", "POST", "/api/v1/agreements", {
            "division_code": REGIONS[payer.region][0], "bank_code": "ICBC", "account_no": payer.account_no,
            "holder_name": payer.name, "face_verify_id": verify_id}, headers)
        if status != 201:
            self.record.journeys[f"stopped: agreement {status}"] += 1
            return None
        return int(data["agreement"]["id"])

    def later(self, box: Client, path: str, body: Any) -> None:
        """The channel's word, on its own connection and in its own time (late ones overtake). Not
        acknowledged (the service could not confirm it while the channel was down), it comes
        again as WeChat Pay and Alipay send it again: after 15 s, 15 s, 30 s, 3 min."""
        async def send() -> None:
            await asyncio.sleep(self.rnd.uniform(0, 0.5))
            client = Client(self.sandbox, self.record)
            try:
                for wait in (15, 15, 30, 180, 0):
                    answer = await self.control(client, path, body)
                    statuses = answer if isinstance(answer, list) else [answer.get("status", 200)] \
                        if isinstance(answer, dict) else [0]
                    if all(s in (200, 204) for s in statuses) or not wait:
                        return
                    self.record.journeys["notification sent again"] += 1
                    await asyncio.sleep(wait)
            finally:
                await client.reset()

        self.late.append(asyncio.ensure_future(send()))


# ---- the run -----------------------------------------------------------------------------------


async def wait_http(url: str, fleet: Fleet, name: str, seconds: float = 60) -> None:
    """bench.http_bench's wait, with the process's own log when it exits or never answers."""
    try:
        await wait_ready(url, fleet.procs[name], seconds)
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}:\n{fleet.log(name)[-3000:]}") from None


async def jobs_by_status(db_url: str) -> dict[str, int]:
    import asyncpg

    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    try:
        rows = await conn.fetch("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY 1")
    finally:
        await conn.close()
    return {r[0]: r[1] for r in rows}


async def doing_jobs(db_url: str, worker_pid: int | None = None) -> list[dict[str, Any]]:
    import asyncpg

    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    try:
        rows = await conn.fetch("SELECT id, task_name, attempts FROM procrastinate_jobs WHERE status = 'doing'")
    finally:
        await conn.close()
    return [dict(r) for r in rows]


async def job_states(db_url: str, ids: list[int]) -> list[dict[str, Any]]:
    import asyncpg

    conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
    try:
        rows = await conn.fetch("SELECT id, task_name, status::text AS status, attempts FROM procrastinate_jobs "
                                "WHERE id = ANY($1::bigint[])", ids)
    finally:
        await conn.close()
    return [dict(r) for r in rows]


class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.record = Record(now())
        self.logs = Path(tempfile.mkdtemp(prefix="deadline-day-"))
        self.redis_port, self.port, self.sandbox_port = free_port(), free_port(), free_port()
        self.base, self.sandbox = f"http://127.0.0.1:{self.port}", f"http://127.0.0.1:{self.sandbox_port}"
        self.stop = asyncio.Event()
        self.killed_jobs: list[dict[str, Any]] = []

    # -- processes --

    def start_redis(self) -> None:
        self.fleet.start("redis", program=["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                                           "--save", "", "--appendonly", "no"])
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.redis_port), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    async def boot(self) -> None:
        name = "shebao_deadline_quick" if self.args.quick else "shebao_deadline"
        self.db_url = await fresh_database(name, self.args.database)
        env = {
            **os.environ, "TZ": "Asia/Shanghai",
            "SHEBAO_PROFILE": "production", "SHEBAO_ALLOW_SANDBOXES": "true",
            "SHEBAO_SECRET_KEY": "a-deadline-day-secret-key-that-is-long-enough-0123456789",
            "SHEBAO_DATABASE_URL": self.db_url, "SHEBAO_REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SHEBAO_REDIS_NAMESPACE": "deadline", "SHEBAO_PORT": str(self.port),
            "SHEBAO_SANDBOX_PORT": str(self.sandbox_port), "SHEBAO_WECHAT_GATEWAY_URL": self.sandbox,
            "SHEBAO_UPSTREAM_URL": self.sandbox,  # Alipay and the bank: the sandbox's address too (their default)
            "SHEBAO_IN_PROCESS_WORKER": "false", "SHEBAO_LOG_FORMAT": "json", "SHEBAO_STALLED_JOB_SECONDS": "20",
            "SHEBAO_WECHAT_KEYS_DIR": str(self.logs / "keys"), "SHEBAO_METRICS_TOKEN": "deadline-metrics",
            # every simulated payer comes from 127.0.0.1: the per-address limits would refuse the crowd
            "SHEBAO_LOGIN_RATE_PER_MINUTE": "1000000", "SHEBAO_CAPTCHA_RATE_PER_MINUTE": "1000000",
            # the sandboxes write finished trades to disk early, so the run goes through that path too
            "SHEBAO_SANDBOX_KEEP_IN_MEMORY": "100" if self.args.quick else "1000",
        }
        env.update(dict(kv.split("=", 1) for kv in self.args.env))
        self.env = env
        self.fleet = Fleet(env, self.logs)
        self.start_redis()
        self.fleet.start("sandbox", "sandbox")
        await wait_http(f"{self.sandbox}/sandbox/state", self.fleet, "sandbox")
        migrate = await asyncio.create_subprocess_exec(sys.executable, "-m", "app", "migrate", cwd=ROOT, env=env,
                                                       stderr=asyncio.subprocess.PIPE)
        _, errors = await migrate.communicate()
        if migrate.returncode != 0:
            raise RuntimeError(errors.decode())
        for attempt in range(3):  # on a busy machine Sanic's 30 s start-up acknowledgement can run out: again
            self.fleet.start("api", "api", "--workers", "2")
            try:
                await wait_http(f"{self.base}/readyz", self.fleet, "api", 120)
                break
            except RuntimeError:
                if attempt == 2:
                    raise
                self.fleet.kill("api")
                print("the API did not start (Sanic's start-up acknowledgement): starting it again", flush=True)
        self.fleet.start("worker-1", "worker")
        self.fleet.start("worker-2", "worker")

    async def register_people(self, payers: list[Payer]) -> None:
        """Upstream learns the payers (the control every sandbox has), 16 at a time."""
        queue = list(payers)

        async def feed() -> None:
            conn = Connection(self.sandbox)
            while queue:
                p = queue.pop()
                status, data = await conn.request("POST", "/sandbox/upstream/people", {
                    "id_type": "resident_id_card", "id_number": p.id_number, "name": p.name, "region": p.region,
                    "enrollments": [p.insurance_type]})
                if status != 200:
                    raise RuntimeError(f"upstream refused a payer: {data}")
            await conn.close()

        await asyncio.gather(*(feed() for _ in range(16)))

    # -- the sampler and the faults --

    def pids(self) -> dict[str, int]:
        found = {name: p.pid for name, p in self.fleet.procs.items()}
        for i, worker in enumerate(sorted(api_workers(found["api"])) if "api" in found else []):
            found[f"api worker {i + 1}"] = worker
        return found

    async def sample(self) -> None:
        while not self.stop.is_set():
            t = now() - self.record.t0
            for name, pid in self.pids().items():
                mib = rss_mib(pid)
                if mib is not None:
                    self.record.rss[name].append((t, mib))
            try:
                await asyncio.wait_for(self.stop.wait(), 2.0)
            except TimeoutError:
                pass

    async def sandbox_post(self, path: str, body: Any, method: str = "POST") -> Any:
        conn = Connection(self.sandbox)
        try:
            return await conn.request(method, path, body)
        finally:
            await conn.close()

    async def faults(self, seconds: float) -> None:
        rec = self.record
        schedule = [(0.12, self.upstream_trouble), (0.25, self.kill_job_worker), (0.40, self.kill_api_worker),
                    (0.52, self.channels_down), (0.72, self.restart_redis)]
        for at, action in schedule:
            delay = self.record.t0 + self.load_start + at * seconds - now()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                await action()
            except Exception as exc:  # noqa: BLE001 - a fault that could not be made is reported, not fatal
                rec.fault(f"{action.__name__} failed", error=repr(exc))

    async def upstream_trouble(self) -> None:
        fault = self.record.fault("upstream slow and unknown")
        count = 20 if self.args.quick else 60
        await self.sandbox_post("/sandbox/upstream/faults", {"operation": "post_payment", "mode": "unknown",
                                                             "count": count})
        await self.sandbox_post("/sandbox/upstream/faults", {"operation": "assess", "mode": "slow", "count": count})
        await asyncio.sleep(20)
        await self.sandbox_post("/sandbox/upstream/faults", None, "DELETE")
        self.record.end(fault, count=count)

    async def kill_job_worker(self) -> None:
        doing: list[dict[str, Any]] = []
        for _ in range(200):  # kill while jobs run (a worker takes a job within a few ms)
            doing = await doing_jobs(self.db_url)
            if doing:
                break
            await asyncio.sleep(0.05)
        fault = self.record.fault("job worker SIGKILL", doing_at_kill=len(doing))
        self.fleet.kill("worker-1", signal.SIGKILL)
        self.killed_jobs = doing
        await asyncio.sleep(3)
        self.fleet.start("worker-1", "worker")
        self.record.end(fault, jobs=[f"{d['id']} {d['task_name']}" for d in doing])

    async def kill_api_worker(self) -> None:
        master = self.fleet.procs["api"].pid
        before = api_workers(master)
        victim = before[0]
        fault = self.record.fault("API worker SIGKILL", pid=victim)
        os.kill(victim, signal.SIGKILL)
        killed = now()
        replaced = None
        for _ in range(600):
            current = api_workers(master)
            if len(current) == len(before) and victim not in current:
                replaced = now() - killed
                break
            await asyncio.sleep(0.1)
        self.record.end(fault, replaced_after_seconds=None if replaced is None else round(replaced, 2))

    async def channels_down(self) -> None:
        fault = self.record.fault("channel sandbox down 30 s")
        await self.sandbox_post("/sandbox/faults", {"operation": "*", "mode": "down"})
        await self.sandbox_post("/sandbox/bank/faults", {"operation": "*", "mode": "down", "count": None})
        await asyncio.sleep(30)
        await self.sandbox_post("/sandbox/faults", None, "DELETE")
        await self.sandbox_post("/sandbox/bank/faults", None, "DELETE")
        self.record.end(fault)

    async def restart_redis(self) -> None:
        fault = self.record.fault("Redis restart")
        self.fleet.kill("redis", signal.SIGTERM)
        await asyncio.sleep(1)
        self.start_redis()
        self.record.end(fault)

    # -- the load --

    async def load(self, payers: list[Payer], seconds: float) -> None:
        from config.regions import load_region_profiles

        journeys = Journeys(self.base, self.sandbox, self.record, load_region_profiles(), self.args.seed)
        self.journeys = journeys
        pending = list(reversed(payers))
        deadline = now() + seconds
        interval = seconds / max(len(payers), 1)
        started = now()
        served = 0

        async def user() -> None:
            nonlocal served
            api, box = Client(self.base, self.record), Client(self.sandbox, self.record)
            while pending and now() < deadline:
                payer = pending.pop()
                due = started + payer.index * interval  # arrivals spread over the run
                if due > now():
                    await asyncio.sleep(due - now())
                try:
                    await journeys.run(payer, api, box)
                except Exception as exc:  # noqa: BLE001 - a broken journey is counted, the run goes on
                    self.record.journeys[f"broken: {type(exc).__name__}: {exc}"[:120]] += 1
                served += 1
            await api.reset()
            await box.reset()

        await asyncio.gather(*(user() for _ in range(self.args.concurrency)))
        self.served = served
        if journeys.late:
            await asyncio.gather(*journeys.late, return_exceptions=True)

    # -- settling and the books --

    async def settle(self, within: float) -> dict[str, Any]:
        """Recovery runs until nothing moves: no job waiting, no share in between."""
        import asyncpg

        conn = await asyncpg.connect(self.db_url.replace("postgres://", "postgresql://", 1))
        try:
            end = now() + within
            last: dict[str, Any] = {}
            while now() < end:
                await self.sandbox_post("/sandbox/bank/settle", {})
                jobs = await jobs_by_status(self.db_url)
                open_shares = await conn.fetchval(
                    "SELECT count(*) FROM payment_items WHERE posting_state IN ('not_posted','posting','unknown') "
                    "AND payment_id IN (SELECT id FROM payments WHERE state = 'paid')")
                open_payments = await conn.fetchval(
                    "SELECT count(*) FROM payments WHERE state NOT IN ('paid','closed','failed')")
                open_refunds = await conn.fetchval("SELECT count(*) FROM refunds WHERE state IN ('created','unknown')")
                last = {"jobs": jobs, "open_shares": open_shares, "open_payments": open_payments,
                        "open_refunds": open_refunds}
                if not open_shares and not open_refunds and not jobs.get("todo") and not jobs.get("doing"):
                    return {**last, "settled": True}
                await asyncio.sleep(3)
            return {**last, "settled": False}
        finally:
            await conn.close()

    async def reconcile(self) -> dict[str, Any]:
        day = datetime.now(SHANGHAI).date()
        results = {}
        for channel in ("wechat_pay", "alipay", "bank_agreement"):
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "app", "reconcile", "--date", day.isoformat(), "--channel", channel, cwd=ROOT,
                env=self.env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            out, _ = await proc.communicate()
            text = out.decode(errors="replace")
            tail = text[text.rfind("日切对账"):] if "日切对账" in text else text[-2000:]
            summary = [line.strip() for line in tail.splitlines() if line.strip() and not line.startswith("{")]
            results[channel] = {"exit": proc.returncode, "summary": summary}
            print(f"reconcile {channel}: exit {proc.returncode}\n  " + "\n  ".join(summary), flush=True)
        return results

    async def ledger(self) -> dict[str, Any]:
        """tests/api/ledger.py's strict check, over our rows and the sandboxes' books (by HTTP)."""
        from tortoise import Tortoise

        from app.db import tortoise_config
        from tests.api.ledger import check_ledger

        _, wechat = await self.sandbox_post("/sandbox/state", None, "GET")
        _, alipay = await self.sandbox_post("/sandbox/alipay/state", None, "GET")
        _, bank = await self.sandbox_post("/sandbox/bank/state", None, "GET")
        _, upstream = await self.sandbox_post("/sandbox/upstream/state", None, "GET")
        wechat, alipay, bank, up = (d.get("result", d) for d in (wechat, alipay, bank, upstream))
        books = channel_books(wechat, alipay, bank)
        up_books = SimpleNamespace(
            postings={k: SimpleNamespace(upstream_ref=v.get("upstream_ref")) for k, v in up["postings"].items()},
            _requests={k: SimpleNamespace(amount_fen=v["amount_fen"], assessment_no=v["assessment_no"])
                       for k, v in up["requests"].items()},
            assessments={k: SimpleNamespace(status=v["status"]) for k, v in up["assessments"].items()},
        )
        await Tortoise.init(config=tortoise_config(self.db_url))
        try:
            found = await check_ledger(None, books, up_books, channel=("wechat_pay", "alipay", "bank_agreement"))
        finally:
            await Tortoise.close_connections()
        return {"balanced": not found.problems, "paid_payments": found.paid_payments,
                "posted_shares": found.posted_shares, "refunded_shares": found.refunded_shares,
                "debited_fen": found.debited_fen, "posted_fen": found.posted_fen, "refunded_fen": found.refunded_fen,
                "problems": found.problems[:50], "problem_count": len(found.problems)}

    async def go(self) -> int:
        args = self.args
        payers = make_payers(args.payers, args.seed)
        print(f"deadline day: {len(payers):,} payers, {args.minutes} minutes, logs in {self.logs}", flush=True)
        self.fleet = Fleet({}, self.logs)  # replaced by boot(); stop_all() stops whatever it started
        try:
            await self.boot()
            await self.register_people(payers)
        except BaseException:
            self.fleet.stop_all()
            raise
        print(f"booted, {len(payers):,} payers registered upstream", flush=True)
        sampler = asyncio.ensure_future(self.sample())
        seconds = args.minutes * 60
        self.load_start = now() - self.record.t0
        faults = asyncio.ensure_future(self.faults(seconds))
        try:
            await self.load(payers, seconds)
            await faults
            self.load_end = now() - self.record.t0
            print(f"load over after {self.load_end - self.load_start:.0f}s: {self.served:,} payers served; "
                  "settling", flush=True)
            # a share in a back-off may wait for the 5-minute sweep
            settled = await self.settle(600 if args.quick else 900)
            print(f"settled: {settled}", flush=True)
            killed = await job_states(self.db_url, [d["id"] for d in self.killed_jobs])
            reconciliation = await self.reconcile()
            ledger = await self.ledger()
        finally:
            self.stop.set()
            await sampler
            faults.cancel()
            self.fleet.stop_all()
        report = self.report(settled, killed, reconciliation, ledger)
        failed = (not ledger["balanced"] or bool(self.record.unexplained) or not settled["settled"]
                  or any(r["exit"] != 0 for r in reconciliation.values()))
        print("RESULT:", "FAILED" if failed else "OK", flush=True)
        if failed:
            print(json.dumps({"ledger_problems": ledger["problems"][:20],
                              "unexplained": self.record.unexplained[:20]}, ensure_ascii=False, indent=1))
        del report
        shutil.rmtree(self.logs / "keys", ignore_errors=True)
        return 1 if failed else 0

    # -- the report --

    def report(self, settled: dict[str, Any], killed: list[dict[str, Any]], reconciliation: dict[str, Any],
               ledger: dict[str, Any]) -> dict[str, Any]:
        from bench.deadline_report import write_report

        return write_report(self, settled, killed, reconciliation, ledger)


def channel_books(wechat: dict[str, Any], alipay: dict[str, Any], bank: dict[str, Any]) -> Any:
    """The three channels' books as the ledger check reads a channel sandbox: orders (trade_state,
    transaction_id, payer_total_fen), refunds (out_trade_no, refund_fen, status), refunded_fen()."""
    orders: dict[str, Any] = {}
    refunds: dict[str, Any] = {}
    for number, o in wechat["orders"].items():
        orders[number] = SimpleNamespace(trade_state=o["trade_state"], transaction_id=o.get("transaction_id", ""),
                                         payer_total_fen=(o["amount"].get("payer_total") or o["amount"]["total"]))
    for number, r in wechat["refunds"].items():
        refunds[number] = SimpleNamespace(out_refund_no=number, out_trade_no=r["out_trade_no"],
                                          refund_fen=r["amount"]["refund"], status=r["status"])
    for number, t in alipay["trades"].items():
        paid = t["status"] in ("TRADE_SUCCESS", "TRADE_FINISHED")
        state = ("REFUND" if t["refunds"] else "SUCCESS") if paid else t["status"]
        orders[number] = SimpleNamespace(trade_state=state, transaction_id=t["trade_no"] if paid else "",
                                         payer_total_fen=t["total_fen"])
        for request_no, fen in t["refunds"].items():
            refunds[request_no] = SimpleNamespace(out_refund_no=request_no, out_trade_no=number, refund_fen=fen,
                                                  status="SUCCESS")
    for number, d in bank["debits"].items():
        state = {"SUCCESS": "SUCCESS", "PROCESSING": "NOTPAY"}.get(d["status"], "CLOSED")
        orders[number] = SimpleNamespace(trade_state=state, transaction_id=d["bank_serial"] if state == "SUCCESS"
                                         else "", payer_total_fen=d["amount_fen"])
    for number, r in bank["refunds"].items():
        refunds[number] = SimpleNamespace(out_refund_no=number, out_trade_no=r["out_trade_no"],
                                          refund_fen=r["amount_fen"], status=r["status"])
    for refund in refunds.values():
        if refund.status in ("PROCESSING", "SUCCESS") and refund.out_trade_no in orders:
            order = orders[refund.out_trade_no]
            if order.trade_state == "SUCCESS":
                order.trade_state = "REFUND"

    def refunded_fen(out_trade_no: str) -> int:
        return sum(r.refund_fen for r in refunds.values()
                   if r.out_trade_no == out_trade_no and r.status in ("PROCESSING", "SUCCESS"))

    return SimpleNamespace(orders=orders, refunds=refunds, refunded_fen=refunded_fen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--payers", type=int, default=20_000)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--quick", action="store_true", help="CI: 2 minutes of load, 1,500 payers, the same faults")
    parser.add_argument("--concurrency", type=int, default=24, help="payers in their journeys at once")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--database", default=os.environ.get("SHEBAO_BENCH_DATABASE_URL",
                                                             "postgres://postgres@127.0.0.1:5432/postgres"),
                        help="a PostgreSQL URL the bench may create its database from")
    parser.add_argument("--out", default=str(OUT), help="where the JSON, markdown and plots go")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the service's processes")
    args = parser.parse_args()
    if args.quick:
        args.payers, args.minutes = min(args.payers, 1_500), min(args.minutes, 2)
    if not shutil.which("redis-server"):
        print("redis-server is needed (the run starts and restarts its own)", file=sys.stderr)
        return 2
    return asyncio.run(Run(args).go())


if __name__ == "__main__":
    sys.exit(main())
