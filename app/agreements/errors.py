from __future__ import annotations

from app.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceUnavailable


class AgreementsNotOffered(InvalidInput):
    code = "agreements_not_offered"
    message = "本地区暂不支持银行卡协议缴费"


class RealNameRequired(Forbidden):
    code = "real_name_required"
    message = "请先完成实名认证后再签订缴费协议"


class BankNotSupported(InvalidInput):
    code = "bank_not_supported"
    message = "暂不支持该银行，请选择列表中的银行"


class DivisionInvalid(InvalidInput):
    code = "division_code_invalid"
    message = "行政区划不正确，请选择本地区的行政区划"


class AccountNumberInvalid(InvalidInput):
    code = "account_number_invalid"
    message = "银行账号应为12至19位数字"


class TaxOfficeInvalid(InvalidInput):
    code = "tax_office_invalid"
    message = "请选择税务机关"


class HolderMismatch(InvalidInput):
    code = "cardholder_mismatch"
    message = "签约银行卡必须为缴费人本人持有的银行卡，持卡人姓名需要和缴费人姓名一致"


class AgreementExists(Conflict):
    code = "agreement_exists"
    message = "该银行账户已签订缴费协议，无需重复签订"


class AgreementRefused(Conflict):
    code = "agreement_refused"
    message = "银行未通过协议签订"


class BankUnavailable(ServiceUnavailable):
    code = "bank_unavailable"
    message = "银行系统暂时不可用，请稍后再试"


class AgreementNotFound(NotFound):
    code = "agreement_not_found"
    message = "缴费协议不存在"


class AgreementRevoked(Conflict):
    code = "agreement_revoked"
    message = "该协议已撤销，不能再用于社保费缴款或批扣"


class AgreementNotEffective(Conflict):
    code = "agreement_not_effective"
    message = "该协议尚未生效（签订成功的协议于次日生效），请生效后再缴费"


class AgreementRequired(InvalidInput):
    code = "agreement_required"
    message = "请选择用于缴费的协议账户"


class AgreementTaxOfficeMismatch(Conflict):
    code = "agreement_tax_office_mismatch"
    message = "协议中的税务机关与缴费的税务机关不一致，该协议无法用于本次社保费缴款"


class RevokeNotConfirmed(InvalidInput):
    code = "revoke_not_confirmed"
    message = "请再次确认是否撤销该协议"


class AgreementInUse(Conflict):
    code = "agreement_in_use"
    message = "该协议有正在扣款的缴费，请扣款结果返回后再撤销"


class AgreementBusy(Conflict):
    code = "agreement_busy"
    message = "该协议正在处理中，请稍后再试"
