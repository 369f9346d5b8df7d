"""The port to the social-insurance systems: hrss, healthcare_security and the treasury.

One interface for all three; the adapter routes each insurance type to the department that
owns it (pension → hrss, medical → healthcare_security). Amounts are integer fen.

Exception tree::

    UpstreamError
    ├── UpstreamUnavailable     did not take effect (down): retry later with the same number
    ├── UpstreamResultUnknown   timeout / unreadable answer: only query_posting decides it
    └── UpstreamRejected        a final refusal with the manuals' reason
                                (code: not_enrolled 该人员未参加该险种, posting_failed 到账确认失败,
                                 no_assessment, grade_not_allowed, period_not_allowed, ...)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol


class UpstreamError(Exception):
    def __init__(self, message: str = "", *, code: str = "") -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message


class UpstreamUnavailable(UpstreamError):
    """The call did not take effect; retry later."""


class UpstreamResultUnknown(UpstreamError):
    """We do not know whether the call took effect; query to decide."""


class UpstreamRejected(UpstreamError):
    """Final refusal; `code` is stable, `message` is the upstream's Chinese reason."""


class PersonCheck(enum.StrEnum):
    """Whether upstream's register holds this id number under this name."""

    MATCHED = "matched"
    MISMATCH = "mismatch"  # the id number is registered under another name
    NOT_FOUND = "not_found"  # no such id number


class PostingState(enum.StrEnum):
    POSTED = "posted"
    REJECTED = "rejected"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class PersonRef:
    id_type: str  # "resident_id_card", "hk_mo_tw_residence_permit", "foreign_permanent_residence", ...
    id_number: str
    name: str


@dataclass(frozen=True)
class Enrollment:
    insurance_type: str  # resident_pension, resident_medical, flexible_pension, flexible_medical
    region: str  # region profile code: hubei, guizhou, beijing
    agency: str  # 社保经办机构 name
    enrollment_region: str  # 登记所在地, e.g. "武汉市江岸区"
    tax_office: str  # the tax office that collects for this enrollment
    status: str = "active"  # active | suspended
    since: date | None = None


@dataclass(frozen=True)
class AssessmentRequest:
    person: PersonRef
    region: str
    insurance_type: str
    payment_kind: str  # normal | back_payment | special
    period_start: str  # "YYYYMM"
    period_end: str  # "YYYYMM"
    grade: str | None = None  # grade code from the region profile
    contribution_base_fen: int | None = None
    registration_place: str | None = None  # 登记所在地 (one of the person's enrollment_region), where the region asks
    extraction_method: str | None = None  # 核定提取方式 code of the region profile, where the region asks


@dataclass(frozen=True)
class AssessmentLine:
    month: str  # "YYYYMM"
    amount_fen: int
    late_fee_fen: int = 0


@dataclass(frozen=True)
class Assessment:
    assessment_no: str
    region: str
    insurance_type: str
    payment_kind: str
    agency: str
    period_start: str
    period_end: str
    amount_due_fen: int  # total, late fees included
    grade: str | None = None
    contribution_base_fen: int | None = None
    lines: tuple[AssessmentLine, ...] = ()


@dataclass(frozen=True)
class PostingRequest:
    posting_no: str  # our idempotency key for this posting: repeating it never posts twice
    assessment_no: str
    person: PersonRef
    region: str
    insurance_type: str
    payment_kind: str
    period_start: str
    period_end: str
    amount_fen: int
    channel: str
    channel_transaction_id: str
    paid_at: datetime


@dataclass(frozen=True)
class PostingResult:
    posting_no: str
    state: PostingState
    upstream_ref: str | None = None  # the upstream's own receipt number
    reason_code: str | None = None
    reason: str | None = None  # Chinese reason when rejected
    posted_at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PaidRecord:
    """A payment upstream holds for a person from any channel (bank counter, tax hall, batch
    debit, or ours: `posting_no` is then our own posting number)."""

    insurance_type: str
    period_start: str
    period_end: str
    amount_fen: int
    paid_on: date
    channel_label: str  # e.g. 银行柜面, 办税服务厅, 银行批扣
    receipt_no: str
    posting_no: str | None = None
    tax_office: str | None = None  # the 税务机关 that collected it (the payer's district office), when upstream says


@dataclass(frozen=True)
class PostingRecord:
    """One posting upstream accepted (到账信息), as its daily list gives it for reconciliation."""

    posting_no: str
    assessment_no: str
    region: str
    insurance_type: str
    amount_fen: int
    channel: str
    channel_transaction_id: str
    posted_at: datetime


@dataclass(frozen=True)
class BatchDebitWindow:
    """A bank's 批扣 running through the tax bureau's system for a person (Hubei: the 批扣协议 is
    signed at the bank): from the 批扣清册's generation until the bank returns its result, no other
    channel may take the person's money for the type."""

    insurance_type: str
    bank_name: str
    opened_at: datetime


@dataclass(frozen=True)
class TreasuryEntry:
    posting_no: str
    entered: bool
    entered_on: date | None = None
    treasury_ref: str | None = None


class Upstream(Protocol):
    """hrss / healthcare_security / treasury as one port."""

    async def start(self) -> None:
        """Open what the adapter needs (connections); call once before any other method."""
        ...

    async def close(self) -> None:
        """Release what `start` opened; call once at shutdown."""
        ...

    async def verify_person(self, person: PersonRef) -> PersonCheck:
        """Whether the id number is registered under this name (实名核验). Names are compared
        as given: the caller normalises them.

        Raises: UpstreamUnavailable, UpstreamResultUnknown.
        """
        ...

    async def list_paid_records(
        self, person: PersonRef, region: str, period_from: str, period_to: str
    ) -> list[PaidRecord]:
        """What the person paid, through every channel, for periods overlapping [period_from,
        period_to] (YYYYMM) (全渠道缴费记录).

        Raises: UpstreamUnavailable, UpstreamResultUnknown.
        """
        ...

    async def list_enrollments(self, person: PersonRef, region: str) -> list[Enrollment]:
        """Enrollments of a person in a region (empty list when none).

        Raises: UpstreamUnavailable, UpstreamResultUnknown.
        """
        ...

    async def assess(self, request: AssessmentRequest) -> Assessment:
        """The amount due for an insurance type, grade/base and period.

        Raises: UpstreamRejected (not_enrolled, grade_not_allowed, base_out_of_range,
        period_not_allowed, already_paid, no_assessment), UpstreamUnavailable,
        UpstreamResultUnknown.
        """
        ...

    async def list_owed(
        self, person: PersonRef, region: str, insurance_type: str, payment_kind: str
    ) -> tuple[AssessmentLine, ...]:
        """The months a person owes (back_payment 补缴) or that hrss decided (special 特殊缴费),
        with each month's amount and late fee, oldest first; empty when nothing is owed.

        Raises: UpstreamRejected (not_enrolled, person_mismatch), UpstreamUnavailable,
        UpstreamResultUnknown.
        """
        ...

    async def post_payment(self, request: PostingRequest) -> PostingResult:
        """到账确认: tell hrss / healthcare_security the fee was paid. Idempotent on posting_no.

        Returns a POSTED result, or raises UpstreamRejected (not_enrolled, posting_failed, ...),
        UpstreamUnavailable, UpstreamResultUnknown.
        """
        ...

    async def query_posting(self, posting_no: str) -> PostingResult:
        """The state of an earlier posting (NOT_FOUND if upstream never saw it)."""
        ...

    async def list_postings(self, day: date, after: str | None = None, limit: int = 10_000) -> list[PostingRecord]:
        """The postings upstream accepted on `day` (Asia/Shanghai), ordered by posting_no, the
        first `limit` after the posting_no `after` (keyset paging: pass the last one seen).

        Raises: UpstreamUnavailable, UpstreamResultUnknown.
        """
        ...

    async def query_treasury_entry(self, posting_no: str) -> TreasuryEntry:
        """Whether the posted money has reached the treasury (入库)."""
        ...

    async def release_assessment(self, assessment_no: str) -> None:
        """A declared assessment was voided: it must no longer hold back later postings.

        Raises: UpstreamUnavailable, UpstreamResultUnknown (both safe to repeat).
        """
        ...

    async def list_batch_debit_windows(self, person: PersonRef, region: str) -> list[BatchDebitWindow]:
        """The bank 批扣 windows open for the person in the region (a 批扣清册 generated, the
        bank's result not returned yet); [] when none. Raises: UpstreamUnavailable."""
        ...
