from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound, ServiceUnavailable


class ChannelNotOffered(InvalidInput):
    code = "channel_not_offered"


class ChannelNotYetOffered(InvalidInput):
    code = "channel_not_yet_offered"


class DeviceNotOffered(InvalidInput):
    code = "device_not_offered"


class ChannelNotForOthers(InvalidInput):
    code = "channel_not_for_others"


class TooManyDeclarations(InvalidInput):
    code = "too_many_declarations"


class PaymentFaceRequired(InvalidInput):
    code = "payment_face_verification_required"


class PaymentNotFound(NotFound):
    code = "payment_not_found"


class DeclarationAlreadyPaid(Conflict):
    code = "declaration_already_paid"


class DeclarationInOtherPayment(Conflict):
    code = "declaration_in_other_payment"


class PaymentBusy(Conflict):
    code = "payment_busy"


class PaymentRejected(Conflict):
    code = "payment_rejected"


class PaymentNotOpen(Conflict):
    code = "payment_not_open"


class ChannelUnavailable(ServiceUnavailable):
    code = "channel_unavailable"


class ChannelResultUnknown(ServiceUnavailable):
    code = "channel_result_unknown"


class AlipayAuthCodeRequired(InvalidInput):
    code = "alipay_auth_code_required"


class AlipayAuthCodeInvalid(InvalidInput):
    code = "alipay_auth_code_invalid"


class BatchDebitInProgress(Conflict):
    code = "batch_debit_in_progress"


class WeChatPayNeedsWeChatSignIn(InvalidInput):
    code = "wechat_pay_needs_wechat_sign_in"
