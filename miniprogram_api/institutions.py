"""Verification for institutions (a bank, an employer): send the certificate PDF received, or its
16-digit code and the file's SHA-256, with the institution's API key; the answer says whether it
is a certificate we issued, byte for byte, whether it stands, and what its signature says. No
captcha: the key is rate-limited and every check is audited. The public page keeps its captcha."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field
from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app import institutions
from app.certificates import CertificateState
from miniprogram_api.account import client_address, services_of
from miniprogram_api.openapi import ApiModel, route_doc
from miniprogram_api.parsing import parse_body
from miniprogram_api.requests import Body, Text
from miniprogram_api.views import respond

bp = Blueprint("institutions", url_prefix="/api/v1")


class CodeAndHashBody(Body):
    verification_code: Text = Field(description="证明上的16位证明校验码")
    sha256: Text = Field(description="收到的PDF文件的SHA-256（64位十六进制）")


class SignatureOut(ApiModel):
    intact: bool = Field(description="签名所覆盖的内容未被改动，且最后的文档时间戳覆盖整个文件")
    trusted: bool = Field(description="签名证书链可信、签名有效（PAdES B-LTA：签名证书过期后依然可验）")
    level: Literal["B-LTA", "B-LT", "B-T", "B-B", ""] = Field(description="PAdES 级别；空：没有签名")
    signer: str = Field(description="签名证书的主体")
    signed_at: datetime | None = Field(description="签名时间戳（时间戳服务机构给出的时间）")
    archived_at: datetime | None = Field(description="最后一个文档时间戳的时间")


class InstitutionCertificateOut(ApiModel):
    certificate_no: str = Field(description="证明编号")
    verification_code: str
    state: Literal["ready", "superseded"]
    region: str
    tax_bureau: str
    taxpayer_name: str = Field(description="纳税人名称（部分隐藏）")
    taxpayer_id_masked: str
    issued_on: date
    total_fen: int


class InstitutionCheckOut(ApiModel):
    sha256: str = Field(description="所查验文件的SHA-256")
    result: Literal["valid", "superseded", "unknown_document", "mismatch"]
    result_label: str
    certificate: InstitutionCertificateOut | None = Field(
        description="该文件逐字节是本平台开具的证明时：证明的要素；否则为 null")
    signature: SignatureOut | None = Field(description="文件中签名的查验结果（mismatch 时为 null）")


def _masked_name(name: str) -> str:
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else name


def _view(check: institutions.DocumentCheck) -> InstitutionCheckOut:
    c, s = check.certificate, check.signature
    return InstitutionCheckOut(
        sha256=check.sha256, result=check.result, result_label=check.result_label,  # type: ignore[arg-type]
        certificate=None if c is None else InstitutionCertificateOut(
            certificate_no=c.certificate_no, verification_code=c.verification_code,
            state="superseded" if c.state == CertificateState.SUPERSEDED else "ready", region=c.region,
            tax_bureau=c.tax_bureau, taxpayer_name=_masked_name(c.taxpayer_name),
            taxpayer_id_masked=c.taxpayer_id_masked, issued_on=c.issued_on, total_fen=c.total_fen),
        signature=None if s is None else SignatureOut(
            intact=s.intact, trusted=s.trusted, level=s.level, signer=s.signer,  # type: ignore[arg-type]
            signed_at=s.signed_at, archived_at=s.archived_at))


@bp.post("/institutions/certificate-verifications")
@route_doc("机构查验（银行、用人单位等，无需验证码）：提交收到的证明PDF（Content-Type: application/pdf），"
           "或JSON {verification_code, sha256}；返回文件的SHA-256、是否为本平台开具的原件、证明是否有效、"
           "签名是否完好（时间戳时间、签名人）。需机构API密钥（Authorization: ApiKey …），按密钥限频，每次查验留痕",
           tag="certificates", ok=InstitutionCheckOut, body=CodeAndHashBody, scheme="institution_api_key",
           errors=(404, 429))
async def institution_verification(request: Request) -> HTTPResponse:
    services = services_of(request)
    key = await institutions.authenticate(services, request.headers.get("authorization"))
    source = client_address(request)
    if (request.content_type or "").split(";")[0].strip().lower() == "application/pdf":
        check = await institutions.check_document(services, key, bytes(request.body), source)
    elif (request.content_type or "").split(";")[0].strip().lower() == "application/json":
        body = parse_body(request, CodeAndHashBody)
        check = await institutions.check_code_and_hash(services, key, body.verification_code, body.sha256, source)
    else:
        raise institutions.errors.DocumentNotPdf()
    return respond(_view(check))
