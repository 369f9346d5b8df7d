"""The `Upstream` port over HTTP (the protocol: `app.upstream.protocol`), with httpx.

What a failure means, the one place for it (`_send` for the transport, `_read` for answers)::

    could not connect (refused, connect timeout, no pooled connection)  UpstreamUnavailable
    timeout or connection lost after the request went out                UpstreamResultUnknown for
                                                                         post_payment and
                                                                         release_assessment,
                                                                         UpstreamUnavailable otherwise
    a signed, fresh answer to our nonce                                  its result, or its error's kind
    a 2xx that is unsigned, mis-signed, stale or unreadable              UpstreamResultUnknown
    any other answer we cannot believe, by status: 503                   UpstreamUnavailable
                                                   other 5xx             as a lost connection (above)
                                                   anything else         UpstreamUnavailable (not taken)

Only a signed answer can reject: an unsigned error never makes a posting fail for good.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.upstream.interfaces import (
    Assessment,
    AssessmentLine,
    AssessmentRequest,
    BatchDebitWindow,
    Enrollment,
    PaidRecord,
    PersonCheck,
    PersonRef,
    PostingRecord,
    PostingRequest,
    PostingResult,
    TreasuryEntry,
    UpstreamResultUnknown,
    UpstreamUnavailable,
)
from app.upstream.protocol import (
    CONTENT_TYPE,
    NONCE_HEADER,
    OPERATIONS,
    ProtocolError,
    check_signature,
    decode_answer,
    encode_request,
    sign_request,
)


class HttpUpstream:
    """hrss / healthcare_security / treasury behind an HTTP gateway speaking our protocol.

    Args: base_url the gateway (or the sandbox process), e.g. "http://127.0.0.1:8001"; secret the
    shared HMAC key; timeout seconds per call (connect, read, write, pool); transport an httpx
    transport for tests; clock Unix seconds, for signatures.
    Call `start()` once before use and `close()` at shutdown. Raises only the exceptions of
    `app.upstream.interfaces` (and RuntimeError when not started).
    """

    def __init__(
        self, base_url: str, secret: str, timeout: float = 10.0, *,
        transport: httpx.AsyncBaseTransport | None = None, clock: Callable[[], float] = time.time,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._prefix = urlsplit(self._base_url).path
        self._secret = secret
        self._timeout = timeout
        self._transport = transport
        self._clock = clock
        self._client: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"HttpUpstream(base_url={self._base_url!r}, secret='***', timeout={self._timeout!r})"

    async def start(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout, transport=self._transport)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # ---- the port ----

    async def verify_person(self, person: PersonRef) -> PersonCheck:
        result: PersonCheck = await self._call("verify_person", person=person)
        return result

    async def list_paid_records(
        self, person: PersonRef, region: str, period_from: str, period_to: str
    ) -> list[PaidRecord]:
        result: list[PaidRecord] = await self._call(
            "list_paid_records", person=person, region=region, period_from=period_from, period_to=period_to)
        return result

    async def list_enrollments(self, person: PersonRef, region: str) -> list[Enrollment]:
        result: list[Enrollment] = await self._call("list_enrollments", person=person, region=region)
        return result

    async def assess(self, request: AssessmentRequest) -> Assessment:
        result: Assessment = await self._call("assess", request=request)
        return result

    async def list_owed(
        self, person: PersonRef, region: str, insurance_type: str, payment_kind: str
    ) -> tuple[AssessmentLine, ...]:
        result: tuple[AssessmentLine, ...] = await self._call(
            "list_owed", person=person, region=region, insurance_type=insurance_type, payment_kind=payment_kind)
        return result

    async def post_payment(self, request: PostingRequest) -> PostingResult:
        result: PostingResult = await self._call("post_payment", request=request)
        return result

    async def query_posting(self, posting_no: str) -> PostingResult:
        result: PostingResult = await self._call("query_posting", posting_no=posting_no)
        return result

    async def list_postings(self, day: date, after: str | None = None, limit: int = 10_000) -> list[PostingRecord]:
        result: list[PostingRecord] = await self._call("list_postings", day=day, after=after, limit=limit)
        return result

    async def query_treasury_entry(self, posting_no: str) -> TreasuryEntry:
        result: TreasuryEntry = await self._call("query_treasury_entry", posting_no=posting_no)
        return result

    async def release_assessment(self, assessment_no: str) -> None:
        await self._call("release_assessment", assessment_no=assessment_no)

    async def list_batch_debit_windows(self, person: PersonRef, region: str) -> list[BatchDebitWindow]:
        result: list[BatchDebitWindow] = await self._call("list_batch_debit_windows", person=person, region=region)
        return result

    # ---- the wire ----

    async def _call(self, name: str, **arguments: Any) -> Any:
        operation = OPERATIONS[name]
        body = encode_request(operation, arguments)
        path = self._prefix + operation.path
        headers = sign_request(self._secret, "POST", path, body, self._clock())
        response = await self._send(path, body, headers, mutating=operation.mutating)
        return self._read(name, path, headers[NONCE_HEADER], response)

    async def _send(self, path: str, body: bytes, headers: dict[str, str], *, mutating: bool) -> httpx.Response:
        """One POST; transport failures become our exceptions."""
        if self._client is None:
            raise RuntimeError("HttpUpstream.start() was not called")
        url = self._base_url + path[len(self._prefix):]
        try:
            return await self._client.post(url, content=body, headers={**headers, "Content-Type": CONTENT_TYPE})
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol) as exc:
            raise UpstreamUnavailable(_describe(exc), code="connect_failed") from exc
        except httpx.TimeoutException as exc:  # read or write timeout: the request went out
            raise _lost(mutating)(_describe(exc), code="timeout") from exc
        except httpx.TransportError as exc:  # the connection dropped after the request went out
            raise _lost(mutating)(_describe(exc), code="connection_lost") from exc

    def _read(self, name: str, path: str, nonce: str, response: httpx.Response) -> Any:
        """The answer's result, or the exception it means."""
        operation, status, body = OPERATIONS[name], response.status_code, response.content
        why = check_signature(self._secret, str(status), path, response.headers, body, self._clock(), nonce=nonce)
        if why is None:
            try:
                return decode_answer(operation, status, body)
            except ProtocolError as exc:
                why = f"unreadable answer: {exc}"
        message = f"HTTP {status} from upstream {name}: {why}"
        if 200 <= status < 300:
            raise UpstreamResultUnknown(message, code="unverified_answer")
        if status == 503:
            raise UpstreamUnavailable(message, code="http_503")
        if status >= 500:
            raise _lost(operation.mutating)(message, code=f"http_{status}")
        raise UpstreamUnavailable(message, code=f"http_{status}")


def _lost(mutating: bool) -> type[UpstreamUnavailable] | type[UpstreamResultUnknown]:
    """A call whose outcome we never heard: unknown if it changes state upstream, else unavailable."""
    return UpstreamResultUnknown if mutating else UpstreamUnavailable


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
