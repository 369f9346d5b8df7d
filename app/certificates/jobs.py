"""Making certificates (the job `certificates.make`, never a request): render, sign and keep the
PDF and the album image, one certificate at a time per process; and the sweep for any left
正在制作."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

from app.certificates.models import CERTIFICATE, Certificate, CertificateState
from app.context import Services
from config.settings import PROJECT_DIR, Settings
from pdfs.certificate import CertificateData, CertificateLine, render_pdf
from pdfs.signing import CertificateSigner, SigningKeys, album_png, load_or_create_demo_keys


@cache
def _signer(keys_dir: str) -> CertificateSigner:
    directory = Path(keys_dir)
    directory = directory if directory.is_absolute() else PROJECT_DIR / directory
    return CertificateSigner(load_or_create_demo_keys(directory))


@cache
def _given_signer(keys_dir: str) -> CertificateSigner:
    directory = Path(keys_dir)
    directory = directory if directory.is_absolute() else PROJECT_DIR / directory
    files = [directory / f"certificate_signing_{name}.pem" for name in ("key", "cert", "root")]
    return CertificateSigner(SigningKeys(*(f.read_bytes() for f in files)))


def signer_for(settings: Settings) -> CertificateSigner:
    """The bureau's own signing certificate when `certificate_keys_dir` is set (production);
    otherwise the sandbox's demo chain, made once beside the WeChat Pay demo keys."""
    if settings.certificate_keys_dir:
        return _given_signer(settings.certificate_keys_dir)
    return _signer(settings.wechat.keys_dir)


_RENDERING = threading.Lock()  # reportlab's and PDFium's process-wide state: one certificate at a time


def verify_url(services: Services, certificate: Certificate) -> str:
    """What the QR code holds: the region's verification page, the code filled in."""
    return f"{services.notify_base}/certificates/verify/{certificate.region}?code={certificate.verification_code}"


def _render(services: Services, certificate: Certificate) -> tuple[bytes, bytes]:
    with _RENDERING:
        return _render_one(services, certificate)


def _render_one(services: Services, certificate: Certificate) -> tuple[bytes, bytes]:
    data = CertificateData(
        certificate_no=certificate.certificate_no, verification_code=certificate.verification_code,
        taxpayer_id=services.sealer.unseal(certificate.taxpayer_id_sealed), taxpayer_name=certificate.taxpayer_name,
        tax_bureau=certificate.tax_bureau, issued_on=certificate.issued_on,
        lines=tuple(CertificateLine(line["insurance_type"], line["period"], date.fromisoformat(line["posted_on"]),
                                    int(line["amount_fen"]), line["voucher_no"]) for line in certificate.lines),
        verify_url=verify_url(services, certificate), style=certificate.style, title=certificate.title,
        treasury_confirmed=services.profile(certificate.region).certificate.requires_treasury_entry,
        issued_at=certificate.created_at)
    pdf = signer_for(services.settings).sign(render_pdf(data))
    return pdf, album_png(pdf)


async def make(services: Services, certificate_id: int) -> bool:
    """Render, sign and keep one certificate's PDF and album image (idempotent)."""
    certificate = await Certificate.get(id=certificate_id)
    if certificate.state != CertificateState.MAKING:
        return False
    pdf, png = await asyncio.to_thread(_render, services, certificate)  # off the worker's event loop
    made = await CERTIFICATE.move(certificate.id, CertificateState.READY, actor="system:certificates", action="made",
                                  pdf=pdf, png=png, pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                                  made_at=datetime.now(UTC))
    return made is not None


async def making_too_long(services: Services, older_than: timedelta = timedelta(minutes=5)) -> int:
    """The sweep: certificates still 正在制作 a while after they were asked for (a lost job, or one
    that ran out of retries) get their job again; making is idempotent."""
    stuck = await Certificate.filter(state=CertificateState.MAKING,
                                     created_at__lt=datetime.now(UTC) - older_than).order_by("id").limit(200)
    for certificate in stuck:
        await services.queue.defer_certificate(certificate.id)
    return len(stuck)


