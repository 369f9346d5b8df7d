from __future__ import annotations

from app.errors import Conflict, InvalidInput, RateLimited, ServiceUnavailable, Unauthenticated


class LoginCodeInvalid(Unauthenticated):
    code = "login_code_invalid"


class SessionInvalid(Unauthenticated):
    code = "session_invalid"


class RegionUnknown(InvalidInput):
    code = "region_unknown"


class RealNameRequired(Unauthenticated):
    kind = "forbidden"
    code = "real_name_required"


class AlreadyBound(Conflict):
    code = "already_bound"


class IdTypeNotOffered(InvalidInput):
    code = "id_type_not_offered"


class NameInvalid(InvalidInput):
    code = "name_invalid"


class SignInRateLimited(RateLimited):
    code = "sign_in_rate_limited"


class BindingRateLimited(RateLimited):
    code = "binding_rate_limited"


class LoginUnavailable(ServiceUnavailable):
    code = "login_unavailable"


class RealNameUnverified(Unauthenticated):
    kind = "forbidden"
    code = "real_name_unverified"


class PersonMismatch(InvalidInput):
    code = "person_mismatch"


class PersonNotFound(InvalidInput):
    code = "person_not_found"


class IdentityCheckRateLimited(RateLimited):
    code = "identity_check_rate_limited"


class IdentityCheckUnavailable(ServiceUnavailable):
    code = "identity_check_unavailable"


class FaceVerificationRequired(InvalidInput):
    code = "face_verification_required"


class FaceVerificationFailed(InvalidInput):
    code = "face_verification_failed"


class FaceIdTypeUnsupported(InvalidInput):
    code = "face_id_type_unsupported"


class FaceUnavailable(ServiceUnavailable):
    code = "face_unavailable"


class FaceVerificationPending(Conflict):
    code = "face_verification_pending"


class FaceRateLimited(RateLimited):
    code = "face_verification_rate_limited"


class AlipaySignInNotOffered(InvalidInput):
    code = "alipay_sign_in_not_offered"


class SignInNotOffered(InvalidInput):
    """The region does not accept this sign-in (its profile's `sign_ins`): it would reach no payment."""

    code = "sign_in_not_offered"


class FaceNeedsWeChat(InvalidInput):
    code = "face_verification_needs_wechat"
