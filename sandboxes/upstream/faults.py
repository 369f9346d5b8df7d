"""The sandbox's two departments (hrss, healthcare_security) and its switchable faults."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from app.upstream.interfaces import (
    Assessment,
    AssessmentLine,
    AssessmentRequest,
    Enrollment,
    PaidRecord,
    PersonCheck,
    PersonRef,
    PostingRecord,
    PostingRequest,
    PostingResult,
    TreasuryEntry,
    UpstreamRejected,
    UpstreamResultUnknown,
    UpstreamUnavailable,
)
from sandboxes.upstream import rules

if TYPE_CHECKING:
    from sandboxes.upstream.sandbox import SandboxUpstream

T = TypeVar("T")
OPERATIONS = frozenset(
    {"verify_person", "list_paid_records", "list_enrollments", "assess", "list_owed", "post_payment",
     "query_posting", "query_treasury_entry", "list_postings"}
)
FAULT_MODES = frozenset({"down", "timeout", "unknown", "slow"})  # and "reject:<code>"
DEPARTMENTS = ("hrss", "healthcare_security")


@dataclass
class Fault:
    operation: str
    mode: str
    remaining: int | None = None
    department: str | None = None


class SandboxDepartment:
    """One department's half of the upstream: checks its faults, then does the shared work."""

    def __init__(self, name: str, upstream: SandboxUpstream) -> None:
        self.name = name
        self._up = upstream
        self.calls: Counter[str] = Counter()

    async def verify_person(self, person: PersonRef) -> PersonCheck:
        return await self._call("verify_person", lambda: self._up._verify(person))

    async def list_paid_records(
        self, person: PersonRef, region: str, period_from: str, period_to: str
    ) -> list[PaidRecord]:
        return await self._call(
            "list_paid_records", lambda: self._up._paid_records(person, region, self.name, (period_from, period_to)))

    async def list_enrollments(self, person: PersonRef, region: str) -> list[Enrollment]:
        return await self._call("list_enrollments", lambda: self._up._enrollments(person, region, self.name))

    async def assess(self, request: AssessmentRequest) -> Assessment:
        return await self._call("assess", lambda: self._up._assess(request, self.name))

    async def list_owed(
        self, person: PersonRef, region: str, insurance_type: str, payment_kind: str
    ) -> tuple[AssessmentLine, ...]:
        return await self._call("list_owed", lambda: self._up._owed(person, region, insurance_type, payment_kind))

    async def post_payment(self, request: PostingRequest) -> PostingResult:
        try:
            return await self._call("post_payment", lambda: self._up._post(request, self.name))
        except UpstreamRejected as exc:
            self._up._record_rejection(request, exc, self.name)
            raise

    async def query_posting(self, posting_no: str) -> PostingResult:
        return await self._call("query_posting", lambda: self._up._query(posting_no))

    async def list_postings(self, day: date, after: str | None, limit: int) -> list[PostingRecord]:
        return await self._call("list_postings", lambda: self._up._postings_on(day, after, limit))

    async def query_treasury_entry(self, posting_no: str) -> TreasuryEntry:
        return await self._call("query_treasury_entry", lambda: self._up._treasury(posting_no))

    async def _call(self, operation: str, work: Callable[[], T]) -> T:
        self.calls[operation] += 1
        fault = self._up._take_fault(operation, self.name)
        mode = fault.mode if fault else ""
        if mode == "down":
            raise UpstreamUnavailable(f"{self.name} 系统暂时无法访问", code="unavailable")
        if mode in ("timeout", "slow"):
            await asyncio.sleep(self._up.slow_seconds)
        if mode == "timeout":
            raise UpstreamResultUnknown(f"{self.name} 响应超时", code="timeout")
        if mode.startswith("reject:"):
            raise rules.rejected(mode.split(":", 1)[1])
        result = work()
        if mode == "unknown":
            raise UpstreamResultUnknown(f"{self.name} 应答无法识别", code="result_unknown")
        return result
