"""Assessments, declarations, payments: the self-pay and pay-for-others journeys."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app import declarations, payers, paying
from app.identity import User
from miniprogram_api.account import bound_user, current_user, services_of
from miniprogram_api.openapi import route_doc
from miniprogram_api.parsing import parse_body, parse_optional_body, parse_query, path_id
from miniprogram_api.payloads import declaration_payload, payment_payload
from miniprogram_api.requests import AssessmentBody, AssessmentOptionsQuery, CheckoutBody, OwedBody, VoidBody
from miniprogram_api.responses import (
    AssessmentEnvelope,
    AssessmentOptionsOut,
    CheckoutOut,
    ChoiceOut,
    DeclarationEnvelope,
    OwedOut,
    checkout_answer,
)
from miniprogram_api.views import assessment_view, declaration_view, line_view, respond

bp = Blueprint("paying", url_prefix="/api/v1")


def _options(body: AssessmentBody) -> declarations.AssessmentOptions:
    return declarations.AssessmentOptions(
        insurance_type=body.insurance_type, payment_kind=body.payment_kind, period_start=body.period_start,
        period_end=body.period_end, grade=body.grade, contribution_base_fen=body.contribution_base_fen,
        registration_place=body.registration_place, extraction_method=body.extraction_method,
    )


async def _payer(request: Request, user: User, body: AssessmentBody | OwedBody) -> payers.ChosenPayer:
    typed = body.payer
    inline = payers.PayerFields(typed.id_type, typed.id_number, typed.name, typed.nationality) if typed else None
    return await payers.choose_payer(services_of(request), user, body.insurance_type,
                                     saved_payer_id=body.saved_payer_id, inline=inline)


@bp.post("/assessments")
@route_doc("提取核定：按险种、缴费类型、档次/基数和所属期计算应缴费额；代缴时带 saved_payer_id（已添加的代缴人）"
           "或 payer（本次填写的缴费人/委托人，经人社核验姓名与证件号码）",
           tag="paying", ok=AssessmentEnvelope, body=AssessmentBody, errors=(403, 404, 429, 503))
async def assess(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, AssessmentBody)
    payer = await _payer(request, user, body)
    assessment = await paying.preview_assessment(services_of(request), payer.person, user.region,
                                                 _options(body), own=payer.relation == "self_pay")
    return respond(AssessmentEnvelope(assessment=assessment_view(assessment)))


@bp.get("/assessment-options")
@route_doc("提取核定前的选择（湖北灵活就业：核定提取方式、登记所在地）：本人或已添加的代缴人（saved_payer_id）"
           "在本地区的登记所在地经人社/医保查询；地区不要求时 required=false、列表为空",
           tag="paying", ok=AssessmentOptionsOut, query=AssessmentOptionsQuery, errors=(403, 404, 429, 503))
async def assessment_options(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    query = parse_query(request, AssessmentOptionsQuery)
    services = services_of(request)
    rule = services.profile(user.region).insurance_types.get(query.insurance_type)
    if rule is None:
        raise declarations.InsuranceTypeNotOffered(insurance_type=query.insurance_type)
    places: list[str] = []
    if rule.extraction_methods:
        payer = await payers.choose_payer(services, user, query.insurance_type, saved_payer_id=query.saved_payer_id,
                                          inline=None)
        places = await declarations.registration_places(services, payer.person, user.region, query.insurance_type)
    return respond(AssessmentOptionsOut(
        insurance_type=query.insurance_type, required=bool(rule.extraction_methods),
        extraction_methods=[ChoiceOut(code=m.code, name=m.name) for m in rule.extraction_methods],
        registration_places=places))


@bp.post("/owed-months")
@route_doc("需补缴（或人社核定的特殊缴费）的月份、每月金额和滞纳金；自缴或代缴（saved_payer_id / payer）",
           tag="paying", ok=OwedOut, body=OwedBody, errors=(403, 404, 429, 503))
async def owed_months(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, OwedBody)
    payer = await _payer(request, user, body)
    services = services_of(request)
    lines = await declarations.list_owed(services, payer.person, user.region, body.insurance_type, body.payment_kind)
    rule = services.profile(user.region).insurance_types[body.insurance_type]
    return respond(OwedOut(
        insurance_type=body.insurance_type, payment_kind=body.payment_kind, months=[line_view(x) for x in lines],
        total_fen=sum(x.amount_fen + x.late_fee_fen for x in lines), max_months=rule.max_months,
    ))


@bp.post("/declarations")
@route_doc("申报：自缴，或代缴（saved_payer_id 或 payer，二选一）。同一缴费人同一险种的费款所属期不能重叠"
           "（declaration_exists / declaration_overlaps）；未缴款的申报到期（expires_at）自动作废",
           tag="paying", ok=DeclarationEnvelope, status=201, body=AssessmentBody, errors=(403, 404, 409, 429, 503))
async def declare(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, AssessmentBody)
    payer = await _payer(request, user, body)
    declaration = await paying.declare(
        services_of(request), user, payer.person, payer.relation, _options(body), nationality=payer.nationality
    )
    return respond(DeclarationEnvelope(declaration=declaration_view(declaration, user.id)), 201)


@bp.post("/declarations/<declaration_id:str>/void")
@route_doc("作废已申报未缴款的申报（本人申报的，或他人为本人申报的）", tag="paying", ok=DeclarationEnvelope,
           body=VoidBody, body_optional=True, path=("declaration_id",), errors=(403, 404, 409, 503))
async def void_declaration(request: Request, declaration_id: str) -> HTTPResponse:
    user = await current_user(request)
    reason = parse_optional_body(request, VoidBody).reason or ""
    declaration = await paying.void_declaration(services_of(request), user, path_id(declaration_id), reason)
    return respond(DeclarationEnvelope(declaration=await declaration_payload(declaration, user.id)))


@bp.post("/payments")
@route_doc("缴款：为一笔或多笔申报（本人申报的或他人为本人申报的）创建支付订单。微信支付返回 wx.requestPayment "
           "参数；支付宝（带 alipay_auth_code）返回 my.tradePay 的 tradeNO；银行卡协议（带 agreement_id，地区要求时带 "
           "face_verify_id）由银行扣款，结果异步返回。重复提交得到同一笔缴款",
           tag="paying", ok=CheckoutOut, body=CheckoutBody, errors=(403, 404, 409, 503))
async def checkout(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, CheckoutBody)
    using = paying.PayingWith(device=body.device or body.alipay_client, auth_code=body.alipay_auth_code,
                              agreement_id=body.agreement_id, face_verify_id=body.face_verify_id)
    result = await paying.checkout(services_of(request), user, body.declaration_ids, body.channel, using)
    return respond(checkout_answer(await payment_payload(services_of(request), result.payment, user.id), result))
