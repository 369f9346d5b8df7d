from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound


class BatchDebitNotOffered(InvalidInput):
    code = "batch_debit_not_offered"
    message = "本地区该险种不支持设置批量扣款缴费金额"


class BatchDebitAmountNotAllowed(InvalidInput):
    code = "batch_debit_amount_not_allowed"
    message = "缴费金额不在该险种可选的缴费金额范围内"


class BatchDebitYearInvalid(InvalidInput):
    code = "batch_debit_year_invalid"
    message = "只能设置本年度的缴费金额"


class BatchDebitSettingNotFound(NotFound):
    """Also the answer for another user's setting."""

    code = "batch_debit_setting_not_found"
    message = "批量扣款缴费金额设置不存在"


class BatchDebitSettingVoided(Conflict):
    code = "batch_debit_setting_voided"
    message = "该缴费金额设置已作废"


class BatchDebitSettingBusy(Conflict):
    code = "batch_debit_setting_busy"
    message = "缴费金额设置正在处理中，请稍后再试"


class BatchDebitSettingExists(Conflict):
    code = "batch_debit_setting_exists"
    message = "该缴费人本年度该险种已有其他账号设置的批量扣款缴费金额"
