from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound


class BatchDebitNotOffered(InvalidInput):
    code = "batch_debit_not_offered"


class BatchDebitAmountNotAllowed(InvalidInput):
    code = "batch_debit_amount_not_allowed"


class BatchDebitYearInvalid(InvalidInput):
    code = "batch_debit_year_invalid"


class BatchDebitSettingNotFound(NotFound):
    """Also the answer for another user's setting."""

    code = "batch_debit_setting_not_found"


class BatchDebitSettingVoided(Conflict):
    code = "batch_debit_setting_voided"


class BatchDebitSettingBusy(Conflict):
    code = "batch_debit_setting_busy"


class BatchDebitSettingExists(Conflict):
    code = "batch_debit_setting_exists"
