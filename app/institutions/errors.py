from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound, RateLimited, Unauthenticated


class ApiKeyMissing(Unauthenticated):
    code = "institution_api_key_missing"


class ApiKeyInvalid(Unauthenticated):
    code = "institution_api_key_invalid"


class ApiKeyRateLimited(RateLimited):
    code = "institution_rate_limited"


class DocumentNotPdf(InvalidInput):
    code = "certificate_document_not_pdf"


class DocumentTooLarge(InvalidInput):
    code = "certificate_document_too_large"


class Sha256Invalid(InvalidInput):
    code = "certificate_sha256_invalid"


class InstitutionExists(Conflict):
    code = "institution_exists"


class InstitutionNotFound(NotFound):
    code = "institution_not_found"


class InstitutionNameRequired(InvalidInput):
    code = "institution_name_required"
