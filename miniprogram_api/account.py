"""Sign-in, real-name binding, menus and enrollments."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json, raw
from sanic_ext import openapi

from app.declarations import services as declarations
from app.identity import services as identity
from app.identity.models import User
from app.menus.services import menus_json
from miniprogram_api.docs import ERR
from miniprogram_api.parsing import parse_body
from miniprogram_api.schemas import (
    BindingResponse,
    EnrollmentsResponse,
    MenusResponse,
    MeResponse,
    RealNameBody,
    SessionResponse,
    SignedOut,
    SignInBody,
)
from miniprogram_api.views import enrollment_view, user_view

bp = Blueprint("account", url_prefix="/api/v1")


def services_of(request: Request):  # type: ignore[no-untyped-def]
    return request.app.ctx.services


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


async def current_user(request: Request) -> User:
    return await identity.authenticate(services_of(request), bearer(request))


@bp.post("/sessions")
@openapi.definition(summary="用微信登录凭证换取会话", body={"application/json": SignInBody},
                    response=[openapi.definitions.Response({"application/json": SessionResponse}, status=201),
                              openapi.definitions.Response(ERR, status=400),
                              openapi.definitions.Response(ERR, status=401),
                              openapi.definitions.Response(ERR, status=429)], tag="account")
async def sign_in(request: Request) -> HTTPResponse:
    body = parse_body(request, SignInBody)
    services = services_of(request)
    token, user = await identity.sign_in(services, body.code, body.region, request.client_ip or "-")
    return json({"token": token, "expires_in": services.settings.session_ttl_seconds, "user": user_view(user)},
                status=201)


@bp.delete("/sessions")
@openapi.definition(summary="退出登录", secured={"bearer": []}, tag="account",
                    response=[openapi.definitions.Response({"application/json": SignedOut}, status=200),
                              openapi.definitions.Response(ERR, status=401)])
async def sign_out(request: Request) -> HTTPResponse:
    await current_user(request)
    await identity.sign_out(services_of(request), bearer(request) or "")
    return json({"signed_out": True})


@bp.get("/me")
@openapi.definition(summary="当前用户与实名状态", secured={"bearer": []}, tag="account",
                    response=[openapi.definitions.Response({"application/json": MeResponse}, status=200),
                              openapi.definitions.Response(ERR, status=401)])
async def me(request: Request) -> HTTPResponse:
    return json({"user": user_view(await current_user(request))})


@bp.post("/me/real-name")
@openapi.definition(summary="实名认证：绑定证件类型、证件号码和姓名", body={"application/json": RealNameBody},
                    secured={"bearer": []}, tag="account",
                    response=[openapi.definitions.Response({"application/json": BindingResponse}, status=200),
                              openapi.definitions.Response(ERR, status=400),
                              openapi.definitions.Response(ERR, status=409),
                              openapi.definitions.Response(ERR, status=429)])
async def bind_real_name(request: Request) -> HTTPResponse:
    user = await current_user(request)
    body = parse_body(request, RealNameBody)
    user = await identity.bind_real_name(services_of(request), user, body.id_type, body.id_number, body.name)
    return json({"user": user_view(user)})


@bp.get("/menus")
@openapi.definition(summary="本地区社保缴费功能菜单、险种、档次与缴款方式", secured={"bearer": []}, tag="menus",
                    response=[openapi.definitions.Response({"application/json": MenusResponse}, status=200),
                              openapi.definitions.Response(ERR, status=401)])
async def menus(request: Request) -> HTTPResponse:
    services = services_of(request)
    who = await identity.principal(services, bearer(request))
    return raw(menus_json(services.profile(who.region)), content_type="application/json")


@bp.get("/regions/<region:str>/menus")
@openapi.definition(summary="某地区的功能菜单（登录前展示）", tag="menus",
                    response=[openapi.definitions.Response({"application/json": MenusResponse}, status=200),
                              openapi.definitions.Response(ERR, status=400)])
async def region_menus(request: Request, region: str) -> HTTPResponse:
    services = services_of(request)
    if region not in services.profiles:
        from app.identity.errors import RegionUnknown

        raise RegionUnknown(region=region)
    return raw(menus_json(services.profile(region)), content_type="application/json")


@bp.get("/enrollments")
@openapi.definition(summary="本人参保登记信息", secured={"bearer": []}, tag="paying",
                    response=[openapi.definitions.Response({"application/json": EnrollmentsResponse}, status=200),
                              openapi.definitions.Response(ERR, status=401),
                              openapi.definitions.Response(ERR, status=403),
                              openapi.definitions.Response(ERR, status=503)])
async def enrollments(request: Request) -> HTTPResponse:
    user = identity.require_bound(await current_user(request))
    services = services_of(request)
    found = await declarations.list_enrollments(services, declarations.person_of(services, user), user.region)
    return json({"enrollments": [enrollment_view(e) for e in found]})
