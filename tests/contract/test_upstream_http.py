"""What only the wire has: signatures both ways, the timestamp window, nonces, transport failures
mapped per operation (unknown only where a call changes state upstream), answers that cannot be
believed, the sandbox's controls, and every port value round-tripping through JSON exactly."""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import functools
import json
import random
import socket
import time
import types
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Union, get_args, get_origin, get_type_hints

import httpx
import pytest

from app.server import serve_in_loop
from app.upstream import interfaces as up
from app.upstream.http_client import HttpUpstream
from app.upstream.protocol import (
    MUTATING,
    OPERATIONS,
    PATH_PREFIX,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    ProtocolError,
    decode_answer,
    decode_request,
    dumps,
    encode_request,
    encode_result,
    from_wire,
    sign_answer,
    sign_request,
    to_wire,
)
from config.regions import RegionProfile, load_region_profiles
from sandboxes.upstream.demo_data import DemoPerson
from sandboxes.upstream.http import WireAnswer, WireServer, create_upstream_sandbox_blueprint
from sandboxes.upstream.sandbox import SandboxUpstream
from sandboxes.wechat_pay import WeChatPaySandbox, create_sandbox_app
from tests.contract.test_upstream_sandbox import NOW, SECRET, Clock, person, posting, request, served

SHORT = 0.2  # the adapter's timeout where a test waits for it
READ_ONLY = sorted(set(OPERATIONS) - MUTATING)


@pytest.fixture(scope="module")
def profiles() -> dict[str, RegionProfile]:
    return load_region_profiles()


@pytest.fixture
def box(profiles: dict[str, RegionProfile]) -> SandboxUpstream:
    return SandboxUpstream(profiles, clock=Clock(), slow_seconds=1.0)


@pytest.fixture
async def http_port(box: SandboxUpstream) -> AsyncIterator[HttpUpstream]:
    async with served(box) as adapter:
        yield adapter


def arguments_for(name: str) -> dict[str, Any]:
    """Plausible arguments for each operation (valid JSON either way; the sandbox may refuse them)."""
    zhang = person("张敏").person
    a = up.Assessment("HD42X", "hubei", "resident_medical", "normal", "agency", "202601", "202612", 40_000)
    arguments: dict[str, dict[str, Any]] = {
        "verify_person": {"person": zhang},
        "list_paid_records": {"person": zhang, "region": "hubei", "period_from": "202501", "period_to": "202612"},
        "list_enrollments": {"person": zhang, "region": "hubei"},
        "assess": {"request": request("张敏", "resident_medical", "202601", "202612")},
        "list_owed": {"person": zhang, "region": "hubei", "insurance_type": "resident_medical",
                      "payment_kind": "back_payment"},
        "post_payment": {"request": posting(a, "张敏", "P1")},
        "query_posting": {"posting_no": "P1"},
        "list_postings": {"day": date(2026, 11, 23)},
        "query_treasury_entry": {"posting_no": "P1"},
        "release_assessment": {"assessment_no": "HD42X"},
        "list_batch_debit_windows": {"person": zhang, "region": "hubei"},
    }
    return arguments[name]


async def call(port: up.Upstream, name: str) -> Any:
    return await getattr(port, name)(**arguments_for(name))


def lost(name: str) -> type[up.UpstreamError]:
    return up.UpstreamResultUnknown if name in MUTATING else up.UpstreamUnavailable


# ---- the operations are the port ----

def test_every_port_method_is_an_operation() -> None:
    methods = {n for n in dir(up.Upstream) if not n.startswith("_")} - {"start", "close"}
    assert methods == set(OPERATIONS) and MUTATING == {"post_payment", "release_assessment"}
    assert all(op.path == PATH_PREFIX + name for name, op in OPERATIONS.items())


# ---- every value round-trips exactly (property style: random values of every field) ----

OFFSETS = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30)), timezone(timedelta(hours=14))]
TEXT = ["", "张敏", "到账确认失败：核定金额40000分", 'quote " back \\ slash', "line\nbreak\u2028", "🀄", "\x00",
        "P-1_a"]
seen_fields: set[tuple[str, str]] = set()


def sample(tp: Any, rng: random.Random, depth: int = 0) -> Any:
    """A random value of type `tp`, as the port's annotations describe it."""
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return None if rng.random() < 0.3 else sample(options[0], rng, depth)
    if origin in (tuple, list):
        items = [sample(args[0], rng, depth + 1) for _ in range(rng.randint(0, 3))]
        return tuple(items) if origin is tuple else items
    if origin in (dict, Mapping):
        return {rng.choice(TEXT) + str(i): sample(args[1], rng, depth + 1) for i in range(rng.randint(0, 3))}
    if tp is Any:
        return json_value(rng, depth)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return rng.choice(list(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        values = {}
        for f in dataclasses.fields(tp):
            values[f.name] = sample(hints_of(tp)[f.name], rng, depth + 1)
            if values[f.name] is not None:
                seen_fields.add((tp.__name__, f.name))
        return tp(**values)
    return scalar(tp, rng)


@functools.cache
def hints_of(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def scalar(tp: Any, rng: random.Random) -> Any:
    if tp is str:
        return rng.choice(TEXT) + rng.choice(["", str(rng.randint(0, 10**6))])
    if tp is bool:
        return rng.random() < 0.5
    if tp is int:
        return rng.choice([0, 1, -1, 40_000, 2**53 + 1, rng.randint(-(10**12), 10**12)])
    if tp is datetime:
        moment = datetime(1990, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 2 * 10**9),
                                                               microseconds=rng.choice([0, rng.randint(1, 999_999)]))
        return moment.astimezone(rng.choice(OFFSETS))
    if tp is date:
        return date(1900, 1, 1) + timedelta(days=rng.randint(0, 73_000))
    if tp is type(None):
        return None
    raise AssertionError(f"no sampler for {tp}")


def json_value(rng: random.Random, depth: int) -> Any:
    kinds = ["none", "bool", "int", "float", "str"] + (["list", "dict"] if depth < 4 else [])
    kind = rng.choice(kinds)
    if kind in ("list", "dict"):
        items = [json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
        return items if kind == "list" else {f"k{i}": v for i, v in enumerate(items)}
    return {"none": None, "bool": True, "int": rng.randint(-(10**9), 10**9), "float": 0.1,
            "str": rng.choice(TEXT)}[kind]


def exactly(a: Any, b: Any) -> bool:
    """Equal, and equal on the wire too (so a datetime keeps its offset, a tuple stays a tuple)."""
    return a == b and type(a) is type(b) and to_wire(a) == to_wire(b)


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_requests_and_results_round_trip_exactly(name: str) -> None:
    operation, rng = OPERATIONS[name], random.Random(name)
    for _ in range(150):
        arguments = {p.name: sample(p.type, rng) for p in operation.parameters}
        decoded = decode_request(operation, encode_request(operation, arguments))
        assert decoded.keys() == arguments.keys()
        assert all(exactly(decoded[k], arguments[k]) for k in arguments), (arguments, decoded)
        result = sample(operation.result, rng)
        assert exactly(decode_answer(operation, 200, encode_result(result)), result)


@pytest.mark.parametrize("tp", [up.PersonRef, up.Enrollment, up.AssessmentRequest, up.AssessmentLine, up.Assessment,
                                up.PostingRequest, up.PostingResult, up.PaidRecord, up.PostingRecord,
                                up.TreasuryEntry, DemoPerson])
def test_every_field_of_every_type_round_trips(tp: type) -> None:
    rng = random.Random(tp.__name__)
    for _ in range(200):
        value = sample(tp, rng)
        assert exactly(from_wire(tp, json.loads(dumps(to_wire(value)))), value)
    assert {f.name for f in dataclasses.fields(tp)} <= {f for t, f in seen_fields if t == tp.__name__}


@pytest.mark.parametrize(("tp", "data"), [
    (up.AssessmentLine, {"month": "202601", "amount_fen": 1.5}),
    (up.AssessmentLine, {"month": "202601", "amount_fen": "40000"}),
    (up.AssessmentLine, {"month": "202601", "amount_fen": True}),
    (up.AssessmentLine, {"month": "202601"}),
    (up.TreasuryEntry, {"posting_no": "P1", "entered": True, "entered_on": "20261123"}),
    (up.PostingRecord, {**to_wire(up.PostingRecord("P", "A", "r", "t", 1, "c", "x", NOW)),
                        "posted_at": "2026-11-23T10:00:00"}),
    (up.PostingResult, {"posting_no": "P1", "state": "lost"}),
    (up.PersonRef, ["resident_id_card", "1", "n"]),
])
def test_values_off_the_protocol_are_refused(tp: type, data: Any) -> None:
    with pytest.raises(ProtocolError):
        from_wire(tp, data)


def test_a_naive_datetime_never_goes_on_the_wire() -> None:
    with pytest.raises(ProtocolError):
        to_wire(datetime(2026, 1, 1))


def test_unknown_fields_are_ignored() -> None:
    assert from_wire(up.AssessmentLine, {"month": "202601", "amount_fen": 1, "new_field": 2}) == up.AssessmentLine(
        "202601", 1)


# ---- signatures, timestamps, nonces ----

async def raw_post(base_url: str, name: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(base_url + PATH_PREFIX + name, content=body, headers=headers)


@pytest.mark.parametrize("change", ["wrong_secret", "stale", "future", "unsigned", "tampered_body", "other_path"])
async def test_the_sandbox_refuses_a_bad_request_signature(box: SandboxUpstream, change: str) -> None:
    body = encode_request(OPERATIONS["query_posting"], {"posting_no": "P1"})
    now = time.time() + {"stale": -400, "future": 400}.get(change, 0)
    path = PATH_PREFIX + ("query_treasury_entry" if change == "other_path" else "query_posting")
    headers = sign_request("not-the-secret" if change == "wrong_secret" else SECRET, "POST", path, body, now)
    if change == "unsigned":
        del headers[SIGNATURE_HEADER]
    sent = body + b" " if change == "tampered_body" else body
    async with served(box) as adapter:
        response = await raw_post(adapter._base_url, "query_posting", sent, headers)
    assert response.status_code == 401 and response.json()["error"]["kind"] == "unavailable"
    assert box.calls["query_posting"] == 0


async def test_a_replayed_request_is_refused(http_port: HttpUpstream, box: SandboxUpstream) -> None:
    body = encode_request(OPERATIONS["query_posting"], {"posting_no": "P1"})
    headers = sign_request(SECRET, "POST", PATH_PREFIX + "query_posting", body, time.time())
    first = await raw_post(http_port._base_url, "query_posting", body, headers)
    again = await raw_post(http_port._base_url, "query_posting", body, headers)
    assert (first.status_code, again.status_code) == (200, 401)
    assert again.json()["error"]["code"] == "replayed_nonce" and box.calls["query_posting"] == 1


@pytest.mark.parametrize("options", [{"secret": "not-the-secret"}, {"clock": lambda: time.time() - 400}])
async def test_an_adapter_that_cannot_sign_gets_unavailable_and_nothing_happens(
    box: SandboxUpstream, options: dict[str, Any]
) -> None:
    async with served(box) as good:
        bad = HttpUpstream(good._base_url, options.get("secret", SECRET), 5.0, clock=options.get("clock", time.time))
        await bad.start()
        for name in ("post_payment", "verify_person"):
            with pytest.raises(up.UpstreamUnavailable) as caught:
                await call(bad, name)
            assert caught.value.code == "http_401"
        await bad.close()
    assert sum(box.calls.values()) == 0


def mock_upstream(box: SandboxUpstream, tamper: Callable[[str, WireAnswer], WireAnswer] | None = None,
                  base_url: str = "http://upstream.test") -> HttpUpstream:
    """An adapter whose transport is the sandbox's wire server in memory, answers optionally tampered with."""
    server = WireServer(box, SECRET)

    async def handler(req: httpx.Request) -> httpx.Response:
        path = req.url.path
        answer = await server.handle(path.rsplit("/", 1)[1], req.method, path, req.headers, req.content)
        answer = tamper(path, answer) if tamper else answer
        return httpx.Response(answer.status, content=answer.body, headers=answer.headers)

    return HttpUpstream(base_url, SECRET, 5.0, transport=httpx.MockTransport(handler))


def resigned(answer: WireAnswer, path: str, *, secret: str = SECRET, status: int | None = None,
             nonce: str | None = None, age: float = 0.0, body: bytes | None = None) -> WireAnswer:
    status, body = status or answer.status, answer.body if body is None else body
    nonce = nonce or answer.headers["X-Upstream-Nonce"]
    return WireAnswer(status, body, sign_answer(secret, status, path, nonce, body, time.time() - age))


TAMPERS: dict[str, Callable[[str, WireAnswer], WireAnswer]] = {
    "unsigned": lambda path, a: WireAnswer(a.status, a.body, {}),
    "body_changed": lambda path, a: WireAnswer(a.status, a.body + b" ", a.headers),
    "other_key": lambda path, a: resigned(a, path, secret="not-the-secret"),
    "stale": lambda path, a: resigned(a, path, age=400),
    "another_requests_nonce": lambda path, a: resigned(a, path, nonce="f" * 32),
    "another_path": lambda path, a: resigned(a, PATH_PREFIX + "verify_person"),
    "not_json": lambda path, a: resigned(a, path, body=b"<html>ok</html>"),
    "no_result": lambda path, a: resigned(a, path, body=b'{"ok": true}'),
    "wrong_shape": lambda path, a: resigned(a, path, body=b'{"result": {"posting_no": 7}}'),
    "unknown_state": lambda path, a: resigned(a, path, body=b'{"result": {"posting_no": "P1", "state": "maybe"}}'),
    "result_with_503": lambda path, a: resigned(a, path, status=503),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
@pytest.mark.parametrize("name", ["query_posting", "post_payment"])
async def test_an_answer_that_cannot_be_believed_is_never_believed(
    box: SandboxUpstream, tamper: str, name: str
) -> None:
    adapter = mock_upstream(box, TAMPERS[tamper])
    await adapter.start()
    expected = up.UpstreamUnavailable if tamper == "result_with_503" else up.UpstreamResultUnknown
    with pytest.raises(expected):
        if name == "post_payment":  # one the sandbox accepts: a 200 answer, tampered with
            a = await box.assess(request("张敏", "resident_medical", "202601", "202612"))
            await adapter.post_payment(posting(a, "张敏", "P1"))
        else:
            await call(adapter, name)
    await adapter.close()


async def test_an_unsigned_rejection_never_rejects(box: SandboxUpstream) -> None:
    adapter = mock_upstream(box, TAMPERS["unsigned"])
    await adapter.start()
    with pytest.raises(up.UpstreamUnavailable) as caught:  # the sandbox rejects: no_assessment, 422
        await call(adapter, "post_payment")
    assert caught.value.code == "http_422"
    await adapter.close()


async def test_a_base_url_with_a_path_signs_the_whole_path(box: SandboxUpstream) -> None:
    adapter = mock_upstream(box, base_url="http://gw.test/shebao/")
    await adapter.start()
    assert await adapter.verify_person(person("张敏").person) == up.PersonCheck.MATCHED
    await adapter.close()


# ---- transport failures and statuses, per operation ----

def answer_with(status: int, body: bytes = b"", *, exc: Exception | None = None) -> httpx.MockTransport:
    def handler(req: httpx.Request) -> httpx.Response:
        if exc is not None:
            raise exc
        return httpx.Response(status, content=body)

    return httpx.MockTransport(handler)


FAILURES: dict[str, tuple[httpx.MockTransport, Callable[[str], type[up.UpstreamError]]]] = {
    "connect_error": (answer_with(0, exc=httpx.ConnectError("refused")), lambda n: up.UpstreamUnavailable),
    "connect_timeout": (answer_with(0, exc=httpx.ConnectTimeout("slow")), lambda n: up.UpstreamUnavailable),
    "pool_timeout": (answer_with(0, exc=httpx.PoolTimeout("busy")), lambda n: up.UpstreamUnavailable),
    "read_timeout": (answer_with(0, exc=httpx.ReadTimeout("late")), lost),
    "write_timeout": (answer_with(0, exc=httpx.WriteTimeout("late")), lost),
    "connection_lost": (answer_with(0, exc=httpx.RemoteProtocolError("dropped")), lost),
    "read_error": (answer_with(0, exc=httpx.ReadError("reset")), lost),
    "503": (answer_with(503, b"Service Unavailable"), lambda n: up.UpstreamUnavailable),
    "500": (answer_with(500, b"oops"), lost),
    "502": (answer_with(502, b"<html>bad gateway</html>"), lost),
    "504_unsigned": (answer_with(504, b'{"error": {"kind": "rejected", "code": "x", "message": "x"}}'), lost),
    "404": (answer_with(404, b"not here"), lambda n: up.UpstreamUnavailable),
    "429": (answer_with(429, b"slow down"), lambda n: up.UpstreamUnavailable),
    "200_unsigned": (answer_with(200, b'{"result": null}'), lambda n: up.UpstreamResultUnknown),
    "200_empty": (answer_with(200), lambda n: up.UpstreamResultUnknown),
}


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("name", list(OPERATIONS))
async def test_failures_map_per_operation(failure: str, name: str) -> None:
    transport, expected = FAILURES[failure]
    adapter = HttpUpstream("http://upstream.test", SECRET, 1.0, transport=transport)
    await adapter.start()
    with pytest.raises(up.UpstreamError) as caught:
        await call(adapter, name)
    assert type(caught.value) is expected(name), caught.value
    await adapter.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("name", ["post_payment", "release_assessment", "query_posting"])
async def test_connection_refused_is_unavailable(name: str) -> None:
    adapter = HttpUpstream(f"http://127.0.0.1:{closed_port()}", SECRET, 1.0)
    await adapter.start()
    with pytest.raises(up.UpstreamUnavailable) as caught:
        await call(adapter, name)
    assert caught.value.code == "connect_failed"
    await adapter.close()


@pytest.mark.parametrize(("name", "expected"), [("post_payment", up.UpstreamResultUnknown),
                                                ("query_posting", up.UpstreamUnavailable),
                                                ("assess", up.UpstreamUnavailable)])
async def test_a_slow_sandbox_times_out_per_operation(
    box: SandboxUpstream, name: str, expected: type[up.UpstreamError]
) -> None:
    box.slow_seconds = 0.6
    box.set_fault(name, "slow")
    async with served(box, timeout=SHORT) as adapter:
        started = time.monotonic()
        with pytest.raises(expected) as caught:
            await call(adapter, name)
        assert caught.value.code == "timeout" and time.monotonic() - started < box.slow_seconds


@pytest.fixture
async def hang_up_url() -> AsyncIterator[str]:
    """A server that reads the request and closes the connection without answering."""

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65_536)
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    server.close()
    await server.wait_closed()


@pytest.mark.parametrize("name", list(OPERATIONS))
async def test_a_connection_lost_after_sending(hang_up_url: str, name: str) -> None:
    adapter = HttpUpstream(hang_up_url, SECRET, 2.0)
    await adapter.start()
    with pytest.raises(up.UpstreamError) as caught:
        await call(adapter, name)
    assert type(caught.value) is lost(name) and caught.value.code == "connection_lost"
    await adapter.close()


async def test_calls_before_start_are_a_programming_error() -> None:
    adapter = HttpUpstream("http://upstream.test", SECRET)
    with pytest.raises(RuntimeError):
        await adapter.query_posting("P1")
    assert SECRET not in repr(adapter)


async def test_the_sandbox_refuses_bodies_and_operations_it_does_not_know(http_port: HttpUpstream) -> None:
    for name, body, status in (("query_posting", b'{"posting_no": 5}', 400), ("query_posting", b"[]", 400),
                               ("list_postings", b'{"day": "2026-11-23T00:00:00+08:00"}', 400),
                               ("pay_everything", b"{}", 404)):
        headers = sign_request(SECRET, "POST", PATH_PREFIX + name, body, time.time())
        response = await raw_post(http_port._base_url, name, body, headers)
        assert response.status_code == status and response.json()["error"]["kind"] == "unavailable"
        assert response.headers[TIMESTAMP_HEADER]


# ---- controls ----

@pytest.fixture
async def controls(box: SandboxUpstream) -> AsyncIterator[tuple[httpx.AsyncClient, HttpUpstream]]:
    async with served(box) as adapter, httpx.AsyncClient(base_url=adapter._base_url) as http:
        yield http, adapter


async def test_fault_controls(controls: tuple[httpx.AsyncClient, HttpUpstream], box: SandboxUpstream) -> None:
    http, adapter = controls
    answer = await http.post("/sandbox/upstream/faults", json={"operation": "verify_person", "mode": "down",
                                                               "count": 1, "department": "hrss"})
    assert answer.json() == {"ok": True, "result": None}
    with pytest.raises(up.UpstreamUnavailable):
        await adapter.verify_person(person("张敏").person)
    await http.post("/sandbox/upstream/faults", json={"operation": "assess", "mode": "timeout"})
    assert (await http.delete("/sandbox/upstream/faults")).json()["ok"] and box.faults == ()
    for bad in ({"operation": "pay", "mode": "down"}, {"operation": "assess", "mode": "broken"},
                {"operation": "assess", "mode": "down", "count": "x"}, {"mode": "down"}, [1]):
        answer = await http.post("/sandbox/upstream/faults", json=bad)
        assert answer.status_code == 400 and answer.json()["error"], bad
    assert (await http.post("/sandbox/upstream/faults", content=b"{nope")).status_code == 400


async def test_people_control(controls: tuple[httpx.AsyncClient, HttpUpstream], box: SandboxUpstream) -> None:
    http, adapter = controls
    new = {"id_type": "resident_id_card", "id_number": "42010219900101009x", "name": "新人", "region": "hubei",
           "enrollments": ["resident_medical"]}
    answer = await http.post("/sandbox/upstream/people", json=new)
    assert answer.status_code == 200, answer.text
    added = from_wire(DemoPerson, answer.json()["result"])
    assert added.id_number.endswith("X") and added.enrollments[0].agency
    assert await adapter.verify_person(added.person) == up.PersonCheck.MATCHED
    assert [e.insurance_type for e in await adapter.list_enrollments(added.person, "hubei")] == ["resident_medical"]
    for bad in ({**new, "id_number": "420102199001010091"}, {**new, "region": "mars"},
                {**new, "enrollments": ["flexible_medical_x"]}, {**new, "enrollments": [{"insurance_type": "x"}]}):
        answer = await http.post("/sandbox/upstream/people", json=bad)
        assert answer.status_code == 400 and answer.json()["error"], bad


async def test_treasury_and_state_controls(
    controls: tuple[httpx.AsyncClient, HttpUpstream], box: SandboxUpstream
) -> None:
    http, adapter = controls
    box.auto_treasury = False
    a = await adapter.assess(request("张敏", "resident_medical", "202601", "202612"))
    await adapter.post_payment(posting(a, "张敏", "P1"))
    assert (await http.post("/sandbox/upstream/treasury", json={"posting_no": "nope"})).status_code == 404
    assert (await http.post("/sandbox/upstream/treasury", json={})).status_code == 400
    answer = await http.post("/sandbox/upstream/treasury", json={"posting_no": "P1", "on": "2026-11-25"})
    assert answer.json()["result"]["entered_on"] == "2026-11-25"
    assert (await adapter.query_treasury_entry("P1")).entered_on == date(2026, 11, 25)
    state = (await http.get("/sandbox/upstream/state")).json()["result"]
    assert from_wire(up.PostingResult, state["postings"]["P1"]) == box.postings["P1"]
    assert state["assessments"][a.assessment_no]["status"] == "posted"
    assert state["calls"] == {"assess": 1, "post_payment": 1, "query_treasury_entry": 1}
    assert state["department_calls"]["healthcare_security"]["post_payment"] == 1
    assert any(p["name"] == "张敏" for p in state["people"]) and state["rejections"] == {}


async def test_one_process_serves_both_sandboxes(sandbox: WeChatPaySandbox, box: SandboxUpstream) -> None:
    app = create_sandbox_app(sandbox, name="both_sandboxes")
    app.blueprint(create_upstream_sandbox_blueprint(box, SECRET))
    async with serve_in_loop(app) as base_url, httpx.AsyncClient(base_url=base_url) as http:
        adapter = HttpUpstream(base_url, SECRET, 5.0)
        await adapter.start()
        assert await adapter.verify_person(person("张敏").person) == up.PersonCheck.MATCHED
        await adapter.close()
        assert (await http.get("/sandbox/state")).status_code == 200
        assert (await http.get("/sandbox/upstream/state")).json()["ok"] is True


# ---- configuration ----

def test_default_upstream_follows_the_settings(profiles: dict[str, RegionProfile]) -> None:
    from app.bootstrap import default_upstream
    from config.settings import load_settings

    embedded = default_upstream(load_settings(env={}, sandbox_port=8123), profiles)
    assert isinstance(embedded, HttpUpstream) and embedded._base_url == "http://127.0.0.1:8123"  # the sandbox
    remote = default_upstream(load_settings(env={}, upstream_url="http://127.0.0.1:8001/"), profiles)
    assert isinstance(remote, HttpUpstream) and remote._base_url == "http://127.0.0.1:8001"
    with pytest.raises(RuntimeError):
        default_upstream(load_settings(env={}, upstream_mode="live"), profiles)

