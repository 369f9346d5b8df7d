"""Institutions (a bank, an employer) that check certificates by machine: their API keys, issued
and revoked by an operator from the command line, and the verification they ask for."""

from app.institutions import errors
from app.institutions.models import InstitutionKey
from app.institutions.services import (
    KEY_PREFIX,
    DocumentCheck,
    authenticate,
    check_code_and_hash,
    check_document,
    issue_key,
    revoke_key,
)

__all__ = [
    "KEY_PREFIX",
    "DocumentCheck",
    "InstitutionKey",
    "authenticate",
    "check_code_and_hash",
    "check_document",
    "errors",
    "issue_key",
    "revoke_key",
]
