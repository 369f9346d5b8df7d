"""Bank agreement debits (两方协议代扣): the channel adapter (payment_channels/bank/adapter.py) and
the daily statement (payment_channels/bank/statement.py)."""

from payment_channels.bank.adapter import BankAgreementChannel, BankConfig, SignedAgreement
from payment_channels.bank.statement import StatementLine, StatementUnreadable

__all__ = ["BankAgreementChannel", "BankConfig", "SignedAgreement", "StatementLine", "StatementUnreadable"]
