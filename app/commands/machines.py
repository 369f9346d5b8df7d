"""`python -m app machines`: every state machine's table, as docs/architecture.md shows it (a test
fails when the document and the code disagree)."""

from __future__ import annotations

from app import agreements, batch_debit, certificates, declarations, operations, payments, reconciliation, refunds
from app.machines import StateMachine

MACHINES: tuple[StateMachine, ...] = (  # type: ignore[type-arg]
    payments.PAYMENT, payments.SHARE, declarations.DECLARATION, refunds.REFUND, operations.MANUAL_REFUND,
    agreements.AGREEMENT, certificates.CERTIFICATE, batch_debit.BATCH_LIST, batch_debit.BATCH_SETTING,
    reconciliation.DIFFERENCE, reconciliation.RUN, operations.CLAIM,
)
BEGIN, END = "<!-- state tables: python -m app machines -->", "<!-- end of state tables -->"


def tables() -> str:
    """Markdown: for each machine, its model and column, where rows start, and each state's moves."""
    out = [BEGIN]
    for machine in MACHINES:
        starts = ", ".join(f"`{s}`" for s in sorted(machine.starts))
        out += ["", f"**{machine.entity}** (`{machine.model.__name__}.{machine.column}`; starts {starts})", "",
                "| from | may move to |", "|---|---|"]
        for state in machine.states():
            moves = sorted(machine.moves.get(state, frozenset()))
            out.append(f"| `{state}` | {', '.join(f'`{m}`' for m in moves) if moves else '— (final)'} |")
    out += ["", END]
    return "\n".join(out)
