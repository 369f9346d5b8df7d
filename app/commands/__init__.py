"""The command line's commands beyond serving: `python -m app reconcile | batch-debit | operators | institutions`."""

from app.commands.batch_debit import batch_debit_command
from app.commands.institutions import institutions_command
from app.commands.machines import MACHINES, tables
from app.commands.operators import demo_operators, operators_command
from app.commands.reconciliation import reconcile_command

__all__ = [
    "MACHINES",
    "tables",
    "batch_debit_command",
    "demo_operators",
    "institutions_command",
    "operators_command",
    "reconcile_command",
]
