"""Queries: 申报记录查询, 缴费记录查询 (缴款信息查询), details and 查验状态 — 全渠道 for a
verified person: what they did, and what others (or other channels) did for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app import certificates, declarations, paying, payments, records
from app.declarations import RECORD_STATES
from app.refunds import refunds_by_item
from app.words import FIELD_PROBLEMS, REASONS, field_label, say
from miniprogram_api.account import current_user, services_of
from miniprogram_api.openapi import route_doc
from miniprogram_api.parsing import (
    FieldInvalid,
    day,
    paging,
    paging_view,
    parse_query,
    path_id,
    period,
    start_of_year,
)
from miniprogram_api.payloads import declaration_payload, payment_payload
from miniprogram_api.requests import DeclarationQuery, InsuranceType, PaymentQuery
from miniprogram_api.responses import (
    DeclarationEnvelope,
    DeclarationListOut,
    OtherChannelRecordOut,
    PaymentEnvelope,
    PaymentListOut,
    PaymentWithDeclarations,
    TotalOut,
)
from miniprogram_api.views import declaration_view, offer_fields, payment_fields, respond

bp = Blueprint("queries", url_prefix="/api/v1")
INSURANCE_TYPES = frozenset(InsuranceType.__args__)  # type: ignore[attr-defined]


def _not_offered(field: str, allowed: Iterable[str]) -> FieldInvalid:
    message = say(REASONS["field_invalid"], {"label": field_label(field), "problem": FIELD_PROBLEMS["enum"]})
    return FieldInvalid(message, field=field, allowed=",".join(allowed))


def _states(raw: str | None) -> list[str]:
    if not raw:
        return []
    states = [s.strip(" ") for s in raw.split(",")]
    if not set(states) <= set(RECORD_STATES):
        raise _not_offered("state", RECORD_STATES)
    return states


def _types(raw: str | None) -> list[str] | None:
    if not raw:
        return None
    types = [t.strip(" ") for t in raw.split(",")]
    if not set(types) <= INSURANCE_TYPES:
        raise _not_offered("insurance_type", sorted(INSURANCE_TYPES))
    return types


@bp.get("/declarations")
@route_doc("申报记录查询（全渠道：本人申报的，及他人为本人申报的）", tag="queries", ok=DeclarationListOut,
           query=DeclarationQuery, errors=(403,))
async def list_declarations(request: Request) -> HTTPResponse:
    user = await current_user(request)
    query = parse_query(request, DeclarationQuery)
    since = day(query.date_from, "from") or start_of_year(services_of(request).today())
    until = day(query.date_to, "to")
    found = await records.declaration_records(user, since, until + timedelta(days=1) if until else None,
                                              _states(query.state), paging(query))
    returned = await records.returned_shares(found.declarations)
    views = []
    for d in found.declarations:
        payment = found.payments.get(d.current_payment_id) if d.current_payment_id else None
        share = found.shares.get((payment.id, d.id)) if payment else None
        if d.id in returned.shares:  # voided: the paid share whose money comes back
            share = returned.shares[d.id]
            payment = returned.payments[share.payment_id]
        views.append(declaration_view(d, user.id, share, payment, returned.refunds.get(share.id) if share else None))
    return respond(DeclarationListOut(declarations=views, total=found.total, **paging_view(query)))


@bp.get("/declarations/<declaration_id:str>")
@route_doc("申报详情", tag="queries", ok=DeclarationEnvelope, path=("declaration_id",), errors=(404,))
async def get_declaration(request: Request, declaration_id: str) -> HTTPResponse:
    user = await current_user(request)
    declaration = await declarations.get_visible(user, path_id(declaration_id))
    return respond(DeclarationEnvelope(declaration=await declaration_payload(declaration, user.id)))


def _default_period(today: date) -> tuple[str, str]:
    # this year and the next: the next year's fees are collected from autumn on
    return f"{today.year}01", f"{today.year + 1}12"


@bp.get("/payments")
@route_doc("缴费记录查询 / 缴款信息查询（全渠道：本人缴的、他人为本人缴的、其他渠道缴的）：按费款所属期和险种，"
           "分页、排序，并按缴费人、险种和年度合计缴款成功的金额", tag="queries", ok=PaymentListOut,
           query=PaymentQuery, errors=(403,))
async def list_payments(request: Request) -> HTTPResponse:
    user = await current_user(request)
    query = parse_query(request, PaymentQuery)
    services = services_of(request)
    period_from, period_to = period((query.period_from, query.period_to), ("period_from", "period_to"),
                                    _default_period(services.today()))
    types = _types(query.insurance_type)
    found = await records.payment_records(services, user, (period_from, period_to), types, paging(query))
    refunds = await refunds_by_item(p.id for p in found.payments)
    own = await records.same_person_accounts(user)
    offers = await certificates.offers_for_page(services, found.payments, found.items, found.declarations)
    views = []
    for payment in found.payments:
        items = found.items.get(payment.id, [])
        fields = payment_fields(payment, items, found.declarations, refunds, user.id, offers[payment.id],
                                payment.user_id in own)
        shown = [declaration_view(found.declarations[i.declaration_id], user.id, i, payment, refunds.get(i.id))
                 for i in items]
        views.append(PaymentWithDeclarations(**fields, declarations=shown))
    return respond(PaymentListOut(
        payments=views, total=found.total,
        totals=[TotalOut(payer_name=t.payer_name, payer_id_masked=t.payer_id_masked, insurance_type=t.insurance_type,
                         year=t.year, amount_fen=t.amount_fen, count=t.count) for t in found.totals],
        other_channel_records=[OtherChannelRecordOut(
            payer_name=user.name or "", payer_id_masked=user.id_number_masked or "", insurance_type=r.insurance_type,
            period_start=r.period_start, period_end=r.period_end, amount_fen=r.amount_fen, paid_on=r.paid_on,
            channel_label=r.channel_label, receipt_no=r.receipt_no,
            **offer_fields(certificates.offer_for_record(services, user.region, r))) for r in found.other_channels],
        other_channels_status=found.other_channels_status,  # type: ignore[arg-type]
        period_from=period_from, period_to=period_to, insurance_types=types, **paging_view(query),
    ))


@bp.get("/payments/<payment_id:str>")
@route_doc("缴款详情与状态（缴款中/缴款成功/缴款失败）", tag="queries", ok=PaymentEnvelope, path=("payment_id",),
           errors=(404,))
async def get_payment(request: Request, payment_id: str) -> HTTPResponse:
    user = await current_user(request)
    payment = await payments.get_visible(user, path_id(payment_id))
    return respond(PaymentEnvelope(payment=await payment_payload(services_of(request), payment, user)))


@bp.post("/payments/<payment_id:str>/refresh")
@route_doc("查验状态：向支付渠道和社保经办机构查询最新状态", tag="queries", ok=PaymentEnvelope,
           path=("payment_id",), errors=(404,))
async def refresh_payment(request: Request, payment_id: str) -> HTTPResponse:
    user = await current_user(request)
    payment = await paying.refresh_payment(services_of(request), user, path_id(payment_id))
    return respond(PaymentEnvelope(payment=await payment_payload(services_of(request), payment, user)))
