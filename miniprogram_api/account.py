"""Sign-in, real-name binding (with face verification where the region asks), menus, enrollments."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, raw

from app import declarations, identity
from app.context import Services
from app.errors import InvalidInput
from app.identity import RegionUnknown, User, check_person, start_face_verification
from app.menus import menus_for
from miniprogram_api.openapi import route_doc
from miniprogram_api.parsing import parse_body
from miniprogram_api.requests import REGIONS, FaceVerificationBody, RealNameBody, SignInBody
from miniprogram_api.responses import (
    EnrollmentsOut,
    FaceVerificationOut,
    MenusOut,
    SessionOut,
    SignedOut,
    UserEnvelope,
)
from miniprogram_api.views import enrollment_view, respond, user_view

bp = Blueprint("account", url_prefix="/api/v1")


def services_of(request: Request) -> Services:
    return request.app.ctx.services  # type: ignore[no-any-return]


def _printable(value: str) -> bool:
    # Sanic decodes header bytes with surrogateescape: anything not plain ASCII is not ours
    return value.isascii() and value.isprintable()


def bearer(request: Request) -> str | None:
    """The session token of `Authorization: Bearer …`; a token that is not printable ASCII (ours
    are URL-safe base64) is no token at all."""
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header[:7].lower() == "bearer " else ""
    return token if token and len(token) <= 128 and _printable(token) else None


def client_address(request: Request) -> str:
    """The caller's address: what trusted proxies report (settings.proxies_count / real_ip_header
    / forwarded_secret), else the socket peer."""
    address = request.remote_addr or request.client_ip or "-"
    return address[:64] if _printable(address) else "invalid"


async def current_user(request: Request) -> User:
    return await identity.authenticate(services_of(request), bearer(request))


async def bound_user(request: Request) -> User:
    return identity.require_bound(await current_user(request))


@bp.post("/sessions")
@route_doc("用微信登录凭证 code（或支付宝授权码 alipay_auth_code，二选一）换取会话；登录到另一地区时，"
           "本账号在原地区的会话全部失效", tag="account",
           ok=SessionOut, status=201, body=SignInBody, secured=False, errors=(401, 429, 503))
async def sign_in(request: Request) -> HTTPResponse:
    body = parse_body(request, SignInBody)
    services = services_of(request)
    if (body.code is None) == (body.alipay_auth_code is None):
        raise InvalidInput(code="sign_in_code_missing" if body.code is None else "sign_in_code_ambiguous")
    provider, code = ("channel", body.alipay_auth_code) if body.alipay_auth_code is not None else ("wechat", body.code)
    token, user = await identity.sign_in(services, code or "", body.region, client_address(request), provider)
    return respond(SessionOut(token=token, expires_in=services.settings.session_ttl_seconds, user=user_view(user)),
                   201)


@bp.delete("/sessions")
@route_doc("退出登录", tag="account", ok=SignedOut)
async def sign_out(request: Request) -> HTTPResponse:
    await current_user(request)
    await identity.sign_out(services_of(request), bearer(request) or "")
    return respond(SignedOut(signed_out=True))


@bp.get("/me")
@route_doc("当前用户与实名状态", tag="account", ok=UserEnvelope)
async def me(request: Request) -> HTTPResponse:
    return respond(UserEnvelope(user=user_view(await current_user(request))))


@bp.post("/face-verifications")
@route_doc("人脸核身第一步（地区要求人脸识别时）：核验姓名与证件号码后取得 verify_id，"
           "小程序以 wx.requestFacialVerify({verifyId}) 完成刷脸，再带 face_verify_id 提交实名认证",
           tag="account", ok=FaceVerificationOut, status=201, body=FaceVerificationBody, errors=(429, 503))
async def face_verification(request: Request) -> HTTPResponse:
    user = await current_user(request)
    body = parse_body(request, FaceVerificationBody)
    services = services_of(request)
    person = check_person(services, user.region, body.id_type, body.id_number, body.name)
    started = await start_face_verification(services, user, person)
    return respond(FaceVerificationOut(verify_id=started.verify_id, expires_at=started.expires_at,
                                       provider=started.provider,
                                       certify_url=started.certify_url), 201)


@bp.post("/me/real-name")
@route_doc("实名认证：绑定证件类型、证件号码和姓名（经人社核验姓名与证件号码；湖北楚税通另需人脸识别）",
           tag="account", ok=UserEnvelope, body=RealNameBody, errors=(409, 429, 503))
async def bind_real_name(request: Request) -> HTTPResponse:
    user = await current_user(request)
    body = parse_body(request, RealNameBody)
    user = await identity.bind_real_name(services_of(request), user, body.id_type, body.id_number, body.name,
                                         body.face_verify_id)
    return respond(UserEnvelope(user=user_view(user)))


def _menus_json(request: Request, region: str) -> bytes:
    cache: dict[tuple[str, ...], bytes] = request.app.ctx.__dict__.setdefault("menus_json", {})
    services = services_of(request)
    key = (region, *services.channels)  # the channels offered are part of what the menus say
    encoded = cache.get(key)
    if encoded is None:
        menus = MenusOut.model_validate(menus_for(services.profile(region), services.channels))
        encoded = cache[key] = menus.model_dump_json().encode()
    return encoded


@bp.get("/menus")
@route_doc("本地区社保缴费功能菜单（暂未开通的功能标明 available=false）、险种、档次与缴款方式", tag="menus",
           ok=MenusOut)
async def menus(request: Request) -> HTTPResponse:
    who = await identity.caller(services_of(request), bearer(request))
    return raw(_menus_json(request, who.region), content_type="application/json")


@bp.get("/regions/<region:str>/menus")
@route_doc("某地区的功能菜单（登录前展示）", tag="menus", ok=MenusOut, secured=False, path_words={"region": REGIONS})
async def region_menus(request: Request, region: str) -> HTTPResponse:
    if region not in services_of(request).profiles:
        raise RegionUnknown(region=region[:32])
    return raw(_menus_json(request, region), content_type="application/json")


@bp.get("/enrollments")
@route_doc("本人参保登记信息", tag="paying", ok=EnrollmentsOut, errors=(403, 503))
async def enrollments(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    services = services_of(request)
    found = await declarations.list_enrollments(services, declarations.person_of(services, user), user.region)
    return respond(EnrollmentsOut(enrollments=[enrollment_view(e) for e in found]))
