"""Assessments, declarations, payments: the self-pay journey."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json
from sanic_ext import openapi

from app.declarations import services as declarations
from app.declarations.models import Declaration
from app.identity.services import require_bound
from app.payments import services as payments
from app.payments.models import Payment, PaymentItem
from miniprogram_api.account import ERR, current_user, services_of
from miniprogram_api.parsing import parse_body, path_id, query_date
from miniprogram_api.schemas import (
    AssessmentBody,
    AssessmentResponse,
    CheckoutBody,
    CheckoutResponse,
    DeclarationEnvelope,
    DeclarationList,
    PaymentEnvelope,
    PaymentList,
    VoidBody,
)
from miniprogram_api.views import assessment_view, declaration_view, payment_view

bp = Blueprint("paying", url_prefix="/api/v1")
_ERRORS = [openapi.definitions.Response(ERR, status=s) for s in (400, 401, 403, 404, 409, 503)]


def _ok(schema: type, status: int = 200) -> openapi.definitions.Response:
    return openapi.definitions.Response({"application/json": schema}, status=status)


def _options(body: AssessmentBody) -> declarations.AssessmentOptions:
    return declarations.AssessmentOptions(
        insurance_type=body.insurance_type, payment_kind=body.payment_kind, period_start=body.period_start,
        period_end=body.period_end, grade=body.grade, contribution_base_fen=body.contribution_base_fen,
    )


async def _declaration_payload(d: Declaration) -> dict:
    item = payment = None
    if d.current_payment_id:
        payment = await Payment.get(id=d.current_payment_id)
        item = await PaymentItem.get_or_none(payment_id=payment.id, declaration_id=d.id)
    return declaration_view(d, item, payment)


async def _payment_payload(p: Payment) -> dict:
    return payment_view(p, await PaymentItem.filter(payment_id=p.id).order_by("id"))


@bp.post("/assessments")
@openapi.definition(summary="提取核定：按险种、缴费类型、档次/基数和所属期计算应缴费额", tag="paying",
                    body={"application/json": AssessmentBody}, secured={"bearer": []},
                    response=[_ok(AssessmentResponse), *_ERRORS])
async def assess(request: Request) -> HTTPResponse:
    user = require_bound(await current_user(request))
    body = parse_body(request, AssessmentBody)
    services = services_of(request)
    assessment = await declarations.fetch_assessment(
        services, declarations.person_of(services, user), user.region, _options(body)
    )
    return json({"assessment": assessment_view(assessment)})


@bp.post("/declarations")
@openapi.definition(summary="申报（自缴）", body={"application/json": AssessmentBody}, secured={"bearer": []},
                    tag="paying", response=[_ok(DeclarationEnvelope, 201), *_ERRORS])
async def declare(request: Request) -> HTTPResponse:
    user = require_bound(await current_user(request))
    body = parse_body(request, AssessmentBody)
    services = services_of(request)
    declaration = await declarations.declare(
        services, user, declarations.person_of(services, user), "self_pay", _options(body)
    )
    return json({"declaration": declaration_view(declaration)}, status=201)


@bp.get("/declarations")
@openapi.definition(summary="申报记录查询（申报日期区间 from/to，YYYY-MM-DD）", secured={"bearer": []},
                    tag="queries", response=[_ok(DeclarationList), *_ERRORS])
async def list_declarations(request: Request) -> HTTPResponse:
    user = await current_user(request)
    found = await declarations.list_own(user, query_date(request, "from"), query_date(request, "to"))
    return json({"declarations": [await _declaration_payload(d) for d in found]})


@bp.get("/declarations/<declaration_id:str>")
@openapi.definition(summary="申报详情", secured={"bearer": []}, tag="queries",
                    response=[_ok(DeclarationEnvelope), *_ERRORS])
async def get_declaration(request: Request, declaration_id: str) -> HTTPResponse:
    user = await current_user(request)
    declaration = await declarations.get_own(user, path_id(declaration_id))
    return json({"declaration": await _declaration_payload(declaration)})


@bp.post("/declarations/<declaration_id:str>/void")
@openapi.definition(summary="作废已申报未缴款的申报", body={"application/json": VoidBody},
                    secured={"bearer": []}, tag="paying", response=[_ok(DeclarationEnvelope), *_ERRORS])
async def void_declaration(request: Request, declaration_id: str) -> HTTPResponse:
    user = await current_user(request)
    services = services_of(request)
    declaration = await declarations.get_own(user, path_id(declaration_id))
    reason = (parse_body(request, VoidBody).reason if request.body else None) or "缴费人作废"
    if declaration.current_payment_id and not declaration.paid:
        await payments.close_open_payment(
            services, await Payment.get(id=declaration.current_payment_id), actor=f"user:{user.id}"
        )
        await declaration.refresh_from_db()
    declaration = await declarations.mark_voided(declaration, actor=f"user:{user.id}", reason=reason)
    return json({"declaration": await _declaration_payload(declaration)})


@bp.post("/payments")
@openapi.definition(summary="缴款：为一笔或多笔申报创建微信支付订单，返回wx.requestPayment参数",
                    body={"application/json": CheckoutBody}, secured={"bearer": []}, tag="paying",
                    response=[_ok(CheckoutResponse), *_ERRORS])
async def checkout(request: Request) -> HTTPResponse:
    user = require_bound(await current_user(request))
    body = parse_body(request, CheckoutBody)
    result = await payments.checkout(services_of(request), user, body.declaration_ids, body.channel)
    return json({"payment": await _payment_payload(result.payment), "request_payment": result.client_params})


@bp.get("/payments")
@openapi.definition(summary="缴费记录查询（from/to，YYYY-MM-DD）", secured={"bearer": []}, tag="queries",
                    response=[_ok(PaymentList), *_ERRORS])
async def list_payments(request: Request) -> HTTPResponse:
    user = await current_user(request)
    found = await payments.list_own(user, query_date(request, "from"), query_date(request, "to"))
    return json({"payments": [await _payment_payload(p) for p in found]})


@bp.get("/payments/<payment_id:str>")
@openapi.definition(summary="缴款详情与状态（缴款中/缴款成功/缴款失败）", secured={"bearer": []}, tag="queries",
                    response=[_ok(PaymentEnvelope), *_ERRORS])
async def get_payment(request: Request, payment_id: str) -> HTTPResponse:
    user = await current_user(request)
    payment = await payments.get_own(user, path_id(payment_id))
    return json({"payment": await _payment_payload(payment)})


@bp.post("/payments/<payment_id:str>/refresh")
@openapi.definition(summary="查验状态：向支付渠道和社保经办机构查询最新状态", secured={"bearer": []},
                    tag="queries", response=[_ok(PaymentEnvelope), *_ERRORS])
async def refresh_payment(request: Request, payment_id: str) -> HTTPResponse:
    user = await current_user(request)
    payment = await payments.refresh(services_of(request), user, path_id(payment_id))
    return json({"payment": await _payment_payload(payment)})
