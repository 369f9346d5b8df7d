from __future__ import annotations

from app.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceUnavailable


class AgreementsNotOffered(InvalidInput):
    code = "agreements_not_offered"


class RealNameRequired(Forbidden):
    code = "real_name_required"


class BankNotSupported(InvalidInput):
    code = "bank_not_supported"


class DivisionInvalid(InvalidInput):
    code = "division_code_invalid"


class AccountNumberInvalid(InvalidInput):
    code = "account_number_invalid"


class TaxOfficeInvalid(InvalidInput):
    code = "tax_office_invalid"


class HolderMismatch(InvalidInput):
    code = "cardholder_mismatch"


class AgreementExists(Conflict):
    code = "agreement_exists"


class CardNotUsable(InvalidInput):
    """The bank refused the card (not found, another person's, frozen): the same answer for all."""

    code = "card_not_usable"


class AgreementFaceRequired(InvalidInput):
    code = "agreement_face_verification_required"


class AgreementRefused(Conflict):
    code = "agreement_refused"


class BankUnavailable(ServiceUnavailable):
    code = "bank_unavailable"


class AgreementNotFound(NotFound):
    code = "agreement_not_found"


class AgreementRevoked(Conflict):
    code = "agreement_revoked"


class AgreementNotEffective(Conflict):
    code = "agreement_not_effective"


class AgreementRequired(InvalidInput):
    code = "agreement_required"


class AgreementTaxOfficeMismatch(Conflict):
    code = "agreement_tax_office_mismatch"


class RevokeNotConfirmed(InvalidInput):
    code = "revoke_not_confirmed"


class AgreementInUse(Conflict):
    code = "agreement_in_use"


class AgreementBusy(Conflict):
    code = "agreement_busy"
