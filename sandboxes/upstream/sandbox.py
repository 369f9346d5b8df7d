"""An in-process hrss / healthcare_security / treasury that speaks the `Upstream` port.

Two department objects (`hrss`, `healthcare_security`) share one state; the port routes pension
types to hrss and medical types to healthcare_security, so a fault can target one department.

Faults (`set_fault(operation, mode, count=None, department=None)`):
    down                  UpstreamUnavailable, nothing done
    timeout               sleep `slow_seconds`, then UpstreamResultUnknown, nothing done
    unknown               do the work, then UpstreamResultUnknown (a posting does exist)
    slow                  sleep `slow_seconds`, then answer
    reject:<code>         UpstreamRejected with the manuals' reason (not_enrolled, posting_failed)

Rules kept: amounts come from the region profile; one posting per posting_no (the work runs
without awaiting, so concurrent calls cannot interleave); a later-period payment for the same
person and insurance type does not post while an earlier-period assessment is open (manual:
需待第一笔缴款在人社到账后 … 否则后一笔将提示“到账确认失败”), switchable with
`enforce_posting_order`.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.clock import SHANGHAI as CHINA
from app.clock import now as clock_now
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
    PostingState,
    TreasuryEntry,
    UpstreamRejected,
)
from config.regions import RegionProfile
from sandboxes.upstream import register, rules
from sandboxes.upstream.demo_data import DEMO_PEOPLE, DemoPerson
from sandboxes.upstream.faults import DEPARTMENTS, FAULT_MODES, OPERATIONS, Fault, SandboxDepartment

__all__ = [
    "DEPARTMENTS", "FAULT_MODES", "OPERATIONS", "AssessmentRecord", "Fault", "SandboxDepartment", "SandboxUpstream",
]

DEPARTMENT_OF = {
    "resident_pension": "hrss", "flexible_pension": "hrss",
    "resident_medical": "healthcare_security", "flexible_medical": "healthcare_security",
}
PersonKey = tuple[str, str]


@dataclass
class AssessmentRecord:
    """An assessment upstream issued; `status` open → posted, or superseded / voided."""

    assessment: Assessment
    person_key: PersonKey
    department: str
    months: tuple[str, ...]
    created_at: datetime
    status: str = "open"
    choices: tuple[str | None, str | None] = (None, None)  # 登记所在地, 核定提取方式 the payer chose


def _key(person: PersonRef) -> PersonKey:
    return (person.id_type, person.id_number.strip().upper())


class SandboxUpstream:
    """The `Upstream` port in process, with demo people, switchable faults and inspectable state.

    Args: profiles the region profiles (amounts and rules come from them); people the payers
    upstream knows (default DEMO_PEOPLE); clock returns an aware "now"; auto_treasury makes a
    posting reach the treasury `treasury_delay` after posting (otherwise only `enter_treasury`
    does); enforce_posting_order switches the earlier-period-first rule; assessment_ttl is how
    long an unposted assessment blocks later ones.
    Inspect: `calls` (per port operation), `postings` (posted results by posting_no),
    `rejections`, `assessments`, `hrss.calls`, `healthcare_security.calls`.
    """

    def __init__(
        self,
        profiles: Mapping[str, RegionProfile],
        people: Iterable[DemoPerson] = DEMO_PEOPLE,
        *,
        clock: Callable[[], datetime] | None = None,
        auto_treasury: bool = True,
        treasury_delay: timedelta = timedelta(0),
        enforce_posting_order: bool = True,
        assessment_ttl: timedelta = timedelta(days=1),
        slow_seconds: float = 1.0,
    ) -> None:
        self.profiles = profiles
        self._paid: dict[tuple[PersonKey, str, str], set[str]] = {}
        self.people: dict[PersonKey, DemoPerson] = {}
        for person in people:
            self.add_person(person)
        self.clock = clock or clock_now
        self.auto_treasury = auto_treasury
        self.treasury_delay = treasury_delay
        self.enforce_posting_order = enforce_posting_order
        self.assessment_ttl = assessment_ttl
        self.slow_seconds = slow_seconds
        self.calls: Counter[str] = Counter()
        self.postings: dict[str, PostingResult] = {}
        self.rejections: dict[str, PostingResult] = {}
        self.assessments: dict[str, AssessmentRecord] = {}
        self._by_person: dict[PersonKey, list[AssessmentRecord]] = {}  # the same records, by person
        self.hrss = SandboxDepartment("hrss", self)
        self.healthcare_security = SandboxDepartment("healthcare_security", self)
        self._faults: list[Fault] = []
        self._requests: dict[str, PostingRequest] = {}
        self._postings_of: dict[PersonKey, list[str]] = {}  # posting numbers by person
        self._treasury_entries: dict[str, TreasuryEntry] = {}
        self._instance = secrets.token_hex(2).upper()
        self._sequence = 0
        # Hubei's bank 批扣 through the tax system: open windows, and the payments the banks returned
        self.batch_windows: dict[tuple[PersonKey, str, str], BatchDebitWindow] = {}  # (person, region, type)
        self.batch_paid: dict[PersonKey, list[tuple[str, PaidRecord]]] = {}  # person → (region, record)

    # ---- the port ----

    async def start(self) -> None:
        """Nothing to open: the sandbox lives in this process."""

    async def close(self) -> None:
        """Nothing to close."""

    async def verify_person(self, person: PersonRef) -> PersonCheck:
        """实名核验 against the register hrss keeps (the demo people)."""
        self.calls["verify_person"] += 1
        return await self.hrss.verify_person(person)

    async def list_paid_records(
        self, person: PersonRef, region: str, period_from: str, period_to: str
    ) -> list[PaidRecord]:
        self.calls["list_paid_records"] += 1
        found: list[PaidRecord] = []
        for department in (self.hrss, self.healthcare_security):
            found += await department.list_paid_records(person, region, period_from, period_to)
        return sorted(found, key=lambda r: (r.period_start, r.paid_on))

    async def list_batch_debit_windows(self, person: PersonRef, region: str) -> list[BatchDebitWindow]:
        """The bank 批扣 windows open for the person (opened and closed by `open_batch_window` /
        `return_batch_result`, the bank's side)."""
        self.calls["list_batch_debit_windows"] += 1
        key = _key(person)
        return [w for (k, r, _), w in sorted(self.batch_windows.items()) if k == key and r == region]

    def open_batch_window(self, person: PersonRef, region: str, insurance_type: str,
                          bank_name: str = "中国工商银行") -> BatchDebitWindow:
        """The bank generates a 批扣清册 holding the person (a 批扣协议 signed at the bank)."""
        window = BatchDebitWindow(insurance_type, bank_name, self.now())
        self.batch_windows[(_key(person), region, insurance_type)] = window
        return window

    def return_batch_result(self, person: PersonRef, region: str, insurance_type: str, paid: bool,
                            period: tuple[str, str] = ("", ""), amount_fen: int = 0) -> PaidRecord | None:
        """The bank returns its 批扣 result: the window closes; a paid debit is a 银行批扣 payment
        upstream holds (on today's date, for the daily reconciliation)."""
        window = self.batch_windows.pop((_key(person), region, insurance_type), None)
        if window is None:
            raise KeyError("no open batch window for this person and type")
        if not paid:
            return None
        record = PaidRecord(insurance_type, period[0], period[1], amount_fen, self.today(), "银行批扣",
                            self._number("PK", self.profiles.get(region)))
        self.batch_paid.setdefault(_key(person), []).append((region, record))
        self._paid_months(_key(person), region, insurance_type).update(rules.months_between(*period))
        return record

    async def list_enrollments(self, person: PersonRef, region: str) -> list[Enrollment]:
        """Enrollments of a known person in a region ([] for an unknown person).

        Raises: UpstreamRejected person_mismatch (the name does not match the id number),
        UpstreamUnavailable, UpstreamResultUnknown.
        """
        self.calls["list_enrollments"] += 1
        found: list[Enrollment] = []
        for department in (self.hrss, self.healthcare_security):
            found += await department.list_enrollments(person, region)
        return found

    async def assess(self, request: AssessmentRequest) -> Assessment:
        """See `Upstream.assess`; also insurance_type_not_offered, payment_kind_not_allowed."""
        self.calls["assess"] += 1
        return await self.department_for(request.region, request.insurance_type).assess(request)

    async def list_owed(
        self, person: PersonRef, region: str, insurance_type: str, payment_kind: str
    ) -> tuple[AssessmentLine, ...]:
        self.calls["list_owed"] += 1
        return await self.department_for(region, insurance_type).list_owed(person, region, insurance_type, payment_kind)

    async def post_payment(self, request: PostingRequest) -> PostingResult:
        """See `Upstream.post_payment`; rejection codes: no_assessment, amount_mismatch,
        not_enrolled, already_paid, posting_failed (ordering rule), posting_no_reused."""
        self.calls["post_payment"] += 1
        record = self.assessments.get(request.assessment_no)
        department = record.department if record else self._department_name(request.region, request.insurance_type)
        return await self.department(department).post_payment(request)

    async def query_posting(self, posting_no: str) -> PostingResult:
        self.calls["query_posting"] += 1
        return await self._department_of_posting(posting_no).query_posting(posting_no)

    async def list_postings(self, day: date, after: str | None = None, limit: int = 10_000) -> list[PostingRecord]:
        self.calls["list_postings"] += 1
        return await self.hrss.list_postings(day, after, limit)  # one list for both departments

    async def query_treasury_entry(self, posting_no: str) -> TreasuryEntry:
        self.calls["query_treasury_entry"] += 1
        return await self._department_of_posting(posting_no).query_treasury_entry(posting_no)

    async def release_assessment(self, assessment_no: str) -> None:
        self.calls["release_assessment"] += 1
        self.void_assessment(assessment_no)

    # ---- controls for tests and demos ----

    def set_fault(self, operation: str, mode: str, count: int | None = None, department: str | None = None) -> None:
        """Make `operation` ("*" for all) misbehave `count` times (None: until cleared), in one
        department or both. Replaces an earlier fault for the same operation and department."""
        if operation != "*" and operation not in OPERATIONS:
            raise ValueError(f"unknown operation {operation!r}")
        reject_code = mode.split(":", 1)[1] if mode.startswith("reject:") else None
        if mode not in FAULT_MODES and reject_code not in rules.REASONS:
            raise ValueError(f"unknown fault mode {mode!r}")
        if department is not None and department not in DEPARTMENTS:
            raise ValueError(f"unknown department {department!r}")
        if count is not None and count < 1:
            raise ValueError("count must be at least 1")
        self._faults = [f for f in self._faults if (f.operation, f.department) != (operation, department)]
        self._faults.append(Fault(operation, mode, count, department))

    def clear_faults(self) -> None:
        self._faults.clear()

    @property
    def faults(self) -> tuple[Fault, ...]:
        return tuple(self._faults)

    def add_person(self, person: DemoPerson) -> None:
        key = _key(person.person)
        self.people[key] = person
        for record in person.history:
            months = rules.months_between(record.period_start, record.period_end)
            self._paid_months(key, record.region, record.insurance_type).update(months)

    def enter_treasury(self, posting_no: str, on: date | None = None) -> TreasuryEntry:
        """Mark a posted payment as entered into the treasury (入库). Raises: KeyError."""
        result = self.postings[posting_no]
        entry = TreasuryEntry(posting_no, True, on or self.today(), "RK" + (result.upstream_ref or posting_no)[2:])
        self._treasury_entries[posting_no] = entry
        return entry

    def void_assessment(self, assessment_no: str) -> None:
        """Release an open assessment (its declaration was voided) so it no longer blocks later ones."""
        record = self.assessments.get(assessment_no)
        if record is not None and record.status == "open":
            record.status = "voided"

    def department(self, name: str) -> SandboxDepartment:
        return self.hrss if name == "hrss" else self.healthcare_security

    def department_for(self, region: str, insurance_type: str) -> SandboxDepartment:
        return self.department(self._department_name(region, insurance_type))

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(CHINA).date()

    # ---- the work, shared by both departments (never awaits) ----

    def _department_name(self, region: str, insurance_type: str) -> str:
        profile = self.profiles.get(region)
        rule = profile.insurance_types.get(insurance_type) if profile else None
        return rule.department if rule else DEPARTMENT_OF.get(insurance_type, "hrss")

    def _department_of_posting(self, posting_no: str) -> SandboxDepartment:
        request = self._requests.get(posting_no)
        return self.department_for(request.region, request.insurance_type) if request else self.hrss

    def _take_fault(self, operation: str, department: str) -> Fault | None:
        for fault in self._faults:
            if fault.operation in (operation, "*") and fault.department in (None, department):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    def _verify(self, ref: PersonRef) -> PersonCheck:
        return register.verify(self.people, ref)

    def _postings_on(self, day: date, after: str | None, limit: int) -> list[PostingRecord]:
        found = []
        for posting_no in sorted(n for n in self.postings if after is None or n > after):
            result, request = self.postings[posting_no], self._requests[posting_no]
            if result.posted_at is not None and result.posted_at.astimezone(CHINA).date() == day:
                found.append(PostingRecord(
                    posting_no, request.assessment_no, request.region, request.insurance_type, request.amount_fen,
                    request.channel, request.channel_transaction_id, result.posted_at))
                if len(found) >= limit:
                    break
        return found

    def _paid_records(
        self, ref: PersonRef, region: str, department: str, period: tuple[str, str]
    ) -> list[PaidRecord]:
        types = [t for t, d in DEPARTMENT_OF.items() if d == department]
        postings = {n: (self._requests[n], self.postings[n]) for n in self._postings_of.get(_key(ref), ())}
        batch = [r for where, r in self.batch_paid.get(_key(ref), ()) if where == region and r.insurance_type in types
                 and r.period_start <= period[1] and r.period_end >= period[0]]
        return sorted(register.paid_records(self.people, ref, region, types, postings, period) + batch,
                      key=lambda r: (r.period_start, r.paid_on))

    def _person(self, ref: PersonRef) -> DemoPerson | None:
        person = self.people.get(_key(ref))
        if person is not None and person.name != ref.name.strip():
            raise rules.rejected("person_mismatch")
        return person

    def _enrollments(self, ref: PersonRef, region: str, department: str) -> list[Enrollment]:
        person = self._person(ref)
        if person is None:
            return []
        return [
            e for e in person.enrollments
            if e.region == region and DEPARTMENT_OF.get(e.insurance_type) == department
        ]

    def _active_enrollment(self, ref: PersonRef, region: str, insurance_type: str) -> tuple[DemoPerson, Enrollment]:
        person = self._person(ref)
        enrollment = person.enrollment(insurance_type, region) if person else None
        if person is None or enrollment is None or enrollment.status != "active":
            raise rules.rejected("not_enrolled")
        return person, enrollment

    def _owed(self, ref: PersonRef, region: str, insurance_type: str, payment_kind: str) -> tuple[AssessmentLine, ...]:
        person, _ = self._active_enrollment(ref, region, insurance_type)
        sheet = person.owed_months if payment_kind == "back_payment" else person.special
        paid = self._paid_months(_key(ref), region, insurance_type)
        return tuple(sorted((x for x in sheet.get(insurance_type, ()) if x.month not in paid), key=lambda x: x.month))

    def _paid_months(self, key: PersonKey, region: str, insurance_type: str) -> set[str]:
        return self._paid.setdefault((key, region, insurance_type), set())

    def _assess(self, request: AssessmentRequest, department: str) -> Assessment:
        profile = self.profiles.get(request.region)
        rule = profile.insurance_types.get(request.insurance_type) if profile else None
        if profile is None or rule is None:
            raise rules.rejected("insurance_type_not_offered")
        if request.payment_kind not in rule.payment_kinds:
            raise rules.rejected("payment_kind_not_allowed")
        months = rules.check_period(rule, request, self.today())
        person, enrollment = self._active_enrollment(request.person, request.region, request.insurance_type)
        if rule.extraction_methods and (request.extraction_method or request.registration_place):
            # Hubei's 灵活就业: 提取核定 for a chosen 登记所在地 (the person's) and 核定提取方式
            if request.extraction_method not in {m.code for m in rule.extraction_methods}:
                raise rules.rejected("extraction_method_invalid")
            if request.registration_place != enrollment.enrollment_region:
                raise rules.rejected("registration_place_mismatch")
        paid = self._paid_months(_key(request.person), request.region, request.insurance_type)
        if request.payment_kind == "normal":
            lines = rules.normal_lines(rule, request, months)
            if paid & set(months):
                raise rules.rejected("already_paid")
            owed = {line.month for line in person.owed_months.get(request.insurance_type, ())} - paid
            if owed & set(months):
                raise rules.rejected("period_not_allowed", "所选期间有欠缴费款，请选择补缴")
            start, end, covered = request.period_start, request.period_end, months
        else:
            sheet = person.owed_months if request.payment_kind == "back_payment" else person.special
            lines = rules.sheet_lines(sheet.get(request.insurance_type, ()), months, paid)
            covered = self._covered(rule.period_unit, lines)
            start, end = covered[0], covered[-1]
        return self._issue(request, profile, department, enrollment, (start, end), lines, covered)

    @staticmethod
    def _covered(period_unit: str, lines: tuple[AssessmentLine, ...]) -> tuple[str, ...]:
        if period_unit == "month":
            return tuple(line.month for line in lines)
        return tuple(f"{line.month[:4]}{m:02d}" for line in lines for m in range(1, 13))

    def _issue(
        self, request: AssessmentRequest, profile: RegionProfile, department: str, enrollment: Enrollment,
        period: tuple[str, str], lines: tuple[AssessmentLine, ...], covered: tuple[str, ...],
    ) -> Assessment:
        normal = request.payment_kind == "normal"
        assessment = Assessment(
            assessment_no=self._number("HD", profile), region=request.region,
            insurance_type=request.insurance_type, payment_kind=request.payment_kind, agency=enrollment.agency,
            period_start=period[0], period_end=period[1], amount_due_fen=rules.total(lines),
            grade=request.grade if normal else None,
            contribution_base_fen=request.contribution_base_fen if normal else None, lines=lines,
        )
        key = _key(request.person)
        for old in self._by_person.get(key, ()):
            same = (old.person_key, old.assessment.insurance_type, old.assessment.payment_kind, old.months)
            if old.status == "open" and same == (key, request.insurance_type, request.payment_kind, covered):
                old.status = "superseded"
        record = AssessmentRecord(assessment, key, department, covered, self.now(),
                                  choices=(request.registration_place, request.extraction_method))
        self.assessments[assessment.assessment_no] = record
        self._by_person.setdefault(key, []).append(record)
        return assessment

    def _number(self, prefix: str, profile: RegionProfile | None) -> str:
        self._sequence += 1
        division = profile.division_code[:2] if profile else "00"
        return f"{prefix}{division}{self.today():%Y%m%d}{self._instance}{self._sequence:06d}"

    def _post(self, request: PostingRequest, department: str) -> PostingResult:
        existing = self.postings.get(request.posting_no)
        if existing is not None:
            prior = self._requests[request.posting_no]
            if (prior.assessment_no, prior.amount_fen) != (request.assessment_no, request.amount_fen):
                raise rules.rejected("posting_no_reused")
            return existing
        record = self._posting_record(request)
        paid = self._paid_months(record.person_key, request.region, request.insurance_type)
        if record.status == "posted" or paid & set(record.months):
            raise rules.rejected("already_paid")
        if self.enforce_posting_order and self._earlier_open(record, paid) is not None:
            raise rules.rejected("posting_failed")
        upstream_ref = self._number("DZ", self.profiles.get(request.region))
        result = PostingResult(
            posting_no=request.posting_no, state=PostingState.POSTED, upstream_ref=upstream_ref,
            posted_at=self.now(), raw={"department": department, "assessment_no": request.assessment_no,
                                        "amount_fen": request.amount_fen, "upstream_ref": upstream_ref},
        )
        self.postings[request.posting_no] = result
        self._requests[request.posting_no] = request
        self._postings_of.setdefault(record.person_key, []).append(request.posting_no)
        self.rejections.pop(request.posting_no, None)
        record.status = "posted"
        paid.update(record.months)
        return result

    def _posting_record(self, request: PostingRequest) -> AssessmentRecord:
        record = self.assessments.get(request.assessment_no)
        matches = record is not None and record.person_key == _key(request.person) and (
            record.assessment.insurance_type, record.assessment.region) == (request.insurance_type, request.region)
        if record is None or not matches:
            raise rules.rejected("no_assessment")
        if record.status == "voided":  # released: never posted from now on
            raise rules.rejected("no_assessment", "核定单已作废")
        if request.amount_fen != record.assessment.amount_due_fen:
            raise rules.rejected("amount_mismatch", f"核定金额{record.assessment.amount_due_fen}分")
        self._active_enrollment(request.person, request.region, request.insurance_type)
        return record

    def _earlier_open(self, record: AssessmentRecord, paid: set[str]) -> AssessmentRecord | None:
        now = self.now()
        for other in self._by_person.get(record.person_key, ()):
            if other is record or other.status != "open" or now - other.created_at > self.assessment_ttl:
                continue
            same = (other.person_key, other.assessment.insurance_type, other.assessment.region)
            if same != (record.person_key, record.assessment.insurance_type, record.assessment.region):
                continue
            if other.months[0] < record.months[0] and not set(other.months) <= paid:
                return other
        return None

    def _record_rejection(self, request: PostingRequest, exc: UpstreamRejected, department: str) -> None:
        if request.posting_no in self.postings or exc.code == "posting_no_reused":
            return
        self._requests.setdefault(request.posting_no, request)
        self.rejections[request.posting_no] = PostingResult(
            posting_no=request.posting_no, state=PostingState.REJECTED, reason_code=exc.code, reason=exc.message,
            raw={"department": department, "assessment_no": request.assessment_no},
        )

    def _query(self, posting_no: str) -> PostingResult:
        found = self.postings.get(posting_no) or self.rejections.get(posting_no)
        return found or PostingResult(posting_no=posting_no, state=PostingState.NOT_FOUND)

    def _treasury(self, posting_no: str) -> TreasuryEntry:
        result = self.postings.get(posting_no)
        if result is None:
            return TreasuryEntry(posting_no, False)
        entry = self._treasury_entries.get(posting_no)
        if entry is None and self.auto_treasury and result.posted_at is not None:
            due = result.posted_at + self.treasury_delay
            if self.now() >= due:
                entry = self.enter_treasury(posting_no, due.astimezone(CHINA).date())
        return entry or TreasuryEntry(posting_no, False)
