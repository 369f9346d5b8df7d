from __future__ import annotations

from app.declarations import UpstreamRefused
from app.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited


class SavedPayerNotFound(NotFound):
    """Also the answer for another user's saved payer: never 'forbidden', so ids reveal nothing."""

    code = "saved_payer_not_found"


class SavedPayerExists(Conflict):
    code = "saved_payer_exists"


class SavedPayersLimit(Conflict):
    code = "saved_payers_limit"


class SavedPayerIsSelf(InvalidInput):
    code = "saved_payer_is_self"


class NationalityRequired(InvalidInput):
    code = "nationality_required"


class NationalityInvalid(InvalidInput):
    code = "nationality_invalid"


class PayerAmbiguous(InvalidInput):
    code = "payer_ambiguous"


class PayerNameMismatch(InvalidInput):
    code = "payer_name_mismatch"


class NotForOthers(InvalidInput):
    code = "insurance_type_not_for_others"


class NotEnrolled(UpstreamRefused):
    """Selecting a saved payer: upstream has no valid enrollment; the message is its reason."""

    code = "not_enrolled"


class PersonNotAccessible(Forbidden):
    code = "person_not_accessible"


class RecordsLookupRateLimited(RateLimited):
    code = "records_lookup_rate_limited"
