"""Certificates (完税证明): ask for one after 缴款成功, follow 正在制作 → 制作成功, download the
signed PDF or the album image; and 记录查验 for anyone, with a captcha."""

from __future__ import annotations

import base64
from datetime import date
from typing import Literal
from urllib.parse import quote

from pydantic import Field
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, raw

from app import certificates, rate_limits
from app import certificates as verification
from app.certificates import CERTIFICATE_STATE_LABELS, CERTIFICATE_STYLE_LABELS, Certificate, CertificateState, errors
from miniprogram_api.account import bound_user, client_address, services_of
from miniprogram_api.openapi import ApiModel, route_doc
from miniprogram_api.parsing import day, parse_body, parse_optional_body, parse_query, path_id
from miniprogram_api.requests import Body, Day, Query, QueryMonth, Text
from miniprogram_api.views import respond

bp = Blueprint("certificates", url_prefix="/api/v1")


class CertificateLineOut(ApiModel):
    insurance_type: str = Field(description="品目名称")
    period: str = Field(description="税款所属时期")
    posted_on: date = Field(description="入（退）库日期")
    amount_fen: int = Field(description="实缴金额（分）")
    voucher_no: str = Field(description="原凭证号")


class CertificateOut(ApiModel):
    id: int
    certificate_no: str = Field(description="证明编号")
    title: str = Field(description="证明名称，如 税收完税证明（湖北）、社会保险费缴费证明（北京、贵州）")
    style: Literal["table", "document"] = Field(description="table 表格式 | document 文书式：两种样式是两份证明")
    style_label: str = Field(description="表格式 | 文书式")
    state: Literal["making", "ready", "superseded"]
    status_label: str = Field(description="正在制作 | 制作成功 | 已作废（已重新开具）")
    payment_id: int | None = Field(description="本平台的缴款；其他渠道的缴费记录为 null")
    receipt_no: str | None = Field(description="其他渠道缴费记录的原凭证号")
    taxpayer_name: str
    taxpayer_id_masked: str
    tax_bureau: str
    issued_on: date = Field(description="填发日期")
    lines: list[CertificateLineOut]
    total_fen: int
    verification_code: str = Field(description="16位证明校验码（印在证明上）")
    pdf_url: str | None = Field(description="制作成功后：带电子印章与电子签名的PDF")
    image_url: str | None = Field(description="制作成功后：保存到相册的PNG图片")
    pdf_sha256: str | None


class CertificatesOut(ApiModel):
    certificates: list[CertificateOut]


class CertificateEnvelope(ApiModel):
    certificate: CertificateOut


class CaptchaOut(ApiModel):
    captcha_id: str
    image_png_base64: str = Field(description="验证码图片（PNG，base64）；看不清可重新获取")
    expires_in_seconds: int


Style = Literal["table", "document"]


class CertificateRequestBody(Body):
    style: Style | None = Field(None, description="table 表格式 | document 文书式；不填为本地区的默认样式")


class CertificateQueryBody(Body):
    period_from: QueryMonth = Field(description="费款所属期起 YYYYMM")
    period_to: QueryMonth = Field(description="费款所属期止 YYYYMM")
    style: Style | None = Field(None, description="table 表格式 | document 文书式")
    captcha_id: Text | None = Field(None, max_length=64, description="本地区要求时必填（贵州：录入验证码后查询）")
    captcha_answer: Text | None = Field(None, max_length=8)


class RecordCertificateBody(Body):
    receipt_no: Text = Field(max_length=64, description="全渠道缴费记录的原凭证号（other_channel_records）")
    style: Style | None = Field(None, description="table 表格式 | document 文书式；不填为本地区的默认样式")


class CertificateListQuery(Query):
    date_from: Day | None = Field(None, alias="from", description="申请日期起 YYYY-MM-DD")
    date_to: Day | None = Field(None, alias="to", description="申请日期止 YYYY-MM-DD（含当日）")


class VerificationBody(Body):
    taxpayer_id: Text = Field(max_length=32, description="纳税人识别号（缴费人证件号码）")
    verification_code: Text = Field(max_length=32, description="证明上的16位证明校验码")
    captcha_id: Text = Field(max_length=64)
    captcha_answer: Text = Field(max_length=8, description="验证码图片上的数字")


class VerificationOut(ApiModel):
    result: Literal["valid", "superseded"]
    result_label: str = Field(description="校验通过：证明真实有效 | 该证明已作废（已重新开具）")
    title: str = Field(description="证明名称（证明上印的，按地区）")
    certificate_no: str
    taxpayer_name: str = Field(description="纳税人名称（部分隐藏）")
    taxpayer_id_masked: str
    tax_bureau: str
    issued_on: date
    lines: list[CertificateLineOut]
    total_fen: int
    pdf_sha256: str | None = Field(description="原件PDF的SHA-256：与手中文件比对可知是否被改动")


def _view(c: Certificate) -> CertificateOut:
    ready = c.state != CertificateState.MAKING
    return CertificateOut(
        id=c.id, certificate_no=c.certificate_no, title=c.title, style=c.style,  # type: ignore[arg-type]
        style_label=CERTIFICATE_STYLE_LABELS.get(c.style, c.style), state=c.state.value,
        status_label=CERTIFICATE_STATE_LABELS[c.state],
        payment_id=c.payment_id or None, receipt_no=c.receipt_no, taxpayer_name=c.taxpayer_name,
        taxpayer_id_masked=c.taxpayer_id_masked,
        tax_bureau=c.tax_bureau, issued_on=c.issued_on, lines=[CertificateLineOut(**line) for line in c.lines],
        total_fen=c.total_fen, verification_code=c.verification_code,
        pdf_url=f"/api/v1/certificates/{c.id}/pdf" if ready else None,
        image_url=f"/api/v1/certificates/{c.id}/image" if ready else None, pdf_sha256=c.pdf_sha256)


def _masked_name(name: str) -> str:
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else name


@bp.post("/payments/<payment_id>/certificates")
@route_doc("开具完税证明：费款已到账确认后为该笔缴款的每位缴费人开具一份；重复申请返回同一份；其后又有费款到账"
           "或退费时重新开具，原证明作废。证明由后台制作（正在制作 → 制作成功），随后可下载PDF或保存图片到相册",
           tag="certificates", ok=CertificatesOut, status=202, body=CertificateRequestBody, body_optional=True,
           path=("payment_id",),
           errors=(403, 404, 409))
async def request_certificates(request: Request, payment_id: str) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_optional_body(request, CertificateRequestBody)
    made = await certificates.request_for_payment(services_of(request), user, path_id(payment_id), body.style)
    return respond(CertificatesOut(certificates=[_view(c) for c in made]), status=202)


@bp.post("/record-certificates")
@route_doc("为本人在其他渠道（银行柜面、办税服务厅、银行批扣）的缴费记录开具完税证明（缴款信息查询中的全渠道记录）；"
           "银行柜面、银行批扣缴费的在日切对账完成后可开具", tag="certificates", ok=CertificatesOut, status=202,
           body=RecordCertificateBody, errors=(403, 404, 409, 503))
async def record_certificate(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    body = parse_body(request, RecordCertificateBody)
    made = await certificates.request_for_record(services_of(request), user, body.receipt_no, body.style)
    return respond(CertificatesOut(certificates=[_view(made)]), status=202)


@bp.post("/certificate-queries")
@route_doc("完税证明查询 / 记录打印（证明申请）：按费款所属期起止，为其中可开具的缴费记录开具证明"
           "（缴入国库后才能开具）；本地区要求时需验证码",
           tag="certificates", ok=CertificatesOut, status=202, body=CertificateQueryBody, errors=(403, 404))
async def query_certificates(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    services = services_of(request)
    body = parse_body(request, CertificateQueryBody)
    if services.profile(user.region).certificate.query_captcha:
        await verification.check_captcha(services, body.captcha_id or "", body.captcha_answer or "")
    if body.period_from > body.period_to:
        raise errors.PeriodsReversed()
    made = await certificates.request_for_periods(services, user, body.period_from, body.period_to, body.style)
    return respond(CertificatesOut(certificates=[_view(c) for c in made]), status=202)


@bp.get("/certificates")
@route_doc("记录下载：本账号申请过的证明（最新在前），含制作状态（正在制作 / 制作成功）；可按申请日期筛选",
           tag="certificates", ok=CertificatesOut, query=CertificateListQuery, errors=(403,))
async def list_certificates(request: Request) -> HTTPResponse:
    user = await bound_user(request)
    query = parse_query(request, CertificateListQuery)
    found = await certificates.list_mine(user, day(query.date_from, "from"), day(query.date_to, "to"))
    return respond(CertificatesOut(certificates=[_view(c) for c in found]))


@bp.get("/certificates/<certificate_id>")
@route_doc("一份证明及其制作状态", tag="certificates", ok=CertificateEnvelope, path=("certificate_id",),
           errors=(403, 404))
async def get_certificate(request: Request, certificate_id: str) -> HTTPResponse:
    user = await bound_user(request)
    return respond(CertificateEnvelope(certificate=_view(await certificates.mine(user, path_id(certificate_id)))))


async def _file(request: Request, certificate_id: str, kind: str) -> HTTPResponse:
    user = await bound_user(request)
    certificate = await certificates.mine(user, path_id(certificate_id))
    body = certificate.pdf if kind == "pdf" else certificate.png
    if certificate.state == CertificateState.MAKING or body is None:
        raise errors.StillMaking()
    filename = f"{certificate.title}-{certificate.certificate_no}.{'pdf' if kind == 'pdf' else 'png'}"
    return raw(bytes(body), content_type="application/pdf" if kind == "pdf" else "image/png", headers={
        # wx.downloadFile → wx.saveImageToPhotosAlbum: a plain image/png body with its length, inline
        "Content-Disposition": f"inline; filename=\"certificate.{kind}\"; filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff",
        "ETag": f"\"{certificate.pdf_sha256 or ''}-{kind}\""})


@bp.get("/certificates/<certificate_id>/pdf")
@route_doc("下载证明PDF（带电子印章与PAdES电子签名，任何改动都会使签名失效）", tag="certificates", ok=None,
           media="application/pdf", path=("certificate_id",), errors=(403, 404, 409))
async def certificate_pdf(request: Request, certificate_id: str) -> HTTPResponse:
    return await _file(request, certificate_id, "pdf")


@bp.get("/certificates/<certificate_id>/image")
@route_doc("证明图片（PNG），供小程序 wx.downloadFile 后 wx.saveImageToPhotosAlbum 保存到相册", tag="certificates",
           ok=None, media="image/png", path=("certificate_id",), errors=(403, 404, 409))
async def certificate_image(request: Request, certificate_id: str) -> HTTPResponse:
    return await _file(request, certificate_id, "image")


@bp.post("/captchas")
@route_doc("获取验证码图片（记录查验用；5分钟内有效，只能使用一次）", tag="certificates", ok=CaptchaOut, secured=False,
           errors=(429,))
async def new_captcha(request: Request) -> HTTPResponse:
    services = services_of(request)
    if not await rate_limits.allow(services, "captcha", client_address(request)):
        raise errors.VerificationRateLimited()
    captcha_id, png = await verification.new_captcha(services)
    return respond(CaptchaOut(captcha_id=captcha_id, image_png_base64=base64.b64encode(png).decode(),
                              expires_in_seconds=verification.CAPTCHA_SECONDS))


@bp.post("/certificate-verifications")
@route_doc("记录查验：纳税人识别号 + 16位证明校验码 + 验证码 → 证明的内容；校验码有误、证明不存在或已作废都会说明",
           tag="certificates", ok=VerificationOut, body=VerificationBody, secured=False, errors=(404, 409, 429))
async def verify_certificate(request: Request) -> HTTPResponse:
    services = services_of(request)
    if not await rate_limits.allow(services, "certificate_verification", client_address(request)):
        raise errors.VerificationRateLimited()
    body = parse_body(request, VerificationBody)
    await verification.check_captcha(services, body.captcha_id, body.captcha_answer)
    c = await verification.verify(services, body.taxpayer_id, body.verification_code)
    superseded = c.state == CertificateState.SUPERSEDED
    return respond(VerificationOut(
        result="superseded" if superseded else "valid",
        result_label="该证明已作废（已重新开具）" if superseded else "校验通过：证明真实有效",
        title=c.title, certificate_no=c.certificate_no, taxpayer_name=_masked_name(c.taxpayer_name),
        taxpayer_id_masked=c.taxpayer_id_masked, tax_bureau=c.tax_bureau, issued_on=c.issued_on,
        lines=[CertificateLineOut(**line) for line in c.lines], total_fen=c.total_fen, pdf_sha256=c.pdf_sha256))
