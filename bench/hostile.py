"""A hostile-input probe of the running service: how many hostile inputs it was sent and how many
5xx it answered, on SQLite and on PostgreSQL.

    python -m bench.hostile [--database sqlite|postgres|both] [--examples N]

For each database it starts the real service as a subprocess (`python -m app serve`, with the WeChat
sandbox on the sandbox port): embedded SQLite in a temp dir without Redis, or a fresh PostgreSQL
database (migrated with `python -m app migrate`) with Redis db 13. It signs in a real-name-bound
payer per region as the mini-program does, creates a declaration, a payment and saved payers, then
sends every operation of `GET /docs/openapi.json` (1) schemathesis cases, N conforming and N
non-conforming per operation, and (2) the curated values of `bench.hostile_values` in every body
field, query and path parameter and named header. It prints a table per database, every 5xx (request,
response and the ERROR records of var/bench/hostile-<db>.log) and the size of `channel_notifications`,
and exits 1 if any 5xx was seen or the service died. Servers are stopped on every exit, signals included.
A probe for the closing note of an issue, not a test: CI never runs it. Needs `pip install -e ".[probe]"`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import HypothesisException
from hypothesis.reporting import with_reporter
from schemathesis.core.result import Ok

from bench.hostile_values import DESTRUCTIVE, Payer, Req, operations, probes
from bench.http_bench import ROOT, fresh_database, start, wait_ready
from config.regions import load_region_profiles

PORTS = {"sqlite": (8230, 8231), "postgres": (8232, 8233)}  # service, sandbox
REDIS_URL = os.environ.get("BENCH_HOSTILE_REDIS_URL", "redis://127.0.0.1:6379/13")
LOGS = ROOT / "var" / "bench"
# region: (the payer, the insurance types of their declaration and of a spare one to void, a saved payer,
# a spare saved payer to delete)
PEOPLE = {
    "hubei": (("李建国", "420102196807080130"), ("resident_medical", "resident_pension"),
              ("王秀兰", "420102197011200242"), ("张敏", "420102199003150221")),
    "guizhou": (("杨波", "520102198304120172"), ("flexible_pension", "flexible_pension"),
                ("刘芳", "52010219850830028X"), ("杨帆", "520102200301250190")),
    "beijing": (("王建华", "110101196510100111"), ("resident_pension", "resident_medical"),
                ("孙丽娟", "110101196703030228"), ("王子涵", "110101201509010462")),
}
SIGN_OUT = "DELETE /api/v1/sessions"
STATUS_COLUMNS = ("2xx", "3xx", "4xx", "5xx", "no answer")


@dataclass(frozen=True)
class Outcome:
    source: str
    label: str
    status: int | None
    request: str
    response: str
    size: int = 0  # bytes of request body
    what: str = ""  # the hostile input, for curated ones


@dataclass
class Run:
    database: str
    outcomes: list[Outcome] = field(default_factory=list)
    unsent: Counter[str] = field(default_factory=Counter)  # the client itself refused the input
    notifications: tuple[int, int, int, int] = (0, 0, 0, 0)
    service_died: bool = False
    errors: list[str] = field(default_factory=list)


class Journey:
    """The mini-program's steps, for setting up payers and keeping their sessions alive."""

    def __init__(self, service: str, sandbox: str) -> None:
        self.client = httpx.Client(base_url=service, timeout=60)
        self.sandbox = sandbox
        self.profiles = load_region_profiles()

    def call(self, method: str, path: str, status: int, token: str | None = None, **body: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = self.client.request(method, path, json=body or None, headers=headers)
        if r.status_code != status:
            raise RuntimeError(f"setup: {method} {path} answered {r.status_code} {r.text[:300]}")
        return dict(r.json())

    def sign_in(self, user: str, region: str) -> str:
        code = self.call("POST", f"{self.sandbox}/sandbox/wx/login-code", 200, user=user)["result"]["code"]
        return str(self.call("POST", "/api/v1/sessions", 201, code=code, region=region)["token"])

    def keep_signed_in(self, payer: Payer) -> None:
        if self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {payer.token}"}).status_code == 401:
            payer.token = self.sign_in(payer.user, payer.region)

    def payer(self, region: str) -> Payer:
        profile = self.profiles[region]
        (name, id_number), (insurance_type, spare_type), saved, spare = PEOPLE[region]
        user = f"hostile-{region}-{os.getpid()}-{time.time_ns()}"
        token = self.sign_in(user, region)
        person = {"id_type": "resident_id_card", "id_number": id_number, "name": name}
        binding = dict(person)
        if profile.real_name.face_verification:
            verify_id = self.call("POST", "/api/v1/face-verifications", 201, token, **person)["verify_id"]
            self.call("POST", f"{self.sandbox}/sandbox/face/scan", 200, verify_id=verify_id, passed=True)
            binding["face_verify_id"] = verify_id
        self.call("POST", "/api/v1/me/real-name", 200, token, **binding)
        nationality = {"nationality": "中国"} if profile.nationality_required_for_others else {}
        others = [{"id_type": "resident_id_card", "id_number": p[1], "name": p[0], **nationality}
                  for p in (saved, spare)]
        payer_ids = [self.call("POST", "/api/v1/saved-payers", 201, token, **o)["saved_payer"]["id"] for o in others]
        today = datetime.now(ZoneInfo("Asia/Shanghai"))
        month = f"{today:%Y%m}"
        options = self.options(region, insurance_type, month)
        declaration = self.call("POST", "/api/v1/declarations", 201, token, **options)["declaration"]["id"]
        payment = self.call("POST", "/api/v1/payments", 200, token, declaration_ids=[declaration])["payment"]["id"]
        other_month = f"{today.year}{today.month - 1 if today.month > 1 else 2:02d}"
        spare_options = self.options(region, spare_type, other_month)  # for the probes that void
        spare_declaration = self.call("POST", "/api/v1/declarations", 201, token, **spare_options)["declaration"]["id"]
        setting, batch_debit = self.batch_debit_setting(token, insurance_type)
        certificate = self.certificate(token, payment)
        ids = {"declaration_id": declaration, "payment_id": payment, "payer_id": payer_ids[0], "region": region,
               "setting_id": setting, "certificate_id": certificate,
               "agreement_id": self.agreement(token, region, person)}
        spare_ids = {"payer_id": payer_ids[1], "declaration_id": spare_declaration}
        return Payer(region, user, token, person, others[0], options, batch_debit, ids, spare_ids)

    def agreement(self, token: str, region: str, person: dict[str, str]) -> int:
        """Sign a 缴费协议 on the payer's demo card (with a face scan where the region asks for one):
        the id the agreement operations are probed with (1, of none, where agreements are not offered)."""
        from sandboxes.bank import demo_bank_accounts

        profile = self.profiles[region]
        card = next(((b, n) for b, n, p in demo_bank_accounts() if p.id_number == person["id_number"]), None)
        if "bank_agreement" not in profile.channels or card is None:
            return 1
        options = self.call("GET", "/api/v1/agreement-options", 200, token)
        body: dict[str, Any] = {"division_code": profile.division_code[:2] + "0101", "bank_code": card[0],
                                "account_no": card[1], "holder_name": person["name"]}
        if options["tax_offices"]:
            body["tax_office"] = options["tax_offices"][0]
        if options["face_verification"]:
            verify_id = self.call("POST", "/api/v1/me/face-verifications", 201, token)["verify_id"]
            self.call("POST", f"{self.sandbox}/sandbox/face/scan", 200, verify_id=verify_id, passed=True)
            body["face_verify_id"] = verify_id
        return int(self.call("POST", "/api/v1/agreements", 201, token, **body)["agreement"]["id"])

    def certificate(self, token: str, payment: int) -> int:
        """Pay the journey's payment (the payer pays, WeChat notifies), let the worker post it, and
        ask for its certificate: the id the certificate operations are probed with."""
        out_trade_no = self.call("GET", f"/api/v1/payments/{payment}", 200, token)["payment"]["out_trade_no"]
        self.call("POST", f"{self.sandbox}/sandbox/pay/confirm", 200, out_trade_no=out_trade_no)
        self.call("POST", f"{self.sandbox}/sandbox/pay/notify", 200, out_trade_no=out_trade_no)
        for _ in range(30):
            r = self.client.post(f"/api/v1/payments/{payment}/certificates",
                                 headers={"Authorization": f"Bearer {token}"})
            if r.status_code == 202:
                return int(r.json()["certificates"][0]["id"])
            time.sleep(0.1)
        return 1  # not posted (an earlier period waits unpaid): the operations are probed with an id of none

    def options(self, region: str, insurance_type: str, month: str) -> dict[str, Any]:
        rule = self.profiles[region].insurance_types[insurance_type]
        months = (f"{month[:4]}01", f"{month[:4]}12") if rule.period_unit == "year" else (month, month)
        body: dict[str, Any] = {"insurance_type": insurance_type, "payment_kind": "normal",
                                "period_start": months[0], "period_end": months[1]}
        if rule.assessment_mode == "by_grade":
            body["grade"] = rule.grades[0].code
        if rule.assessment_mode == "by_base" and rule.base_range_fen:
            body["contribution_base_fen"] = rule.base_range_fen[0]
        return body

    def batch_debit_setting(self, token: str, insurance_type: str) -> tuple[int, dict[str, Any]]:
        """A batch-debit setting where the region offers one (1 where not: the probes meet "not found")."""
        body: dict[str, Any] = {"insurance_type": insurance_type, "amount_fen": 10_000}
        for _ in range(2):
            r = self.client.post("/api/v1/batch-debit-settings", json=body,
                                 headers={"Authorization": f"Bearer {token}"})
            if r.status_code == 201:
                return int(r.json()["batch_debit_setting"]["id"]), body
            amounts = r.json().get("error", {}).get("data", {}).get("amounts_fen")
            if not amounts:
                break
            body["amount_fen"] = amounts[0]
        return 1, body


def send(port: int, req: Req) -> tuple[int | None, bytes]:
    """One request on a connection of its own, byte for byte as given (a client library would refuse
    NUL bytes in headers and invalid UTF-8 in the URL)."""
    lines = [f"{req.method} {req.target} HTTP/1.1".encode(), f"Host: 127.0.0.1:{port}".encode(), b"Connection: close"]
    if not any(name == "Authorization" for name, _ in req.headers):
        lines.append(f"Authorization: Bearer {req.payer.token}".encode())
    lines += [name.encode() + b": " + value for name, value in req.headers]
    if req.body is not None:
        lines.append(b"Content-Length: %d" % len(req.body))
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        try:
            sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + (req.body or b""))
        except OSError:
            pass  # answered (413) and closed before reading it all: the answer is still read below
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except OSError:
            pass
    raw = b"".join(chunks)
    if not raw.startswith(b"HTTP/1."):
        return None, raw
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def short(data: bytes | str | None, limit: int = 160) -> str:
    if data is None:
        return "-"
    return repr(data[:limit]) + (f"… ({len(data)} bytes)" if len(data) > limit else "")


def curated(run: Run, port: int, doc: dict[str, Any], payers: list[Payer], journey: Journey) -> None:
    for op in operations(doc):
        for i, trio in enumerate(zip(*(probes(op, p, doc) for p in payers), strict=True)):
            req = trio[i % len(trio)]  # the regions take turns
            status, answer = send(port, req)
            request = f"{req.method} {short(req.target, 120)} [{req.what}] headers={short(repr(req.headers))} " \
                      f"body={short(req.body)}"
            run.outcomes.append(Outcome("curated", op.label, status, request, short(answer, 600), len(req.body or b""),
                                        req.what))
            if op.label == SIGN_OUT:
                journey.keep_signed_in(req.payer)


def fuzz(run: Run, base_url: str, payers: list[Payer], examples: int, journey: Journey) -> None:
    """Schemathesis cases for every operation, conforming and not, with a bound payer's token."""
    schema = schemathesis.openapi.from_url(f"{base_url}/docs/openapi.json")
    session = requests.Session()
    for i, result in enumerate(schema.get_all_operations()):
        if not isinstance(result, Ok):
            run.errors.append(f"schemathesis could not read an operation: {result.err()}")
            continue
        for mode in schemathesis.GenerationMode:
            fuzz_operation(run, base_url, result.ok(), mode, payers[i % len(payers)], examples, journey, session)


def fuzz_operation(run: Run, base_url: str, op: schemathesis.APIOperation, mode: schemathesis.GenerationMode,
                   payer: Payer, examples: int, journey: Journey, session: requests.Session) -> None:
    label, source = f"{op.method.upper()} {op.path}", f"schemathesis {mode.value}"
    names = re.findall(r"{(\w+)}", op.path)
    fixed = None if mode.is_negative or label in DESTRUCTIVE else {n: payer.ids[n] for n in names} or None

    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=op.as_strategy(generation_mode=mode, path_parameters=fixed))
    def each(case: schemathesis.Case) -> None:
        try:
            r = case.call(base_url=base_url, session=session, timeout=60,
                          headers={"Authorization": f"Bearer {payer.token}"})
        except (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL, ValueError, UnicodeError):
            run.unsent[label] += 1
            return
        except requests.RequestException as exc:
            run.outcomes.append(Outcome(source, label, None, f"{case.method} {case.formatted_path}", str(exc)))
            return
        body = r.request.body if isinstance(r.request.body, bytes | str) else None
        request = f"{r.request.method} {short(r.request.url, 200)} body={short(body)}"
        run.outcomes.append(Outcome(source, label, r.status_code, request, short(r.content, 600), len(body or "")))
        if label == SIGN_OUT:
            journey.keep_signed_in(payer)

    try:
        with with_reporter(lambda message: None):  # no "reproduce with @seed" advice: nothing is shrunk
            each()
    except HypothesisException as exc:
        reason = str(exc).split(". ")[0]  # e.g. nothing in a parameterless operation can be made non-conforming
        run.errors.append(f"schemathesis generated nothing for {label} ({mode.value}): {reason}")


async def notification_figures(database_url: str) -> tuple[int, int, int, int]:
    """Rows of channel_notifications, bytes of body kept, bytes received, largest body kept."""
    sql = "SELECT count(*), coalesce(sum({n}), 0), coalesce(sum(body_size), 0), coalesce(max({n}), 0) " \
          "FROM channel_notifications"
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as db:
            row = db.execute(sql.format(n="length(CAST(body AS BLOB))")).fetchone()
        return row[0], row[1], row[2], row[3]
    conn = await asyncpg.connect(database_url)
    try:
        pg = await conn.fetchrow(sql.format(n="octet_length(body)"))
    finally:
        await conn.close()
    return pg[0], pg[1], pg[2], pg[3]


def probe(database: str, examples: int) -> Run:
    service_port, sandbox_port = PORTS[database]
    service, sandbox = f"http://127.0.0.1:{service_port}", f"http://127.0.0.1:{sandbox_port}"
    run, log = Run(database), LOGS / f"hostile-{database}.log"
    LOGS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"hostile-{database}-") as scratch:
        env = {"SHEBAO_PORT": str(service_port), "SHEBAO_SANDBOX_PORT": str(sandbox_port), "TZ": "Asia/Shanghai",
               "SHEBAO_DATABASE_URL": f"sqlite://{scratch}/shebao.sqlite3", "SHEBAO_REDIS_URL": "",
               "SHEBAO_WECHAT_KEYS_DIR": f"{scratch}/keys", "SHEBAO_LOGIN_RATE_PER_MINUTE": "1000000",
               "SHEBAO_BINDING_RATE_PER_HOUR": "1000000", "SHEBAO_IDENTITY_CHECK_RATE_PER_HOUR": "1000000"}
        if database == "postgres":
            env |= {"SHEBAO_DATABASE_URL": asyncio.run(fresh_database()), "SHEBAO_REDIS_URL": REDIS_URL,
                    "SHEBAO_REDIS_NAMESPACE": f"hostile{os.getpid()}"}
            with open(LOGS / "hostile-postgres-migrate.log", "wb") as out:
                subprocess.run([sys.executable, "-m", "app", "migrate"], cwd=ROOT, env={**os.environ, **env},
                               check=True, stdout=out, stderr=subprocess.STDOUT)
        proc = start([sys.executable, "-m", "app", "serve"], env, log)
        try:
            asyncio.run(wait_ready(f"{sandbox}/sandbox/state", proc))
            asyncio.run(wait_ready(f"{service}/healthz", proc))
            journey = Journey(service, sandbox)
            payers = [journey.payer(region) for region in PEOPLE]
            doc = journey.client.get("/docs/openapi.json").json()
            fuzz(run, service, payers, examples, journey)
            curated(run, service_port, doc, payers, journey)
            run.service_died = proc.poll() is not None
        finally:
            stop(proc)
        run.notifications = asyncio.run(notification_figures(env["SHEBAO_DATABASE_URL"]))
    return run


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def status_class(status: int | None) -> str:
    return "no answer" if status is None else f"{status // 100}xx"


def report(run: Run) -> bool:
    """Print the run's figures; True when no 5xx was seen and the service lived."""
    title = {"sqlite": "embedded default: SQLite file, no Redis", "postgres": "PostgreSQL + Redis (db 13)"}
    print(f"\n== {run.database}: {title[run.database]} ==")
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for o in run.outcomes:
        rows[o.label][status_class(o.status)] += 1
    print(f"{'operation':58} {'sent':>6} " + " ".join(f"{c:>9}" for c in STATUS_COLUMNS))
    total: Counter[str] = Counter()
    for label in sorted(rows, key=lambda s: (s.split(" ")[1], s)):
        total.update(rows[label])
        print(f"{label:58} {sum(rows[label].values()):6} " + " ".join(f"{rows[label][c]:9}" for c in STATUS_COLUMNS))
    print(f"{'total':58} {sum(total.values()):6} " + " ".join(f"{total[c]:9}" for c in STATUS_COLUMNS))
    by_source = Counter(o.source for o in run.outcomes)
    print(f"hostile inputs tried: {len(run.outcomes)} ({', '.join(f'{k} {v}' for k, v in sorted(by_source.items()))}"
          f"; {sum(run.unsent.values())} more that the HTTP client refused to send); 5xx seen: {total['5xx']}")
    rows_kept, kept, received, largest = run.notifications
    notify = [o for o in run.outcomes if o.label == "POST /notify/wechat_pay"]
    print(f"POST /notify/wechat_pay: {len(notify)} unsigned requests, {sum(o.size for o in notify)} bytes of body; "
          f"channel_notifications afterwards: {rows_kept} rows, {kept} bytes of body kept (largest {largest}) "
          f"of the {received} bytes those rows were sent")
    for line in run.errors:
        print("warning:", line)
    for o in run.outcomes:
        if o.status is None or o.status >= 500:
            print(f"\n{status_class(o.status)} [{o.source}] {o.request}\n  -> {o.status} {o.response}")
    failing = Counter(o.what or o.source for o in run.outcomes if o.status is None or o.status >= 500)
    print("\n5xx or no answer, by input:" if failing else "", *(f"{n:5} x {w}" for w, n in failing.most_common()),
          sep="\n")
    if total["5xx"] or total["no answer"] or run.service_died:
        log = LOGS / f"hostile-{run.database}.log"
        print(f"\nERROR lines of {log.relative_to(ROOT)}:" + ("  (the service died)" if run.service_died else ""))
        print("\n".join(error_summary(log)))
    return not total["5xx"] and not run.service_died


def error_summary(log: Path) -> list[str]:
    """The service log's ERROR records grouped by their last line, with one traceback each."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ", line):  # one record (Sanic's copies skipped)
            current = [line[24:]] if " ERROR " in line else None
            if current:
                blocks.append(current)
        elif re.match(r"(Main|Srv)\b", line):
            current = None
        elif current is not None:
            current.append(line)
    groups: dict[str, list[list[str]]] = defaultdict(list)
    for block in blocks:  # "<Request: GET /api/v1/me> body not consumed" and the like: one group
        groups[re.sub(r"<Request: [^>]*>", "<Request: …>", block[-1])].append(block)
    out = []
    for last, group in groups.items():
        out.append(f"-- {len(group)} record(s) ending in: {last}")
        out += [f"   {n} x {head}" for head, n in Counter(b[0] for b in group).most_common(6)]
        out += [f"   {line}" for line in group[0][1:]]
    return out


def _exit_on_signal(signum: int, frame: Any) -> NoReturn:
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop the servers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--examples", type=int, default=25, help="schemathesis cases per operation and mode")
    args = parser.parse_args()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    ok = True
    for database in ("sqlite", "postgres") if args.database == "both" else (args.database,):
        t0 = time.monotonic()
        ok = report(probe(database, args.examples)) and ok
        print(f"({database}: {time.monotonic() - t0:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
