"""缴费协议: signing, listing and revoking two-party bank agreements, and what checkout needs of them."""

from app.agreements import errors
from app.agreements.errors import AgreementRevoked
from app.agreements.models import AGREEMENT, AgreementState, BankAgreement
from app.agreements.services import (
    BANKS,
    AgreementForm,
    banks_of,
    cancel_at_bank,
    cancel_revoked_at_bank,
    check_tax_office,
    for_payment,
    get_own,
    list_own,
    lock_key,
    mark_revoked,
    offered,
    own_person,
    sign,
    status_label,
    usable,
)

__all__ = [
    "AGREEMENT",
    "AgreementForm",
    "AgreementRevoked",
    "AgreementState",
    "BANKS",
    "BankAgreement",
    "banks_of",
    "cancel_at_bank",
    "cancel_revoked_at_bank",
    "check_tax_office",
    "errors",
    "for_payment",
    "get_own",
    "list_own",
    "lock_key",
    "mark_revoked",
    "offered",
    "own_person",
    "sign",
    "status_label",
    "usable",
]
