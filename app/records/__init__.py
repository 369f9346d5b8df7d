"""全渠道 records: what a person paid or had paid for them, by any account and at any channel."""

from app.records.services import (
    Paging,
    declaration_records,
    payment_records,
    returned_shares,
    same_person_accounts,
)

__all__ = [
    "Paging",
    "declaration_records",
    "payment_records",
    "returned_shares",
    "same_person_accounts",
]
