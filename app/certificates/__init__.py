"""完税证明: asking for certificates, making them (a job), listing them, and verifying one."""

from app.certificates import errors
from app.certificates.jobs import certificate_roots_for, demo_keys_for, make, making_too_long
from app.certificates.models import (
    CERTIFICATE,
    CERTIFICATE_STATE_LABELS,
    CERTIFICATE_STYLE_LABELS,
    Certificate,
    CertificateState,
)
from app.certificates.services import (
    NOT_OFFERED,
    Offer,
    learn_treasury_entries,
    list_mine,
    mine,
    offer_for_payment,
    offer_for_record,
    offers_for_page,
    reissue_if_changed,
    request_for_payment,
    request_for_periods,
    request_for_record,
)
from app.certificates.verification import CAPTCHA_SECONDS, check_captcha, new_captcha, verify, well_formed

__all__ = [
    "CAPTCHA_SECONDS",
    "CERTIFICATE",
    "CERTIFICATE_STATE_LABELS",
    "CERTIFICATE_STYLE_LABELS",
    "Certificate",
    "CertificateState",
    "NOT_OFFERED",
    "Offer",
    "certificate_roots_for",
    "check_captcha",
    "demo_keys_for",
    "errors",
    "learn_treasury_entries",
    "list_mine",
    "make",
    "making_too_long",
    "mine",
    "new_captcha",
    "offer_for_payment",
    "offers_for_page",
    "offer_for_record",
    "reissue_if_changed",
    "request_for_payment",
    "request_for_periods",
    "request_for_record",
    "verify",
    "well_formed",
]
