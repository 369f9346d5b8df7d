"""Queries: 申报记录查询, 缴费记录查询, details and 查验状态."""

from __future__ import annotations

from datetime import timedelta

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json
from sanic_ext import openapi

from app.declarations import services as declarations
from app.identity import services as identity
from app.payments import services as payments
from app.records import services as records
from app.refunds.services import refunds_by_item
from miniprogram_api.account import bearer, current_user, services_of
from miniprogram_api.docs import ERRORS, ok
from miniprogram_api.parsing import (
    paging_view,
    path_id,
    query_date,
    query_paging,
    query_period,
    query_states,
    start_of_year,
)
from miniprogram_api.payloads import declaration_payload, payment_payload
from miniprogram_api.schemas import DeclarationEnvelope, DeclarationList, PaymentEnvelope, PaymentList
from miniprogram_api.views import declaration_view, payment_view

bp = Blueprint("queries", url_prefix="/api/v1")


@bp.get("/declarations")
@openapi.definition(summary="申报记录查询：申报日期区间 from/to（YYYY-MM-DD，默认本年）、"
                            "状态 state（declared,processing,voided）、分页 page/page_size、排序 order（desc/asc）",
                    secured={"bearer": []}, tag="queries",
                    response=[ok(DeclarationList), *ERRORS])
async def list_declarations(request: Request) -> HTTPResponse:
    who = await identity.principal(services_of(request), bearer(request))
    since = query_date(request, "from") or start_of_year(services_of(request).today())
    states = query_states(request)
    until = query_date(request, "to")
    found = await records.declaration_records(who.user_id, since, until + timedelta(days=1) if until else None, states,
                                              query_paging(request))
    views = []
    for d in found.declarations:
        payment = found.payments.get(d.current_payment_id) if d.current_payment_id else None
        share = found.shares.get((payment.id, d.id)) if payment else None
        views.append(declaration_view(d, share, payment))
    return json({"declarations": views, "total": found.total, **paging_view(request)})


@bp.get("/declarations/<declaration_id:str>")
@openapi.definition(summary="申报详情", secured={"bearer": []}, tag="queries",
                    response=[ok(DeclarationEnvelope), *ERRORS])
async def get_declaration(request: Request, declaration_id: str) -> HTTPResponse:
    user = await current_user(request)
    declaration = await declarations.get_own(user, path_id(declaration_id))
    return json({"declaration": await declaration_payload(declaration)})


@bp.get("/payments")
@openapi.definition(summary="缴费记录查询：费款所属期 period_from/period_to（YYYYMM，默认本年）、分页、排序，"
                            "并按险种和年度合计已缴款成功的金额", secured={"bearer": []}, tag="queries",
                    response=[ok(PaymentList), *ERRORS])
async def list_payments(request: Request) -> HTTPResponse:
    who = await identity.principal(services_of(request), bearer(request))
    period_from, period_to = query_period(request, services_of(request).today())
    found = await records.payment_records(who.user_id, period_from, period_to, query_paging(request))
    refunds = await refunds_by_item(p.id for p in found.payments)
    payments = []
    for payment in found.payments:
        items = found.items.get(payment.id, [])
        view = payment_view(payment, items, refunds)
        view["declarations"] = [declaration_view(found.declarations[i.declaration_id], i, payment) for i in items]
        payments.append(view)
    totals = [{"insurance_type": t.insurance_type, "year": t.year, "amount_fen": t.amount_fen, "count": t.count}
              for t in found.totals]
    return json({"payments": payments, "total": found.total, "totals": totals, "period_from": period_from,
                 "period_to": period_to, **paging_view(request)})


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
