"""The sandbox's person register: 实名核验 (name against id number) and every channel's payments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.clock import SHANGHAI as CHINA
from app.upstream.interfaces import PaidRecord, PersonCheck, PersonRef, PostingRequest, PostingResult
from sandboxes.upstream.demo_data import DemoPerson

CHANNEL_LABELS = {"wechat_pay": "微信支付", "alipay": "支付宝", "bank_agreement": "银行卡协议缴费"}
PersonKey = tuple[str, str]


def person_key(person: PersonRef) -> PersonKey:
    return (person.id_type, person.id_number.strip().upper())


def verify(people: Mapping[PersonKey, DemoPerson], ref: PersonRef) -> PersonCheck:
    person = people.get(person_key(ref))
    if person is None:
        return PersonCheck.NOT_FOUND
    return PersonCheck.MATCHED if person.name == ref.name.strip() else PersonCheck.MISMATCH


def _overlaps(start: str, end: str, period_from: str, period_to: str) -> bool:
    return start <= period_to and end >= period_from


def paid_records(
    people: Mapping[PersonKey, DemoPerson], ref: PersonRef, region: str, types: Iterable[str],
    postings: Mapping[str, tuple[PostingRequest, PostingResult]], period: tuple[str, str],
) -> list[PaidRecord]:
    """The person's payments of `types` in `region`: their history at other channels and every
    posting made through us (our posting_no kept, so the caller can tell them apart)."""
    if verify(people, ref) != PersonCheck.MATCHED:
        return []
    person, wanted = people[person_key(ref)], set(types)
    found = [r for r in person.history
             if r.insurance_type in wanted and r.region == region and _overlaps(r.period_start, r.period_end, *period)]

    def office(insurance_type: str) -> str | None:  # the district office of the person's enrollment
        enrollment = person.enrollment(insurance_type, region) or next(
            (e for e in person.enrollments if e.region == region), None)
        return enrollment.tax_office if enrollment else None

    records = [PaidRecord(r.insurance_type, r.period_start, r.period_end, r.amount_fen, r.paid_on, r.channel_label,
                          r.receipt_no, tax_office=office(r.insurance_type)) for r in found]
    for posting_no, (request, result) in postings.items():
        if person_key(request.person) != person_key(ref) or request.region != region:
            continue
        if request.insurance_type in wanted and _overlaps(request.period_start, request.period_end, *period):
            posted = (result.posted_at or request.paid_at).astimezone(CHINA).date()
            records.append(PaidRecord(
                request.insurance_type, request.period_start, request.period_end, request.amount_fen, posted,
                CHANNEL_LABELS.get(request.channel, request.channel), result.upstream_ref or posting_no, posting_no,
                office(request.insurance_type),
            ))
    return sorted(records, key=lambda r: (r.period_start, r.paid_on))
