"""The HTTP face of the upstream sandbox: the protocol of `app.upstream.protocol` served for a
`SandboxUpstream`, and controls under /sandbox/upstream/ for tests and demos.

Controls (answers ``{"ok": true, "result": …}``, or 400 / 404 with ``{"error": "…"}``)::

    POST   /sandbox/upstream/faults    {"operation", "mode", "count": null, "department": null}
    DELETE /sandbox/upstream/faults
    POST   /sandbox/upstream/people    a DemoPerson: {"id_type", "id_number", "name", "region",
                                       "enrollments": ["resident_medical" | {Enrollment}], "owed_months",
                                       "special", "household", "relation", "history"}
    POST   /sandbox/upstream/treasury  {"posting_no", "on": "YYYY-MM-DD" (optional)}: 入库
    GET    /sandbox/upstream/state     postings, rejections, assessments, calls, faults, people
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sanic import Blueprint, Request, Sanic
from sanic.response import HTTPResponse

from app.identity.id_numbers import validate_id
from app.upstream.interfaces import Enrollment, PersonRef, Upstream, UpstreamError
from app.upstream.protocol import (
    CONTENT_TYPE,
    NONCE_HEADER,
    OPERATIONS,
    PATH_PREFIX,
    WINDOW_SECONDS,
    ProtocolError,
    check_signature,
    decode_request,
    encode_error,
    encode_result,
    from_wire,
    is_nonce,
    refusal,
    sign_answer,
    to_wire,
)
from sandboxes.control import control, control_body
from sandboxes.upstream.demo_data import DemoPerson
from sandboxes.upstream.sandbox import SandboxUpstream

_names = itertools.count(1)


@dataclass(frozen=True)
class WireAnswer:
    status: int
    body: bytes
    headers: dict[str, str]


class _Nonces:
    """Request nonces seen in the last two windows (an older one could not pass the timestamp check)."""

    def __init__(self) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_use(self, nonce: str, now: float) -> bool:
        while self._seen and next(iter(self._seen.values())) < now - 2 * WINDOW_SECONDS:
            self._seen.popitem(last=False)
        if nonce in self._seen:
            return False
        self._seen[nonce] = now
        return True


class WireServer:
    """The server side of the protocol for any `Upstream`, independent of the web framework:
    checks the request's signature, timestamp and nonce, calls the port, signs the answer."""

    def __init__(self, port: Upstream, secret: str, *, clock: Callable[[], float] = time.time) -> None:
        self._port = port
        self._secret = secret
        self._clock = clock
        self._nonces = _Nonces()

    async def handle(self, name: str, method: str, path: str, headers: Mapping[str, str], body: bytes) -> WireAnswer:
        now = self._clock()
        nonce = next((v for k, v in headers.items() if k.lower() == NONCE_HEADER.lower()), "")
        nonce = nonce if is_nonce(nonce) else ""
        why = check_signature(self._secret, method, path, headers, body, now)
        if why is None and not self._nonces.first_use(nonce, now):
            why = "replayed_nonce"
        if why is not None:
            return self._answer(401, path, nonce, refusal(why, f"request refused: {why}"))
        operation = OPERATIONS.get(name)
        if operation is None:
            return self._answer(404, path, nonce, refusal("unknown_operation", f"no operation {name!r}"))
        try:
            arguments = decode_request(operation, body)
        except ProtocolError as exc:
            return self._answer(400, path, nonce, refusal("bad_request", str(exc)))
        try:
            result = await getattr(self._port, name)(**arguments)
        except UpstreamError as exc:
            status, payload = encode_error(exc)
            return self._answer(status, path, nonce, payload)
        return self._answer(200, path, nonce, encode_result(result))

    def _answer(self, status: int, path: str, nonce: str, body: bytes) -> WireAnswer:
        headers = sign_answer(self._secret, status, path, nonce, body, self._clock())
        return WireAnswer(status, body, headers)


def create_upstream_sandbox_blueprint(
    sandbox: SandboxUpstream, secret: str, *, clock: Callable[[], float] = time.time
) -> Blueprint:
    """Routes: POST /upstream/v1/<operation> (the protocol) and the /sandbox/upstream/* controls.

    Args: sandbox the upstream to serve (the caller keeps it to inspect or change); secret the
    HMAC key shared with the adapter; clock Unix seconds for signatures.
    """
    bp = Blueprint(f"upstream_sandbox_{next(_names)}")
    server = WireServer(sandbox, secret, clock=clock)

    @bp.post(PATH_PREFIX + "<operation:str>", name="operation")
    async def operation(request: Request, operation: str) -> HTTPResponse:
        answer = await server.handle(operation, request.method, request.path, request.headers, request.body)
        return HTTPResponse(answer.body, status=answer.status, headers=answer.headers, content_type=CONTENT_TYPE)

    _add_control_routes(bp, sandbox)
    return bp


def _optional(data: Mapping[str, Any], name: str, tp: Any) -> Any:
    try:
        return from_wire(tp | None, data.get(name))
    except ProtocolError as exc:
        raise ValueError(f"{name}: {exc}") from exc


def _add_control_routes(bp: Blueprint, sandbox: SandboxUpstream) -> None:

    @bp.post("/sandbox/upstream/faults", name="set_fault")
    async def set_fault(request: Request) -> HTTPResponse:
        def act() -> None:
            data = control_body(request)
            operation, mode = _optional(data, "operation", str), _optional(data, "mode", str)
            if operation is None or mode is None:
                raise ValueError("operation and mode are required")
            sandbox.set_fault(operation, mode, _optional(data, "count", int), _optional(data, "department", str))

        return await control(act)

    @bp.delete("/sandbox/upstream/faults", name="clear_faults")
    async def clear_faults(request: Request) -> HTTPResponse:
        return await control(sandbox.clear_faults)

    @bp.post("/sandbox/upstream/people", name="add_person")
    async def add_person(request: Request) -> HTTPResponse:
        def act() -> Any:
            person = demo_person(sandbox, control_body(request))
            sandbox.add_person(person)
            return to_wire(person)

        return await control(act)

    @bp.post("/sandbox/upstream/treasury", name="enter_treasury")
    async def enter_treasury(request: Request) -> HTTPResponse:
        def act() -> Any:
            data = control_body(request)
            posting_no = _optional(data, "posting_no", str)
            if posting_no is None:
                raise ValueError("posting_no is required")
            if posting_no not in sandbox.postings:
                raise KeyError(posting_no)
            return to_wire(sandbox.enter_treasury(posting_no, _optional(data, "on", date)))

        return await control(act)

    @bp.post("/sandbox/upstream/batch-windows", name="open_batch_window")
    async def open_batch_window(request: Request) -> HTTPResponse:
        """The bank generates a 批扣清册 for a person: {"person": {id_type, id_number, name}, "region",
        "insurance_type", "bank_name"?}."""
        def act() -> Any:
            data = control_body(request)
            return to_wire(sandbox.open_batch_window(
                _person(data), str(data.get("region", "")), str(data.get("insurance_type", "")),
                str(data.get("bank_name") or "中国工商银行")))

        return await control(act)

    @bp.post("/sandbox/upstream/batch-results", name="return_batch_result")
    async def return_batch_result(request: Request) -> HTTPResponse:
        """The bank returns the 批扣 result: {"person", "region", "insurance_type", "paid",
        "period_start", "period_end", "amount_fen"}."""
        def act() -> Any:
            data = control_body(request)
            return to_wire(sandbox.return_batch_result(
                _person(data), str(data.get("region", "")), str(data.get("insurance_type", "")),
                bool(data.get("paid", True)), (str(data.get("period_start", "")), str(data.get("period_end", ""))),
                int(data.get("amount_fen", 0))))

        return await control(act)

    @bp.get("/sandbox/upstream/state", name="state")
    async def state(request: Request) -> HTTPResponse:
        return await control(lambda: snapshot(sandbox))


def _person(data: dict[str, Any]) -> PersonRef:
    given = data.get("person")
    if not isinstance(given, dict):
        raise ValueError("person {id_type, id_number, name} is required")
    return PersonRef(str(given.get("id_type", "")), str(given.get("id_number", "")), str(given.get("name", "")))


def demo_person(sandbox: SandboxUpstream, data: dict[str, Any]) -> DemoPerson:
    """A DemoPerson from control JSON; an enrollment may be just its insurance type (the agency,
    place and tax office are then those of another enrollment of that type in the region).

    Raises: ValueError (a field, the id number, the region or an insurance type)."""
    data = dict(data)
    region = data.get("region")
    if not isinstance(region, str) or region not in sandbox.profiles:
        raise ValueError(f"region must be one of {sorted(sandbox.profiles)}")
    data["enrollments"] = [
        to_wire(_enrollment_like(sandbox, region, e)) if isinstance(e, str) else e
        for e in data.get("enrollments") or ()
    ]
    try:
        person = from_wire(DemoPerson, data)
    except ProtocolError as exc:
        raise ValueError(str(exc)) from exc
    return dataclasses.replace(person, id_number=validate_id(person.id_type, person.id_number))


def _enrollment_like(sandbox: SandboxUpstream, region: str, insurance_type: str) -> Enrollment:
    for person in sandbox.people.values():
        found = person.enrollment(insurance_type, region)
        if found is not None:
            return dataclasses.replace(found, status="active")
    raise ValueError(f"no {insurance_type} enrollment in {region} to copy: give the enrollment in full")


def snapshot(sandbox: SandboxUpstream) -> dict[str, Any]:
    """What a person demoing or a test wants to see."""
    return {
        "postings": to_wire(sandbox.postings),
        "requests": {number: {"amount_fen": r.amount_fen, "assessment_no": r.assessment_no}
                     for number, r in sandbox._requests.items()},
        "rejections": to_wire(sandbox.rejections),
        "assessments": {
            number: {"status": r.status, "department": r.department, "months": list(r.months),
                     "assessment": to_wire(r.assessment)}
            for number, r in sandbox.assessments.items()
        },
        "calls": dict(sandbox.calls),
        "department_calls": {d.name: dict(d.calls) for d in (sandbox.hrss, sandbox.healthcare_security)},
        "faults": to_wire(sandbox.faults),
        "people": [
            {"id_type": p.id_type, "id_number": p.id_number, "name": p.name, "region": p.region,
             "insurance_types": [e.insurance_type for e in p.enrollments if e.status == "active"]}
            for p in sandbox.people.values()
        ],
        "settings": {"enforce_posting_order": sandbox.enforce_posting_order, "auto_treasury": sandbox.auto_treasury,
                     "slow_seconds": sandbox.slow_seconds},
    }


def create_upstream_sandbox_app(
    sandbox: SandboxUpstream, secret: str, name: str = "upstream_sandbox"
) -> Sanic[Any, Any]:
    """A Sanic app serving only the upstream sandbox (tests). Names are made unique."""
    unique = name
    while unique in Sanic._app_registry:
        unique = f"{name}_{next(_names)}"
    app = Sanic(unique)
    app.config.AUTO_EXTEND = False  # no sanic-ext (OpenAPI pages etc.) on a fake provider
    app.config.ACCESS_LOG = False
    app.blueprint(create_upstream_sandbox_blueprint(sandbox, secret))
    return app
