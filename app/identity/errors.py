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
