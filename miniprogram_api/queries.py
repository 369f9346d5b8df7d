"""Queries: 申报记录查询, 缴费记录查询, details and 查验状态."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json
from sanic_ext import openapi

from app.declarations import services as declarations
from app.payments import services as payments
from miniprogram_api.account import current_user, services_of
from miniprogram_api.docs import ERRORS, ok
from miniprogram_api.parsing import path_id, query_date
from miniprogram_api.payloads import declaration_payload, payment_payload
from miniprogram_api.schemas import DeclarationEnvelope, DeclarationList, PaymentEnvelope, PaymentList

bp = Blueprint("queries", url_prefix="/api/v1")


@bp.get("/declarations")
@openapi.definition(summary="申报记录查询（申报日期区间 from/to，YYYY-MM-DD）", secured={"bearer": []},
                    tag="queries", response=[ok(DeclarationList), *ERRORS])
async def list_declarations(request: Request) -> HTTPResponse:
    user = await current_user(request)
    found = await declarations.list_own(user, query_date(request, "from"), query_date(request, "to"))
    return json({"declarations": [await declaration_payload(d) for d in found]})


@bp.get("/declarations/<declaration_id:str>")
@openapi.definition(summary="申报详情", secured={"bearer": []}, tag="queries",
                    response=[ok(DeclarationEnvelope), *ERRORS])
async def get_declaration(request: Request, declaration_id: str) -> HTTPResponse:
    user = await current_user(request)
    declaration = await declarations.get_own(user, path_id(declaration_id))
    return json({"declaration": await declaration_payload(declaration)})


@bp.get("/payments")
@openapi.definition(summary="缴费记录查询（from/to，YYYY-MM-DD）", secured={"bearer": []}, tag="queries",
                    response=[ok(PaymentList), *ERRORS])
async def list_payments(request: Request) -> HTTPResponse:
    user = await current_user(request)
    found = await payments.list_own(user, query_date(request, "from"), query_date(request, "to"))
    return json({"payments": [await payment_payload(p) for p in found]})


@bp.get("/payments/<payment_id:str>")
@openapi.definition(summary="缴款详情与状态（缴款中/缴款成功/缴款失败）", secured={"bearer": []}, tag="queries",
                    response=[ok(PaymentEnvelope), *ERRORS])
async def get_payment(request: Request, payment_id: str) -> HTTPResponse:
    user = await current_user(request)
    payment = await payments.get_own(user, path_id(payment_id))
    return json({"payment": await payment_payload(payment)})


@bp.post("/payments/<payment_id:str>/refresh")
@openapi.definition(summary="查验状态：向支付渠道和社保经办机构查询最新状态", secured={"bearer": []},
                    tag="queries", response=[ok(PaymentEnvelope), *ERRORS])
async def refresh_payment(request: Request, payment_id: str) -> HTTPResponse:
    user = await current_user(request)
    payment = await payments.refresh(services_of(request), user, path_id(payment_id))
    return json({"payment": await payment_payload(payment)})
