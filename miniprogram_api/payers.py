"""Saved payers (代缴人名单), 社保费申报查询, and batch-debit settings (批量扣款缴费金额设置 / 作废)."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json
from sanic_ext import openapi

from app.batch_debit import services as batch_debit
from app.identity.models import User
from app.identity.services import require_bound
from app.payers import services as payers
from miniprogram_api.account import current_user, services_of
from miniprogram_api.docs import ERR, ok
from miniprogram_api.parsing import FieldInvalid, FieldMissing, parse_body, path_id, query_period
from miniprogram_api.schemas import (
    BatchDebitSettingBody,
    BatchDebitSettingEnvelope,
    BatchDebitSettingList,
    PayerBody,
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
    saved_payer_view,
)

bp = Blueprint("payers", url_prefix="/api/v1")
SECURED: dict[str, list[str]] = {"bearer": []}


def _errors(*statuses: int) -> list[openapi.definitions.Response]:
    return [openapi.definitions.Response(ERR, status=s) for s in statuses]


def _query(name: str, description: str, schema: type = str) -> openapi.definitions.Parameter:
    return openapi.definitions.Parameter(name, schema, "query", description=description, required=False)


async def _bound_user(request: Request) -> User:
    return require_bound(await current_user(request))


def _fields(body: PayerBody) -> payers.PayerFields:
    return payers.PayerFields(body.id_type, body.id_number, body.name, body.nationality)


# ---- saved payers ----

@bp.get("/saved-payers")
@openapi.definition(summary="代缴人名单：本人已添加的代缴人（证件号码脱敏），及本地区人数上限", tag="saved_payers",
                    secured=SECURED, response=[ok(SavedPayerList), *_errors(401, 403)])
async def list_saved_payers(request: Request) -> HTTPResponse:
    user = await _bound_user(request)
    profile = services_of(request).profile(user.region)
    found = await payers.list_saved(user)
    return json({"saved_payers": [saved_payer_view(p) for p in found], "limit": profile.limits.saved_payers,
                 "mode": profile.saved_payers_mode})


@bp.post("/saved-payers")
@openapi.definition(summary="添加代缴人（不校验人社、医保登记信息；最多30人；北京委托人须填国籍（地区））。"
                            "错误码：saved_payers_limit、saved_payer_exists、saved_payer_is_self、"
                            "nationality_required、id_number_*、name_invalid、id_type_not_offered",
                    tag="saved_payers", body={"application/json": PayerBody}, secured=SECURED,
                    response=[ok(SavedPayerEnvelope, 201), *_errors(400, 401, 403, 409)])
async def add_saved_payer(request: Request) -> HTTPResponse:
    user = await _bound_user(request)
    body = parse_body(request, PayerBody)
    payer = await payers.add(services_of(request), user, _fields(body))
    return json({"saved_payer": saved_payer_view(payer)}, status=201)


@bp.put("/saved-payers/<payer_id:str>")
@openapi.definition(summary="修改代缴人信息（修改前后的脱敏信息记入历史，已申报的记录不受影响）。"
                            "他人的编号按不存在处理（saved_payer_not_found）",
                    tag="saved_payers", body={"application/json": PayerBody}, secured=SECURED,
                    response=[ok(SavedPayerEnvelope), *_errors(400, 401, 403, 404, 409)])
async def edit_saved_payer(request: Request, payer_id: str) -> HTTPResponse:
    user = await _bound_user(request)
    body = parse_body(request, PayerBody)
    payer = await payers.edit(services_of(request), user, path_id(payer_id), _fields(body))
    return json({"saved_payer": saved_payer_view(payer)})


@bp.delete("/saved-payers/<payer_id:str>")
@openapi.definition(summary="删除代缴人（历史与已申报的记录保留）", tag="saved_payers", secured=SECURED,
                    response=[ok(SavedPayerDeleted), *_errors(400, 401, 403, 404)])
async def delete_saved_payer(request: Request, payer_id: str) -> HTTPResponse:
    user = await _bound_user(request)
    payer = await payers.delete(user, path_id(payer_id))
    return json({"saved_payer": saved_payer_view(payer), "deleted": True})


@bp.get("/saved-payers/<payer_id:str>/enrollments")
@openapi.definition(summary="选择代缴人：向人社、医保查询其参保登记；无有效登记时返回原因（not_enrolled：该人员未参加该险种）",
                    tag="saved_payers", secured=SECURED,
                    parameter=[_query("insurance_type", "险种；不填则查本地区任一险种")],
                    response=[ok(SavedPayerEnrollments), *_errors(400, 401, 403, 404, 503)])
async def select_saved_payer(request: Request, payer_id: str) -> HTTPResponse:
    user = await _bound_user(request)
    payer, found = await payers.select(services_of(request), user, path_id(payer_id),
                                       request.args.get("insurance_type") or None)
    return json({"saved_payer": saved_payer_view(payer), "enrollments": [enrollment_view(e) for e in found]})


# ---- 社保费申报查询 ----

def _person_query(request: Request) -> payers.PayerFields | None:
    given = {n: request.args.get(n) for n in ("id_type", "id_number", "name")}
    if not any(given.values()):
        return None
    for name, value in given.items():
        if not value or not value.strip():
            raise FieldMissing(f"查询他人时请填写{name}", field=name)
        if len(value) > 64:
            raise FieldInvalid(f"{name}过长", field=name)
    return payers.PayerFields(str(given["id_type"]), str(given["id_number"]), str(given["name"]))


@bp.get("/social-insurance-records")
@openapi.definition(summary="社保费申报查询：某人（默认本人）在费款所属期内的申报和缴费信息。只能查询本人、"
                            "已添加的代缴人或曾为其申报的人员，其他人员返回403 person_not_accessible",
                    tag="queries", secured=SECURED,
                    parameter=[_query("id_type", "证件类型（查询他人时填写）"),
                               _query("id_number", "证件号码（查询他人时填写）"),
                               _query("name", "姓名（查询他人时填写）"),
                               _query("from", "费款所属期起 YYYYMM，默认本年1月"),
                               _query("to", "费款所属期止 YYYYMM，默认本年12月")],
                    response=[ok(SocialInsuranceRecords), *_errors(400, 401, 403)])
async def social_insurance_records(request: Request) -> HTTPResponse:
    user = await _bound_user(request)
    person = _person_query(request)
    period_from, period_to = query_period(request, services_of(request).today(), ("from", "to"))
    found = await payers.person_records(services_of(request), user, person, period_from, period_to)
    shares = {(i.payment_id, i.declaration_id): i for items in found.shares.values() for i in items}
    payments = {p.id: p for p in found.payments}
    views = []
    for d in found.declarations:
        payment = payments.get(d.current_payment_id) if d.current_payment_id else None
        views.append(declaration_view(d, shares.get((payment.id, d.id)) if payment else None, payment))
    return json({
        "person": {"id_type": found.id_type, "id_number_masked": found.id_number_masked, "name": found.name},
        "period_from": found.period_from, "period_to": found.period_to, "declarations": views,
        "payments": [payment_view(p, found.shares[p.id]) for p in found.payments],
    })


# ---- batch-debit settings ----

@bp.get("/batch-debit-settings")
@openapi.definition(summary="批量扣款缴费金额设置列表（本人，含已作废）", tag="batch_debit", secured=SECURED,
                    parameter=[_query("year", "年度，如2026；不填为全部", int)],
                    response=[ok(BatchDebitSettingList), *_errors(400, 401, 403)])
async def list_batch_debit_settings(request: Request) -> HTTPResponse:
    user = await _bound_user(request)
    raw = request.args.get("year")
    if raw is not None and not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise FieldInvalid("year应为四位年度", field="year")
    found = await batch_debit.list_own(user, int(raw) if raw else None)
    return json({"batch_debit_settings": [batch_debit_setting_view(s) for s in found]})


@bp.post("/batch-debit-settings")
@openapi.definition(summary="批量扣款缴费金额设置：为本人设置本年度城乡居民险种的缴费金额（档次金额或固定金额）。"
                            "新设置返回201，与现有有效设置相同返回200，金额不同则作废原设置并生效新设置",
                    tag="batch_debit", body={"application/json": BatchDebitSettingBody}, secured=SECURED,
                    response=[ok(BatchDebitSettingEnvelope, 201), ok(BatchDebitSettingEnvelope),
                              *_errors(400, 401, 403, 409)])
async def set_batch_debit_amount(request: Request) -> HTTPResponse:
    user = await _bound_user(request)
    body = parse_body(request, BatchDebitSettingBody)
    setting, created = await batch_debit.set_amount(services_of(request), user, body.insurance_type,
                                                    body.amount_fen, body.year)
    return json({"batch_debit_setting": batch_debit_setting_view(setting)}, status=201 if created else 200)


@bp.post("/batch-debit-settings/<setting_id:str>/void")
@openapi.definition(summary="批量扣款缴费金额作废：作废后，此险种在缴费金额有效期起止内不再继续批扣",
                    tag="batch_debit", secured=SECURED,
                    response=[ok(BatchDebitSettingEnvelope), *_errors(400, 401, 403, 404, 409)])
async def void_batch_debit_setting(request: Request, setting_id: str) -> HTTPResponse:
    user = await _bound_user(request)
    setting = await batch_debit.void(user, path_id(setting_id))
    return json({"batch_debit_setting": batch_debit_setting_view(setting)})
