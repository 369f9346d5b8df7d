"""Assessments, declarations, payments: the self-pay journey."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json
from sanic_ext import openapi

from app.declarations import services as declarations
from app.identity.models import User
from app.identity.services import require_bound
from app.payers import services as payers
from app.payments import services as payments
from app.payments.models import Payment
from app.payments.posting import post_waiting
from miniprogram_api.account import current_user, services_of
from miniprogram_api.docs import ERRORS, ok
from miniprogram_api.parsing import parse_body, path_id
from miniprogram_api.payloads import declaration_payload, payment_payload
from miniprogram_api.schemas import (
    AssessmentBody,
    AssessmentResponse,
    CheckoutBody,
    CheckoutResponse,
    DeclarationEnvelope,
    OwedBody,
    OwedResponse,
    VoidBody,
)
from miniprogram_api.views import assessment_view, declaration_view

bp = Blueprint("paying", url_prefix="/api/v1")




def _options(body: AssessmentBody) -> declarations.AssessmentOptions:
    return declarations.AssessmentOptions(
        insurance_type=body.insurance_type, payment_kind=body.payment_kind, period_start=body.period_start,
        period_end=body.period_end, grade=body.grade, contribution_base_fen=body.contribution_base_fen,
    )


async def _payer(request: Request, user: User, body: AssessmentBody | OwedBody) -> payers.ChosenPayer:
    typed = body.payer
    inline = payers.PayerFields(typed.id_type, typed.id_number, typed.name, typed.nationality) if typed else None
    return await payers.choose_payer(services_of(request), user, body.insurance_type,
                                     saved_payer_id=body.saved_payer_id, inline=inline)


@bp.post("/assessments")
@openapi.definition(summary="提取核定：按险种、缴费类型、档次/基数和所属期计算应缴费额；"
                            "代缴时带 saved_payer_id（已添加的代缴人）或 payer（本次填写的缴费人/委托人）",
                    tag="paying", body={"application/json": AssessmentBody}, secured={"bearer": []},
                    response=[ok(AssessmentResponse), *ERRORS])
async def assess(request: Request) -> HTTPResponse:
    user = require_bound(await current_user(request))
    body = parse_body(request, AssessmentBody)
    payer = await _payer(request, user, body)
    assessment = await declarations.fetch_assessment(services_of(request), payer.person, user.region, _options(body))
    return json({"assessment": assessment_view(assessment)})


@bp.post("/owed-months")
@openapi.definition(summary="需补缴（或人社核定的特殊缴费）的月份、每月金额和滞纳金；"
                            "自缴或代缴（saved_payer_id / payer）",
                    tag="paying", body={"application/json": OwedBody}, secured={"bearer": []},
                    response=[ok(OwedResponse), *ERRORS])
async def owed_months(request: Request) -> HTTPResponse:
    user = require_bound(await current_user(request))
    body = parse_body(request, OwedBody)
    payer = await _payer(request, user, body)
    services = services_of(request)
    lines = await declarations.list_owed(services, payer.person, user.region, body.insurance_type, body.payment_kind)
    rule = services.profile(user.region).insurance_types[body.insurance_type]
    return json({
        "insurance_type": body.insurance_type, "payment_kind": body.payment_kind,
        "months": [{"month": x.month, "amount_fen": x.amount_fen, "late_fee_fen": x.late_fee_fen} for x in lines],
        "total_fen": sum(x.amount_fen + x.late_fee_fen for x in lines), "max_months": rule.max_months,
    })


@bp.post("/declarations")
@openapi.definition(summary="申报：自缴，或代缴（saved_payer_id 或 payer，二选一；relation 为 pay_for_others）",
                    body={"application/json": AssessmentBody}, secured={"bearer": []},
                    tag="paying", response=[ok(DeclarationEnvelope, 201), *ERRORS])
async def declare(request: Request) -> HTTPResponse:
    user = require_bound(await current_user(request))
    body = parse_body(request, AssessmentBody)
    payer = await _payer(request, user, body)
    declaration = await declarations.declare(
        services_of(request), user, payer.person, payer.relation, _options(body), nationality=payer.nationality
    )
    return json({"declaration": declaration_view(declaration)}, status=201)


@bp.post("/declarations/<declaration_id:str>/void")
@openapi.definition(summary="作废已申报未缴款的申报", body={"application/json": VoidBody},
                    secured={"bearer": []}, tag="paying", response=[ok(DeclarationEnvelope), *ERRORS])
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
    declaration = await declarations.mark_voided(services, declaration, actor=f"user:{user.id}", reason=reason)
    await post_waiting(services, declaration)  # later periods held back by this one may post now
    return json({"declaration": await declaration_payload(declaration)})


@bp.post("/payments")
@openapi.definition(summary="缴款：为一笔或多笔申报创建微信支付订单，返回wx.requestPayment参数",
                    body={"application/json": CheckoutBody}, secured={"bearer": []}, tag="paying",
                    response=[ok(CheckoutResponse), *ERRORS])
async def checkout(request: Request) -> HTTPResponse:
    user = require_bound(await current_user(request))
    body = parse_body(request, CheckoutBody)
    result = await payments.checkout(services_of(request), user, body.declaration_ids, body.channel)
    return json({"payment": await payment_payload(result.payment), "request_payment": result.client_params})
