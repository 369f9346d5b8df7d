"""Institution API keys and the verification they ask for: the document's SHA-256, whether it is
a certificate we issued (byte for byte), its standing, and its signature (intact, trusted, when
timestamped, by whom), judged from the PDF alone. Every check and every key change is audited."""

from __future__ import annotations

import asyncio
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from limits import RateLimitItemPerMinute

from app.certificates import Certificate, CertificateState, certificate_roots_for, well_formed
from app.certificates import errors as certificate_errors
from app.context import Services
from app.institutions import errors
from app.institutions.models import InstitutionKey
from app.operations import audit
from pdfs.signing import SignatureReport, verify_signature

KEY_PREFIX = "sbk_"
_KEY = re.compile(r"^sbk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_PDF_BYTES = 1_000_000  # the server's REQUEST_MAX_SIZE; a certificate is under 100 KB

RESULT_LABELS = {
    "valid": "校验通过：该文件是本平台开具的证明，签名完好",
    "superseded": "该文件是本平台开具的证明，但已作废（已重新开具）",
    "unknown_document": "该文件不是本平台开具的证明原件（文件已被改动，或并非本平台开具）",
    "mismatch": "证明校验码与文件的SHA-256不一致：该文件不是该证明的原件",
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def issue_key(name: str, *, rate_per_minute: int | None = None,
                    issued_by: str = "") -> tuple[InstitutionKey, str]:
    """A new key for `name` (one standing key per institution): the row, and the key itself,
    shown once. Raises InstitutionExists."""
    name = name.strip()[:64]
    if not name:
        raise errors.InstitutionNameRequired()
    if await InstitutionKey.exists(name=name, revoked_at=None):
        raise errors.InstitutionExists()
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    plaintext = f"{KEY_PREFIX}{key_id}_{secret}"
    key = await InstitutionKey.create(name=name, key_id=key_id, secret_sha256=_digest(plaintext),
                                      rate_per_minute=rate_per_minute, issued_by=issued_by[:64])
    await audit(None, "institution_key_issue", target_type="institution_key", target_id=key_id, username=issued_by,
                data={"name": name, "rate_per_minute": rate_per_minute}, source="command line")
    return key, plaintext


async def revoke_key(name_or_key_id: str, *, issued_by: str = "") -> int:
    """Stop the institution's standing key (by name or key id) at once. Raises InstitutionNotFound."""
    standing = await InstitutionKey.filter(revoked_at=None).filter(name=name_or_key_id.strip()).all() or \
        await InstitutionKey.filter(revoked_at=None, key_id=name_or_key_id.strip()).all()
    if not standing:
        raise errors.InstitutionNotFound()
    now = datetime.now(UTC)
    for key in standing:
        await InstitutionKey.filter(id=key.id).update(revoked_at=now)
        await audit(None, "institution_key_revoke", target_type="institution_key", target_id=key.key_id,
                    username=issued_by, data={"name": key.name}, source="command line")
    return len(standing)


async def authenticate(services: Services, authorization: str | None) -> InstitutionKey:
    """The standing key in `Authorization: ApiKey sbk_…`, counted against its rate.
    Raises ApiKeyMissing, ApiKeyInvalid (unknown, wrong or revoked), ApiKeyRateLimited."""
    if not authorization:
        raise errors.ApiKeyMissing()
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() != "apikey":
        raise errors.ApiKeyMissing()
    match = _KEY.match(value.strip())
    key = await InstitutionKey.get_or_none(key_id=match.group(1)) if match else None
    given = _digest(value.strip())
    if key is None or not secrets.compare_digest(given, key.secret_sha256) or key.revoked_at is not None:
        raise errors.ApiKeyInvalid()
    rate = key.rate_per_minute or services.settings.institution_verification_rate_per_minute
    if not await services.rate_limiter.hit(RateLimitItemPerMinute(rate), "institution_verification", key.key_id):
        raise errors.ApiKeyRateLimited()
    await InstitutionKey.filter(id=key.id).update(last_used_at=datetime.now(UTC))
    return key


@dataclass(frozen=True)
class DocumentCheck:
    sha256: str
    result: str  # valid | superseded | unknown_document | mismatch
    certificate: Certificate | None  # ours, when the document is byte for byte one we issued
    signature: SignatureReport | None

    @property
    def result_label(self) -> str:
        return RESULT_LABELS[self.result]


async def _report(services: Services, pdf: bytes) -> SignatureReport:
    roots = certificate_roots_for(services.settings)
    return await asyncio.to_thread(asyncio.run, verify_signature(pdf, roots))  # CPU-bound: off the loop


def _standing(certificate: Certificate, report: SignatureReport) -> str:
    if certificate.state == CertificateState.SUPERSEDED:
        return "superseded"
    return "valid" if report.valid else "unknown_document"


async def _audited(services: Services, key: InstitutionKey, source: str, check: DocumentCheck) -> DocumentCheck:
    await audit(None, "certificate_check", target_type="certificate",
                target_id=check.certificate.certificate_no if check.certificate else "", username=f"inst:{key.key_id}",
                outcome="ok" if check.result == "valid" else "refused",
                data={"institution": key.name, "sha256": check.sha256, "result": check.result}, source=source)
    return check


async def check_document(services: Services, key: InstitutionKey, pdf: bytes, source: str = "") -> DocumentCheck:
    """The PDF a bank or employer received: is it a certificate we issued, standing, with its
    signature intact? Raises DocumentNotPdf, DocumentTooLarge."""
    if len(pdf) > MAX_PDF_BYTES:
        raise errors.DocumentTooLarge()
    if not pdf.startswith(b"%PDF-"):
        raise errors.DocumentNotPdf()
    sha256 = hashlib.sha256(pdf).hexdigest()
    report = await _report(services, pdf)
    certificate = await Certificate.filter(pdf_sha256=sha256).first()
    if certificate is None:
        return await _audited(services, key, source, DocumentCheck(sha256, "unknown_document", None, report))
    return await _audited(services, key, source,
                          DocumentCheck(sha256, _standing(certificate, report), certificate, report))


async def check_code_and_hash(services: Services, key: InstitutionKey, code: str, sha256: str,
                              source: str = "") -> DocumentCheck:
    """The 16-digit code printed on the certificate and the SHA-256 of the file received: the
    certificate's details only when the file is the one we issued. Raises CertificateCodeInvalid,
    Sha256Invalid, CertificateNotFound."""
    code, sha256 = code.strip(), sha256.strip().lower()
    if not well_formed(code):
        raise certificate_errors.CertificateCodeInvalid()
    if not _SHA256.match(sha256):
        raise errors.Sha256Invalid()
    certificate = await Certificate.get_or_none(verification_code=code)
    if certificate is None:
        raise certificate_errors.CertificateNotFound()
    if certificate.pdf is None or certificate.pdf_sha256 is None or \
            not secrets.compare_digest(certificate.pdf_sha256, sha256):
        return await _audited(services, key, source, DocumentCheck(sha256, "mismatch", None, None))
    report = await _report(services, bytes(certificate.pdf))
    return await _audited(services, key, source,
                          DocumentCheck(sha256, _standing(certificate, report), certificate, report))
