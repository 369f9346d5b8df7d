from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound, ServiceUnavailable


class ChannelNotOffered(InvalidInput):
    code = "channel_not_offered"
    message = "本地区暂不支持该缴款方式"


class ChannelNotYetOffered(InvalidInput):
    code = "channel_not_yet_offered"
    message = "该缴款方式暂未开通，请选择其他缴款方式"


class DeviceNotOffered(InvalidInput):
    code = "device_not_offered"
    message = "该缴款方式不支持所选的缴款终端，请选择其他缴款方式"


class ChannelNotForOthers(InvalidInput):
    code = "channel_not_for_others"
    message = "为他人缴费不支持该缴款方式，请选择其他缴款方式"


class TooManyDeclarations(InvalidInput):
    code = "too_many_declarations"
    message = "一次缴款的申报记录过多"


class PaymentNotFound(NotFound):
    code = "payment_not_found"
    message = "缴款记录不存在"


class DeclarationAlreadyPaid(Conflict):
    code = "declaration_already_paid"
    message = "该申报已缴款，请勿重复缴费"


class DeclarationInOtherPayment(Conflict):
    code = "declaration_in_other_payment"
    message = "所选申报正在另一笔缴款中处理，请先完成或查验该笔缴款"


class PaymentBusy(Conflict):
    code = "payment_busy"
    message = "该笔缴款正在处理中，请稍后再试"


class PaymentRejected(Conflict):
    code = "payment_rejected"
    message = "支付渠道拒绝了本次缴款"


class PaymentNotOpen(Conflict):
    code = "payment_not_open"
    message = "该笔缴款已结束，不能继续支付"


class ChannelUnavailable(ServiceUnavailable):
    code = "channel_unavailable"
    message = "支付渠道暂时不可用，请稍后再试"


class ChannelResultUnknown(ServiceUnavailable):
    code = "channel_result_unknown"
    message = "支付渠道响应超时，缴款结果确认中，请稍后在缴费记录中查验状态"


class AlipayAuthCodeRequired(InvalidInput):
    code = "alipay_auth_code_required"
    message = "使用支付宝缴款需先授权：请重新进入缴款页面后再试"


class AlipayAuthCodeInvalid(InvalidInput):
    code = "alipay_auth_code_invalid"
    message = "支付宝授权已失效，请重新授权后再缴款"


class BatchDebitInProgress(Conflict):
    code = "batch_debit_in_progress"
    message = "批扣清册生成至签约银行返回批扣结果期间，无法通过其他渠道缴款"


class WeChatPayNeedsWeChatSignIn(InvalidInput):
    code = "wechat_pay_needs_wechat_sign_in"
    message = "微信支付需在微信小程序中使用微信登录后缴款，请选择其他缴款方式"
