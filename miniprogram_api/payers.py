"""Saved payers (代缴人名单), 社保费申报查询, and batch-debit settings (批量扣款缴费金额设置 / 作废)."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app import batch_debit, certificates, payers
from app.refunds import refunds_by_item
from miniprogram_api.account import bound_user, services_of
from miniprogram_api.openapi import route_doc
from miniprogram_api.parsing import FieldMissing, parse_body, parse_query, path_id, period
from miniprogram_api.requests import BatchDebitSettingBody, EnrollmentQuery, PayerBody, PersonQuery, YearQuery
from miniprogram_api.responses import (
    BatchDebitSettingEnvelope,
    BatchDebitSettingList,
    PaidRecordOut,
    PersonOut,
    SavedPayerDeleted,
    SavedPayerEnrollments,
    SavedPayerEnvelope,
    SavedPayerList,
    SocialInsuranceRecords,
)
from miniprogram_api.views import (
    batch_debit_setting_view,
    declaration_view,
    enrollment_view,
    payment_view,
    respond,
    saved_payer_view,
)

bp = Blueprint("payers", url_prefix="/api/v1")


def _fields(body: PayerBody) -> payers.PayerFields:
    return payers.PayerFields(body.id_type, body.id_number, body.name, body.nationality)


# ---- saved payers ----

@bp.get("/saved-payers")
@route_doc("代缴人名单：本人已添加的代缴人（证件号码脱敏），及本地区人数上限", tag="saved_payers",
           ok=SavedPayerList, errors=(403,))
async def list_saved_payers(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    profile = services_of(request).profile(user.region)
    found = await payers.list_saved(user)
    return respond(SavedPayerList(saved_payers=[saved_payer_view(p) for p in found],
                                  limit=profile.limits.saved_payers, mode=profile.saved_payers_mode))  # type: ignore[arg-type]


@bp.post("/saved-payers")
@route_doc("添加代缴人：核验姓名与证件号码（person_mismatch / person_not_found），不校验参保登记；最多30人；"
           "北京委托人须填国籍（地区）", tag="saved_payers", ok=SavedPayerEnvelope, status=201, body=PayerBody,
           errors=(403, 409, 429, 503))
async def add_saved_payer(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, PayerBody)
    payer = await payers.add(services_of(request), user, _fields(body))
    return respond(SavedPayerEnvelope(saved_payer=saved_payer_view(payer)), 201)


@bp.put("/saved-payers/<payer_id:str>")
@route_doc("修改代缴人信息（经核验；修改前后的脱敏信息记入历史，已申报的记录不受影响）。他人的编号按不存在处理",
           tag="saved_payers", ok=SavedPayerEnvelope, body=PayerBody, path=("payer_id",),
           errors=(403, 404, 409, 429, 503))
async def edit_saved_payer(request: Request, payer_id: str) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, PayerBody)
    payer = await payers.edit(services_of(request), user, path_id(payer_id), _fields(body))
    return respond(SavedPayerEnvelope(saved_payer=saved_payer_view(payer)))


@bp.delete("/saved-payers/<payer_id:str>")
@route_doc("删除代缴人（历史与已申报的记录保留）", tag="saved_payers", ok=SavedPayerDeleted, path=("payer_id",),
           errors=(403, 404))
async def delete_saved_payer(request: Request, payer_id: str) -> HTTPResponse:
    user = await bound_user(request)
    payer = await payers.delete(user, path_id(payer_id))
    return respond(SavedPayerDeleted(saved_payer=saved_payer_view(payer), deleted=True))


@bp.get("/saved-payers/<payer_id:str>/enrollments")
@route_doc("选择代缴人：向人社、医保查询其参保登记；无有效登记时返回原因（not_enrolled：该人员未参加该险种）",
           tag="saved_payers", ok=SavedPayerEnrollments, query=EnrollmentQuery, path=("payer_id",),
           errors=(403, 404, 429, 503))
async def select_saved_payer(request: Request, payer_id: str) -> HTTPResponse:
    user = await bound_user(request)
    query = parse_query(request, EnrollmentQuery)
    payer, found = await payers.select(services_of(request), user, path_id(payer_id), query.insurance_type)
    return respond(SavedPayerEnrollments(saved_payer=saved_payer_view(payer),
                                         enrollments=[enrollment_view(e) for e in found]))


# ---- 社保费申报查询 ----

def _person(query: PersonQuery) -> payers.PayerFields | None:
    given = {"id_type": query.id_type, "id_number": query.id_number, "name": query.name}
    if not any(given.values()):
        return None
    for name, value in given.items():
        if not value:
            raise FieldMissing(f"查询他人时请填写{name}", field=name)
    return payers.PayerFields(str(query.id_type), str(query.id_number), str(query.name))


@bp.get("/social-insurance-records")
@route_doc("社保费申报查询：某人（默认本人，全渠道）在费款所属期内的申报和缴费信息。查询本人、已添加的代缴人"
           "或曾为其申报的人员；地区允许查询他人时（贵州），经人社核验姓名与证件号码后返回其缴费信息（paid_records，"
           "每账号每小时有限次数，留有记录），否则返回403 person_not_accessible", tag="queries",
           ok=SocialInsuranceRecords, query=PersonQuery, errors=(403, 429, 503))
async def social_insurance_records(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    query = parse_query(request, PersonQuery)
    services = services_of(request)
    year = services.today().year
    period_from, period_to = period((query.period_from, query.period_to), ("from", "to"), (f"{year}01", f"{year}12"))
    found = await payers.person_records(services, user, _person(query), period_from, period_to)
    shares = {(i.payment_id, i.declaration_id): i for items in found.shares.values() for i in items}
    payments = {p.id: p for p in found.payments}
    declarations = {d.id: d for d in found.declarations}
    views = []
    for d in found.declarations:
        payment = payments.get(d.current_payment_id) if d.current_payment_id else None
        views.append(declaration_view(d, user.id, shares.get((payment.id, d.id)) if payment else None, payment))
    refunds = await refunds_by_item(payments)
    offers = await certificates.offers_for_page(services, found.payments, found.shares, declarations)
    return respond(SocialInsuranceRecords(
        person=PersonOut(id_type=found.id_type, id_number_masked=found.id_number_masked, name=found.name),
        period_from=found.period_from, period_to=found.period_to, declarations=views,
        payments=[payment_view(p, found.shares[p.id], declarations, refunds, user.id,
                               offers[p.id])
                  for p in found.payments],
        paid_records=None if found.paid_records is None else [PaidRecordOut(
            insurance_type=r.insurance_type, period_start=r.period_start, period_end=r.period_end,
            amount_fen=r.amount_fen, paid_on=r.paid_on, channel_label=r.channel_label) for r in found.paid_records],
    ))


# ---- batch-debit settings ----

@bp.get("/batch-debit-settings")
@route_doc("批量扣款缴费金额设置列表（本人，含已作废）", tag="batch_debit", ok=BatchDebitSettingList,
           query=YearQuery, errors=(403,))
async def list_batch_debit_settings(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    query = parse_query(request, YearQuery)
    found = await batch_debit.list_own(user, query.year)
    return respond(BatchDebitSettingList(batch_debit_settings=[batch_debit_setting_view(s) for s in found]))


@bp.post("/batch-debit-settings")
@route_doc("批量扣款缴费金额设置：为本人设置本年度城乡居民险种的缴费金额（档次金额或固定金额），仅限地区菜单提供"
           "此功能的险种。新设置返回201，与现有有效设置相同返回200，金额不同则作废原设置并生效新设置",
           tag="batch_debit", ok=BatchDebitSettingEnvelope, status=201, body=BatchDebitSettingBody,
           also={200: BatchDebitSettingEnvelope}, errors=(403, 409))
async def set_batch_debit_amount(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, BatchDebitSettingBody)
    setting, created = await batch_debit.set_amount(services_of(request), user, body.insurance_type,
                                                    body.amount_fen, body.year)
    return respond(BatchDebitSettingEnvelope(batch_debit_setting=batch_debit_setting_view(setting)),
                   201 if created else 200)


@bp.post("/batch-debit-settings/<setting_id:str>/void")
@route_doc("批量扣款缴费金额作废：作废后，此险种在缴费金额有效期起止内不再继续批扣", tag="batch_debit",
           ok=BatchDebitSettingEnvelope, path=("setting_id",), errors=(403, 404, 409))
async def void_batch_debit_setting(request: Request, setting_id: str) -> HTTPResponse:
    user = await bound_user(request)
    setting = await batch_debit.void(user, path_id(setting_id))
    return respond(BatchDebitSettingEnvelope(batch_debit_setting=batch_debit_setting_view(setting)))
