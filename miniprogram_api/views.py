"""Serialisation of domain objects for the mini-program. Id numbers only ever leave masked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from app.batch_debit.models import BATCH_DEBIT_STATE_LABELS, BatchDebitSetting
from app.declarations.models import DECLARATION_STATE_LABELS, Declaration
from app.identity.models import User
from app.payers.models import SavedPayer
from app.payments.models import Payment, PaymentItem
from app.payments.states import PAYER_STATUS_LABELS, item_status, payer_status
from app.refunds.models import REFUND_STATE_LABELS, Refund
from app.upstream.interfaces import Assessment, Enrollment

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _time(value: Any) -> str | None:
    return value.astimezone(SHANGHAI).isoformat() if value else None


def user_view(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "region": user.region,
        "real_name_bound": user.is_bound,
        "name": user.name,
        "id_type": user.id_type,
        "id_number_masked": user.id_number_masked,
    }


def enrollment_view(e: Enrollment) -> dict[str, Any]:
    return {
        "insurance_type": e.insurance_type,
        "agency": e.agency,
        "enrollment_region": e.enrollment_region,
        "tax_office": e.tax_office,
        "status": e.status,
    }


def assessment_view(a: Assessment) -> dict[str, Any]:
    return {
        "assessment_no": a.assessment_no,
        "insurance_type": a.insurance_type,
        "payment_kind": a.payment_kind,
        "agency": a.agency,
        "period_start": a.period_start,
        "period_end": a.period_end,
        "grade": a.grade,
        "contribution_base_fen": a.contribution_base_fen,
        "amount_due_fen": a.amount_due_fen,
        "lines": [{"month": x.month, "amount_fen": x.amount_fen, "late_fee_fen": x.late_fee_fen} for x in a.lines],
    }


def _declaration_payment_status(d: Declaration, item: PaymentItem | None, payment: Payment | None) -> str:
    if item is None or payment is None:
        return "paid" if d.paid else "unpaid"
    return item_status(payment, item)


def declaration_view(
    d: Declaration, item: PaymentItem | None = None, payment: Payment | None = None
) -> dict[str, Any]:
    return {
        "id": d.id,
        "declaration_no": d.declaration_no,
        "state": d.state.value,
        "state_label": DECLARATION_STATE_LABELS[d.state],
        "payment_status": _declaration_payment_status(d, item, payment),
        "current_payment_id": d.current_payment_id,
        "relation": d.relation,
        "payer_name": d.payer_name,
        "payer_id_type": d.payer_id_type,
        "payer_id_masked": d.payer_id_masked,
        "payer_nationality": d.payer_nationality,
        "insurance_type": d.insurance_type,
        "payment_kind": d.payment_kind,
        "grade": d.grade,
        "contribution_base_fen": d.contribution_base_fen,
        "period_start": d.period_start,
        "period_end": d.period_end,
        "assessment_no": d.assessment_no,
        "agency": d.agency,
        "amount_due_fen": d.amount_due_fen,
        "lines": d.lines,
        "declared_at": _time(d.created_at),
        "voided_at": _time(d.voided_at),
    }


def refund_view(r: Refund | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "out_refund_no": r.out_refund_no,
        "state": r.state.value,
        "status_label": REFUND_STATE_LABELS[r.state],
        "amount_fen": r.amount_fen,
        "reason": r.reason,
        "created_at": _time(r.created_at),
        "succeeded_at": _time(r.succeeded_at),
    }


def payment_view(
    payment: Payment, items: list[PaymentItem], refunds: Mapping[int, Refund] | None = None
) -> dict[str, Any]:
    """`refunds`: each share's refund by payment item id (a share without one shows null)."""
    status = payer_status(payment, items)
    refunds = refunds or {}
    return {
        "id": payment.id,
        "out_trade_no": payment.out_trade_no,
        "channel": payment.channel,
        "state": payment.state.value,
        "status": status,
        "status_label": PAYER_STATUS_LABELS[status],
        "amount_fen": payment.amount_fen,
        "description": payment.description,
        "transaction_id": payment.transaction_id,
        "paid_at": _time(payment.paid_at),
        "created_at": _time(payment.created_at),
        "failure_reason": payment.failure_reason,
        "items": [
            {
                "declaration_id": i.declaration_id,
                "amount_fen": i.amount_fen,
                "status": item_status(payment, i),
                "status_label": PAYER_STATUS_LABELS[item_status(payment, i)],
                "posting_state": i.posting_state.value,
                "posting_reason": i.posting_reason,
                "posted_at": _time(i.posted_at),
                "refund": refund_view(refunds.get(i.id)),
            }
            for i in items
        ],
    }


def saved_payer_view(p: SavedPayer) -> dict[str, Any]:
    return {
        "id": p.id,
        "id_type": p.id_type,
        "id_number_masked": p.id_number_masked,
        "name": p.name,
        "nationality": p.nationality,
        "created_at": _time(p.created_at),
        "updated_at": _time(p.updated_at),
    }


def batch_debit_setting_view(s: BatchDebitSetting) -> dict[str, Any]:
    return {
        "id": s.id,
        "insurance_type": s.insurance_type,
        "year": s.year,
        "valid_from": f"{s.year}-01-01",
        "valid_to": f"{s.year}-12-31",
        "grade": s.grade,
        "amount_fen": s.amount_fen,
        "state": s.state.value,
        "state_label": BATCH_DEBIT_STATE_LABELS[s.state],
        "payer_name": s.payer_name,
        "payer_id_masked": s.payer_id_masked,
        "created_at": _time(s.created_at),
        "voided_at": _time(s.voided_at),
    }
