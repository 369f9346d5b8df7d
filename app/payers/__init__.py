"""代缴人名单: the people a user keeps on file to pay for, and choosing whom a payment is for."""

from app.payers.models import SavedPayer
from app.payers.services import (
    ChosenPayer,
    PayerFields,
    add,
    choose_payer,
    delete,
    edit,
    list_saved,
    person_records,
    select,
)

__all__ = [
    "ChosenPayer",
    "PayerFields",
    "SavedPayer",
    "add",
    "choose_payer",
    "delete",
    "edit",
    "list_saved",
    "person_records",
    "select",
]
