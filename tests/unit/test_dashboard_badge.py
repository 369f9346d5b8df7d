"""A payment's badge says the worst open thing about it (dashboard/facts.py: the order)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from app.operations.models import ManualRefundState
from app.payments.models import PaymentState, PostingState
from app.reconciliation.models import DifferenceState
from app.refunds.models import RefundState
from dashboard.facts import payment_status

TODAY = date(2026, 12, 7)
LATE = datetime(2026, 11, 20, 8, tzinfo=UTC)  # refund day 2026-11-23: past
SOON = datetime(2026, 12, 9, 8, tzinfo=UTC)


def payment(state: PaymentState = PaymentState.PAID) -> Any:
    return SimpleNamespace(id=1, state=state)


def share(n: int, posting: PostingState, deadline: datetime = SOON) -> Any:
    return SimpleNamespace(id=n, payment_id=1, posting_state=posting, posting_deadline=deadline)


def refund(n: int, state: RefundState) -> Any:
    return SimpleNamespace(payment_item_id=n, state=state)


def badge(p: Any, items: list[Any], refunds: list[Any] = (), manual: list[Any] = (),  # type: ignore[assignment]
          differences: list[Any] = ()) -> tuple[str, str, list[str]]:  # type: ignore[assignment]
    found = payment_status(p, items, list(refunds), list(manual), list(differences), TODAY)
    return found.text, found.tone, found.also


def test_a_failed_refund_is_worse_than_everything_else_open() -> None:
    items = [share(1, PostingState.FAILED), share(2, PostingState.NOT_POSTED, LATE), share(3, PostingState.UNKNOWN)]
    text, tone, also = badge(payment(), items, [refund(1, RefundState.FAILED)],
                             [SimpleNamespace(state=ManualRefundState.REQUESTED)],
                             [SimpleNamespace(state=DifferenceState.NEEDS_PERSON)])
    assert (text, tone) == ("退费失败", "danger")
    assert also == ["逾期未退费", "待退费", "结果未知", "对账差异待处理", "人工退费待审批", "待到账确认"]


def test_each_trouble_in_its_place() -> None:
    assert badge(payment(), [share(1, PostingState.NOT_POSTED, LATE)])[:2] == ("逾期未退费", "danger")
    assert badge(payment(), [share(1, PostingState.FAILED)], [refund(1, RefundState.PROCESSING)])[:2] == \
        ("待退费", "danger")
    assert badge(payment(), [share(1, PostingState.FAILED)])[:2] == ("待退费", "danger")  # refused, no refund yet
    assert badge(payment(PaymentState.UNKNOWN), [share(1, PostingState.NOT_POSTED)])[:2] == ("结果未知", "warn")
    assert badge(payment(), [share(1, PostingState.POSTED)], [],
                 [], [SimpleNamespace(state=DifferenceState.OPEN)])[:2] == ("对账差异待处理", "warn")
    assert badge(payment(), [share(1, PostingState.NOT_POSTED)], [],
                 [SimpleNamespace(state=ManualRefundState.REQUESTED)])[:2] == ("人工退费待审批", "warn")
    assert badge(payment(), [share(1, PostingState.NOT_POSTED)])[:2] == ("待到账确认", "info")
    assert badge(payment(PaymentState.AWAITING_PAYMENT), [share(1, PostingState.NOT_POSTED)])[:2] == \
        ("待支付", "info")


def test_what_is_settled_says_so() -> None:
    assert badge(payment(), [share(1, PostingState.POSTED), share(2, PostingState.POSTED)]) == \
        ("已到账确认", "ok", [])
    assert badge(payment(), [share(1, PostingState.FAILED)], [refund(1, RefundState.SUCCEEDED)]) == \
        ("已全部退费", "muted", [])
    assert badge(payment(), [share(1, PostingState.FAILED, LATE)], [refund(1, RefundState.OFFLINE)])[0] == "已全部退费"
    assert badge(payment(), [share(1, PostingState.POSTED), share(2, PostingState.FAILED)],
                 [refund(2, RefundState.SUCCEEDED)]) == ("已办结", "ok", [])
    assert badge(payment(PaymentState.CLOSED), [share(1, PostingState.NOT_POSTED)]) == ("已关闭", "muted", [])
    # resolved differences and decided requests are not open troubles
    assert badge(payment(), [share(1, PostingState.POSTED)], [], [SimpleNamespace(state=ManualRefundState.REJECTED)],
                 [SimpleNamespace(state=DifferenceState.RESOLVED)])[0] == "已到账确认"
