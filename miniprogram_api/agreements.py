"""缴费协议办理 (two-party bank agreements) and the face scan a bound payer does for them."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app import agreements, paying
from app.agreements import BankAgreement
from app.clock import SHANGHAI
from app.context import Services
from app.identity import start_face_verification
from miniprogram_api.account import bound_user, services_of
from miniprogram_api.openapi import route_doc
from miniprogram_api.parsing import parse_body, path_id
from miniprogram_api.requests import AgreementBody, RevokeBody
from miniprogram_api.responses import (
    AgreementEnvelope,
    AgreementList,
    AgreementOptionsOut,
    AgreementOut,
    BankOut,
    FaceVerificationOut,
)
from miniprogram_api.views import respond

bp = Blueprint("agreements", url_prefix="/api/v1")


def agreement_view(services: Services, a: BankAgreement) -> AgreementOut:
    return AgreementOut(
        id=a.id, division_code=a.division_code, bank_code=a.bank_code,
        bank_name=agreements.BANKS.get(a.bank_code, a.bank_code), account_masked=a.account_masked,
        holder_name=a.holder_name, payer_id_masked=a.payer_id_masked, tax_office=a.tax_office,
        state=a.state.value,  # type: ignore[arg-type]
        status_label=agreements.status_label(services, a), effective_from=a.effective_from,
        usable=agreements.usable(services, a), signed_at=a.created_at.astimezone(SHANGHAI),
        revoked_at=a.revoked_at.astimezone(SHANGHAI) if a.revoked_at else None,
    )


@bp.post("/me/face-verifications")
@route_doc("本人人脸核身（已实名的缴费人）：签订银行卡缴费协议、扫脸支付前取得 verify_id，"
           "小程序以 wx.requestFacialVerify({verifyId}) 完成刷脸，再带 face_verify_id 提交",
           tag="agreements", ok=FaceVerificationOut, status=201, errors=(403, 429, 503))
async def own_face_verification(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    services = services_of(request)
    started = await start_face_verification(services, user, agreements.own_person(services, user))
    return respond(FaceVerificationOut(verify_id=started.verify_id, expires_at=started.expires_at,
                                       provider=started.provider,
                                       certify_url=started.certify_url), 201)


@bp.get("/agreement-options")
@route_doc("签订缴费协议的选项：银行行别、行政区划、税务机关，以及本地区的协议规则", tag="agreements",
           ok=AgreementOptionsOut, errors=(400, 403),
           description="本地区不提供银行卡协议缴费时 400 agreements_not_offered")
async def agreement_options(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    services = services_of(request)
    agreements.offered(services, user)
    profile = services.profile(user.region)
    rules = profile.bank_agreement
    return respond(AgreementOptionsOut(
        banks=[BankOut(code=c, name=n) for c, n in agreements.banks_of(services, user.region).items()],
        division_prefix=profile.division_code[:2], tax_offices=list(rules.tax_offices), self_only=rules.self_only,
        cardholder_must_match=rules.cardholder_must_match, tax_office_must_match=rules.tax_office_must_match,
        effective_next_day=rules.effective_next_day, face_verification=rules.face_verification))


@bp.get("/agreements")
@route_doc("本人的缴费协议（含待生效和已撤销）", tag="agreements", ok=AgreementList, errors=(403,))
async def list_agreements(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    services = services_of(request)
    return respond(AgreementList(agreements=[agreement_view(services, a) for a in await agreements.list_own(user)]))


@bp.post("/agreements")
@route_doc("新增协议：只能为本人签订（缴费人信息自动带出）；持卡人姓名须与缴费人一致；北京须选择税务机关，"
           "协议次日生效；湖北须先扫脸实名认证。银行核验账户、姓名与证件号码", tag="agreements",
           ok=AgreementEnvelope, status=201, body=AgreementBody, errors=(403, 409, 429, 503))
async def sign_agreement(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, AgreementBody)
    services = services_of(request)
    agreement = await agreements.sign(services, user, agreements.AgreementForm(
        division_code=body.division_code, bank_code=body.bank_code, account_no=body.account_no,
        holder_name=body.holder_name, tax_office=body.tax_office, face_verify_id=body.face_verify_id))
    return respond(AgreementEnvelope(agreement=agreement_view(services, agreement)), 201)


@bp.get("/agreements/<agreement_id:str>")
@route_doc("一条缴费协议", tag="agreements", ok=AgreementEnvelope, path=("agreement_id",), errors=(403, 404))
async def get_agreement(request: Request, agreement_id: str) -> HTTPResponse:
    user = await bound_user(request)
    agreement = await agreements.get_own(user, path_id(agreement_id))
    return respond(AgreementEnvelope(agreement=agreement_view(services_of(request), agreement)))


@bp.post("/agreements/<agreement_id:str>/revoke")
@route_doc("撤销协议：须再次确认（confirm: true）；撤销后不能再用该协议缴款或批扣；有扣款中的缴费时不能撤销",
           tag="agreements", ok=AgreementEnvelope, body=RevokeBody, path=("agreement_id",),
           errors=(403, 404, 409, 503))
async def revoke_agreement(request: Request, agreement_id: str) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, RevokeBody)
    services = services_of(request)
    agreement = await paying.revoke_agreement(services, user, path_id(agreement_id), body.confirm)
    return respond(AgreementEnvelope(agreement=agreement_view(services, agreement)))
