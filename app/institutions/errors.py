from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound, RateLimited, Unauthenticated


class ApiKeyMissing(Unauthenticated):
    code = "institution_api_key_missing"
    message = "请在请求头 Authorization 中提供机构 API 密钥（ApiKey …）"


class ApiKeyInvalid(Unauthenticated):
    code = "institution_api_key_invalid"
    message = "机构 API 密钥无效或已停用，请联系平台运营人员"


class ApiKeyRateLimited(RateLimited):
    code = "institution_rate_limited"
    message = "该机构的查验次数已达每分钟上限，请稍后再试"


class DocumentNotPdf(InvalidInput):
    code = "certificate_document_not_pdf"
    message = "请求体应为证明的PDF文件（Content-Type: application/pdf），或含证明校验码与SHA-256的JSON"


class DocumentTooLarge(InvalidInput):
    code = "certificate_document_too_large"
    message = "PDF文件过大（不超过1MB）"


class Sha256Invalid(InvalidInput):
    code = "certificate_sha256_invalid"
    message = "sha256 应为64位十六进制字符"


class InstitutionExists(Conflict):
    code = "institution_exists"
    message = "该机构已有API密钥；如需更换，请先停用原密钥"


class InstitutionNotFound(NotFound):
    code = "institution_not_found"
    message = "未找到该机构的API密钥"
