"""日切对账: each channel's statement, our records and upstream's postings, matched; differences."""

from app.reconciliation.models import (
    DIFFERENCE,
    RUN,
    DifferenceKind,
    DifferenceState,
    ReconciliationDifference,
    ReconciliationRun,
    ReconciliationStatement,
    RunState,
)
from app.reconciliation.services import days_due, reconcile, statement_pieces

__all__ = [
    "DIFFERENCE",
    "DifferenceKind",
    "DifferenceState",
    "RUN",
    "ReconciliationDifference",
    "ReconciliationRun",
    "ReconciliationStatement",
    "RunState",
    "days_due",
    "reconcile",
    "statement_pieces",
]
