from __future__ import annotations

from app.errors import Conflict, InvalidInput, RateLimited, ServiceUnavailable, Unauthenticated


class LoginCodeInvalid(Unauthenticated):
    code = "login_code_invalid"
    message = "登录凭证无效或已过期，请重新进入小程序"


class SessionInvalid(Unauthenticated):
    code = "session_invalid"
    message = "登录已失效，请重新登录"


class RegionUnknown(InvalidInput):
    code = "region_unknown"
    message = "暂不支持该地区的社保缴费业务"


class RealNameRequired(Unauthenticated):
    kind = "forbidden"
    code = "real_name_required"
    message = "请先完成实名认证"


class AlreadyBound(Conflict):
    code = "already_bound"
    message = "该账号已绑定其他实名信息"


class IdTypeNotOffered(InvalidInput):
    code = "id_type_not_offered"
    message = "本地区暂不支持该证件类型"


class NameInvalid(InvalidInput):
    code = "name_invalid"
    message = "姓名格式不正确"


class SignInRateLimited(RateLimited):
    code = "sign_in_rate_limited"
    message = "登录过于频繁，请稍后再试"


class BindingRateLimited(RateLimited):
    code = "binding_rate_limited"
    message = "实名认证尝试过于频繁，请一小时后再试"


class LoginUnavailable(ServiceUnavailable):
    code = "login_unavailable"
    message = "微信登录服务暂时不可用，请稍后再试"


class RealNameUnverified(Unauthenticated):
    kind = "forbidden"
    code = "real_name_unverified"
    message = "实名信息尚未核验，请重新完成实名认证"


class PersonMismatch(InvalidInput):
    code = "person_mismatch"
    message = "证件号码与姓名不一致，请核对后重新填写"


class PersonNotFound(InvalidInput):
    code = "person_not_found"
    message = "未查询到该证件号码的登记信息，请核对证件类型和证件号码"


class IdentityCheckRateLimited(RateLimited):
    code = "identity_check_rate_limited"
    message = "身份核验次数过多，请一小时后再试"


class IdentityCheckUnavailable(ServiceUnavailable):
    code = "identity_check_unavailable"
    message = "身份核验服务暂时不可用，请稍后再试"


class FaceVerificationRequired(InvalidInput):
    code = "face_verification_required"
    message = "本地区实名认证需进行人脸识别，请先完成人脸识别"


class FaceVerificationFailed(InvalidInput):
    code = "face_verification_failed"
    message = "人脸识别未通过或已失效，请重新进行人脸识别"


class FaceIdTypeUnsupported(InvalidInput):
    code = "face_id_type_unsupported"
    message = "人脸识别仅支持居民身份证，其他证件请到办税服务厅办理实名认证"


class FaceUnavailable(ServiceUnavailable):
    code = "face_unavailable"
    message = "人脸识别服务暂时不可用，请稍后再试"


class FaceVerificationPending(Conflict):
    code = "face_verification_pending"
    message = "人脸识别尚未完成，请完成刷脸后再提交"


class FaceRateLimited(RateLimited):
    code = "face_verification_rate_limited"
    message = "人脸识别尝试过于频繁，请一小时后再试"


class AlipaySignInNotOffered(InvalidInput):
    code = "alipay_sign_in_not_offered"
    message = "暂不支持支付宝登录，请使用微信登录"


class SignInNotOffered(InvalidInput):
    """The region does not accept this sign-in (its profile's `sign_ins`): it would reach no payment."""

    code = "sign_in_not_offered"
    message = "本地区暂不支持该登录方式，请使用微信登录"


class FaceNeedsWeChat(InvalidInput):
    code = "face_verification_needs_wechat"
    message = "人脸识别需在微信小程序中完成，请使用微信登录后再办理"
