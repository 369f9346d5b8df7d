"""Making certificates (the job `certificates.make`, never a request): render, sign and keep the
PDF and the album image, several at once per process (`pdfs.making`); and the sweep for any
left 正在制作."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_certs_from_pemder_data

from app import clock
from app.certificates.models import CERTIFICATE, Certificate, CertificateState
from app.context import Services
from config.settings import PROJECT_DIR, Settings
from pdfs.certificate import CertificateData, CertificateLine
from pdfs.making import make_certificate
from pdfs.signing import CertificateSigner, SigningKeys, TrustServices, load_or_create_demo_keys


def _keys_dir(keys_dir: str) -> Path:
    directory = Path(keys_dir)
    return directory if directory.is_absolute() else PROJECT_DIR / directory


def demo_keys_for(settings: Settings) -> SigningKeys:
    """The sandbox's demo chain (with its timestamp authority), made once beside the WeChat Pay demo keys."""
    return load_or_create_demo_keys(_keys_dir(settings.wechat.keys_dir))


def trust_services_for(settings: Settings) -> TrustServices:
    """The timestamp authority and OCSP responder the settings name; empty, the sandbox's."""
    sandbox = f"http://{settings.sandbox_host}:{settings.sandbox_port}/trust"
    return TrustServices(settings.certificate_tsa_url or f"{sandbox}/tsa",
                         settings.certificate_ocsp_url or ("" if settings.certificate_keys_dir else f"{sandbox}/ocsp"),
                         timeout=settings.certificate_trust_timeout_seconds)


@cache
def _signer(settings: Settings) -> CertificateSigner:
    if settings.certificate_keys_dir:
        directory = _keys_dir(settings.certificate_keys_dir)
        files = [directory / f"certificate_signing_{name}.pem" for name in ("key", "cert", "root")]
        return CertificateSigner(SigningKeys(*(f.read_bytes() for f in files)), trust_services_for(settings))
    return CertificateSigner(demo_keys_for(settings), trust_services_for(settings))


@cache
def certificate_roots_for(settings: Settings) -> list[asn1_x509.Certificate]:
    """The roots a certificate's signature and timestamps must chain to (verification needs no
    private key): `certificate_signing_root.pem`, which names the signing CA's and the timestamp
    authority's roots."""
    if settings.certificate_keys_dir:
        pem = (_keys_dir(settings.certificate_keys_dir) / "certificate_signing_root.pem").read_bytes()
    else:
        pem = demo_keys_for(settings).root_pem
    return list(load_certs_from_pemder_data(pem))


def signer_for(settings: Settings) -> CertificateSigner:
    """The bureau's own signing certificate when `certificate_keys_dir` is set (production);
    otherwise the sandbox's demo chain. One per process (it keeps OCSP answers and a connection
    to the timestamp authority)."""
    return _signer(settings)


def verify_url(services: Services, certificate: Certificate) -> str:
    """What the QR code holds: the region's verification page, the code filled in."""
    return f"{services.notify_base}/certificates/verify/{certificate.region}?code={certificate.verification_code}"


def certificate_data(services: Services, certificate: Certificate) -> CertificateData:
    """What the PDF shows of a certificate."""
    return CertificateData(
        certificate_no=certificate.certificate_no, verification_code=certificate.verification_code,
        taxpayer_id=services.sealer.unseal(certificate.taxpayer_id_sealed), taxpayer_name=certificate.taxpayer_name,
        tax_bureau=certificate.tax_bureau, issued_on=certificate.issued_on,
        lines=tuple(CertificateLine(line["insurance_type"], line["period"], date.fromisoformat(line["posted_on"]),
                                    int(line["amount_fen"]), line["voucher_no"]) for line in certificate.lines),
        verify_url=verify_url(services, certificate), style=certificate.style, title=certificate.title,
        treasury_confirmed=services.profile(certificate.region).certificate.requires_treasury_entry,
        issued_at=certificate.created_at)


async def make(services: Services, certificate_id: int) -> bool:
    """Render, sign and keep one certificate's PDF and album image (idempotent)."""
    certificate = await Certificate.get(id=certificate_id)
    if certificate.state != CertificateState.MAKING:
        return False
    # off the worker's event loop; several at once in one process (pdfs.making says how)
    pdf, png = await make_certificate(certificate_data(services, certificate), signer_for(services.settings))
    made = await CERTIFICATE.move(certificate.id, CertificateState.READY, actor="system:certificates", action="made",
                                  pdf=pdf, png=png, pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                                  made_at=clock.now())
    return made is not None


async def making_too_long(services: Services, older_than: timedelta = timedelta(minutes=5)) -> int:
    """The sweep: certificates still 正在制作 a while after they were asked for (a lost job, or one
    that ran out of retries) get their job again; making is idempotent."""
    stuck = await Certificate.filter(state=CertificateState.MAKING,
                                     created_at__lt=clock.now() - older_than).order_by("id").limit(200)
    for certificate in stuck:
        await services.queue.defer_certificate(certificate.id)
    return len(stuck)


