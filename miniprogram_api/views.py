"""Domain objects as the response models of `responses.py`. Id numbers only ever leave masked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sanic.response import HTTPResponse

from app import words
from app.batch_debit import BATCH_DEBIT_STATE_LABELS, BatchDebitSetting
from app.certificates import Offer
from app.clock import SHANGHAI
from app.declarations import DECLARATION_STATE_LABELS, Declaration, record_state
from app.identity import User
from app.payers import SavedPayer
from app.payments import PAYER_STATUS_LABELS, Payment, PaymentItem, item_status, payer_status
from app.refunds import DONE_REFUND_STATES, REFUND_STATE_LABELS, Refund
from app.upstream import Assessment, AssessmentLine, Enrollment
from app.words import DECLARATION_PAYMENT_LABELS
from app.workdays import add_working_days
from miniprogram_api import responses as out
from miniprogram_api.openapi import ApiModel


def _time(value: datetime | None) -> datetime | None:
    return value.astimezone(SHANGHAI) if value else None


def _at(value: datetime) -> datetime:
    return value.astimezone(SHANGHAI)


def user_view(user: User) -> out.UserOut:
    return out.UserOut(
        id=user.id, region=user.region, real_name_bound=user.is_bound, real_name_verified=user.is_verified,
        name=user.name, id_type=user.id_type, id_number_masked=user.id_number_masked,
    )


def enrollment_view(e: Enrollment) -> out.EnrollmentOut:
    return out.EnrollmentOut(insurance_type=e.insurance_type, agency=e.agency, enrollment_region=e.enrollment_region,
                             tax_office=e.tax_office, status=e.status)  # type: ignore[arg-type]


def line_view(x: AssessmentLine | Mapping[str, Any]) -> out.AssessmentLineOut:
    if isinstance(x, AssessmentLine):
        return out.AssessmentLineOut(month=x.month, amount_fen=x.amount_fen, late_fee_fen=x.late_fee_fen)
    return out.AssessmentLineOut(month=x["month"], amount_fen=x["amount_fen"], late_fee_fen=x["late_fee_fen"])


def assessment_view(a: Assessment) -> out.AssessmentOut:
    return out.AssessmentOut(
        assessment_no=a.assessment_no, insurance_type=a.insurance_type, payment_kind=a.payment_kind, agency=a.agency,
        period_start=a.period_start, period_end=a.period_end, grade=a.grade,
        contribution_base_fen=a.contribution_base_fen, amount_due_fen=a.amount_due_fen,
        lines=[line_view(x) for x in a.lines],
    )


def _declaration_payment_status(
    d: Declaration, item: PaymentItem | None, payment: Payment | None, refund: Refund | None
) -> str:
    if item is None or payment is None:
        return "paid" if d.paid else "unpaid"
    if payment.state.value == "paid" and item.posting_state.value == "failed":  # its money comes back
        return "refunded" if refund is not None and refund.state in DONE_REFUND_STATES else "refunding"
    return item_status(payment, item)


def declaration_view(
    d: Declaration, viewer_id: int, item: PaymentItem | None = None, payment: Payment | None = None,
    refund: Refund | None = None,
) -> out.DeclarationOut:
    """`viewer_id`: the user looking (a declaration may have been made by a relative for them);
    `item` of `payment`: the share holding it (voided: the paid share whose money comes back,
    with its `refund`)."""
    money = _declaration_payment_status(d, item, payment, refund)
    return out.DeclarationOut(
        id=d.id, declaration_no=d.declaration_no, state=d.state.value,
        record_state=record_state(d), state_label=DECLARATION_STATE_LABELS[record_state(d)],  # type: ignore[arg-type]
        payment_status=money, payment_status_label=DECLARATION_PAYMENT_LABELS[money],  # type: ignore[arg-type]
        current_payment_id=d.current_payment_id, relation=d.relation,  # type: ignore[arg-type]
        declared_by_me=d.user_id == viewer_id, payer_name=d.payer_name, payer_id_type=d.payer_id_type,
        payer_id_masked=d.payer_id_masked, payer_nationality=d.payer_nationality, insurance_type=d.insurance_type,
        payment_kind=d.payment_kind, grade=d.grade, contribution_base_fen=d.contribution_base_fen,
        period_start=d.period_start, period_end=d.period_end, assessment_no=d.assessment_no, agency=d.agency,
        amount_due_fen=d.amount_due_fen, lines=[line_view(x) for x in d.lines], declared_at=_at(d.created_at),
        expires_at=_time(d.expires_at) if not d.paid and d.state.value == "declared" else None,
        voided_at=_time(d.voided_at), void_reason=d.void_reason,
    )


def refund_view(r: Refund | None) -> out.RefundOut | None:
    if r is None:
        return None
    return out.RefundOut(
        out_refund_no=r.out_refund_no, state=r.state.value, status_label=REFUND_STATE_LABELS[r.state],
        amount_fen=r.amount_fen, reason=words.foreign(r.reason) or REFUND_STATE_LABELS[r.state],
        created_at=_at(r.created_at), succeeded_at=_time(r.succeeded_at),
    )


def refund_due_by(i: PaymentItem) -> date | None:
    """The last day the region promises the money back if this share does not post: the working
    day after its posting deadline (the deadline keeps that day for the refund itself)."""
    if i.posting_state.value == "posted" or i.posting_deadline is None:
        return None
    return add_working_days(i.posting_deadline.astimezone(SHANGHAI).date(), 1)


def _posting_words(payment: Payment, i: PaymentItem) -> str | None:
    if payment.state.value != "paid":
        return None
    return words.posting_words(i.posting_state.value, i.posting_reason_code, i.posting_reason, refund_due_by(i))


def item_view(payment: Payment, i: PaymentItem, d: Declaration, refund: Refund | None) -> out.PaymentItemOut:
    status = item_status(payment, i)
    return out.PaymentItemOut(
        declaration_id=i.declaration_id, declaration_no=d.declaration_no, payer_name=d.payer_name,
        payer_id_masked=d.payer_id_masked, insurance_type=d.insurance_type, period_start=d.period_start,
        period_end=d.period_end, amount_fen=i.amount_fen, status=status,  # type: ignore[arg-type]
        status_label=PAYER_STATUS_LABELS[status], posting_state=i.posting_state.value,
        posting_reason=_posting_words(payment, i), posted_at=_time(i.posted_at),
        posting_deadline=_time(i.posting_deadline),
        refund_due_by=refund_due_by(i), refund=refund_view(refund),
    )


def payment_fields(
    payment: Payment, items: list[PaymentItem], declarations: Mapping[int, Declaration],
    refunds: Mapping[int, Refund], viewer_id: int, certificate: Offer, by_same_person: bool = False,
) -> dict[str, Any]:
    """A payment as its viewer may see it: a payment someone else made for the viewer shows only
    the viewer's own shares (the caller passes only those) and their sum. `certificate`: what
    asking for its certificate would answer now (certificates.offer_for_payment). `by_same_person`:
    made by another account of the viewer's own person — the person paid it themself (本人缴纳)."""
    mine = payment.user_id == viewer_id
    status = payer_status(payment, items)
    return dict(
        id=payment.id, out_trade_no=payment.out_trade_no, channel=payment.channel, state=payment.state.value,
        status=status, status_label=PAYER_STATUS_LABELS[status],
        amount_fen=payment.amount_fen if mine else sum(i.amount_fen for i in items),
        description=payment.description if mine else words.PAID_FOR_ME[by_same_person],
        transaction_id=payment.transaction_id if mine else None, paid_at=_time(payment.paid_at),
        created_at=_at(payment.created_at), expires_at=_time(payment.expires_at) if mine else None,
        failure_reason=(words.foreign(payment.failure_reason) or words.PAYMENT_FAILED) if payment.failure_reason
        else None, paid_by_me=mine,
        agreement_id=payment.agreement_id if mine else None, batch_debit=payment.batch_debit_list_id is not None,
        **offer_fields(certificate),
        items=[item_view(payment, i, declarations[i.declaration_id], refunds.get(i.id)) for i in items],
    )


def offer_fields(offer: Offer) -> dict[str, Any]:
    return dict(certificate_available=offer.available, certificate_ready_on=offer.ready_on,
                certificate_reason_code=offer.reason_code, certificate_reason=offer.reason)


def payment_view(
    payment: Payment, items: list[PaymentItem], declarations: Mapping[int, Declaration],
    refunds: Mapping[int, Refund], viewer_id: int, certificate: Offer, by_same_person: bool = False,
) -> out.PaymentOut:
    return out.PaymentOut(**payment_fields(payment, items, declarations, refunds, viewer_id, certificate,
                                           by_same_person))


def saved_payer_view(p: SavedPayer) -> out.SavedPayerOut:
    return out.SavedPayerOut(
        id=p.id, id_type=p.id_type, id_number_masked=p.id_number_masked, name=p.name, nationality=p.nationality,
        verified=p.verified_at is not None, created_at=_at(p.created_at), updated_at=_at(p.updated_at),
    )


def batch_debit_setting_view(s: BatchDebitSetting) -> out.BatchDebitSettingOut:
    return out.BatchDebitSettingOut(
        id=s.id, insurance_type=s.insurance_type, year=s.year, valid_from=date(s.year, 1, 1),
        valid_to=date(s.year, 12, 31), grade=s.grade, amount_fen=s.amount_fen,
        state=s.state.value, state_label=BATCH_DEBIT_STATE_LABELS[s.state],  # type: ignore[arg-type]
        payer_name=s.payer_name, payer_id_masked=s.payer_id_masked, created_at=_at(s.created_at),
        voided_at=_time(s.voided_at),
    )


def respond(model: ApiModel, status: int = 200) -> HTTPResponse:
    """A response model as the JSON body (the only way handlers answer)."""
    return HTTPResponse(model.model_dump_json(), status=status, content_type="application/json")
