"""PAdES signatures (pyHanko) on certificates, and the album image (pypdfium2).

The signing key and its certificate chain come from PEM files; on the embedded default and in
tests a demo chain (a root "社保缴费 演示根证书" and a signing certificate it issues) is made once
and kept, like the WeChat Pay demo keys. Any PDF reader shows a changed document's signature as
broken; `validate` does the same check here.
"""

from __future__ import annotations

import asyncio
import io
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import ImageChops
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from config.key_files import directory_lock

ALBUM_WIDTH = 1080  # px: a phone screen's width; the height follows A4
SIGNATURE_BYTES = 16_384  # the CMS blob with a 2048- or 4096-bit key and a three-certificate chain fits


@dataclass(frozen=True)
class SigningKeys:
    key_pem: bytes
    cert_pem: bytes
    root_pem: bytes


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "社保缴费（演示）"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_demo_keys() -> SigningKeys:
    """A demo root and a document-signing certificate it issued (sandbox only)."""
    now = datetime.now(UTC) - timedelta(days=1)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("社保缴费 演示根证书")
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(root_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder().subject_name(_name("国家税务总局 电子证明签章（演示）")).issuer_name(root_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=1825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .sign(root_key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return SigningKeys(key_pem, cert.public_bytes(serialization.Encoding.PEM),
                       root.public_bytes(serialization.Encoding.PEM))


def load_or_create_demo_keys(directory: Path) -> SigningKeys:
    with directory_lock(directory):
        return _load_or_create(directory)


def _load_or_create(directory: Path) -> SigningKeys:
    files = {name: directory / f"certificate_signing_{name}.pem" for name in ("key", "cert", "root")}
    if all(f.exists() for f in files.values()):
        return SigningKeys(*(files[n].read_bytes() for n in ("key", "cert", "root")))
    made = make_demo_keys()
    directory.mkdir(parents=True, exist_ok=True)
    for name, value in (("key", made.key_pem), ("cert", made.cert_pem), ("root", made.root_pem)):
        files[name].write_bytes(value)
        if name == "key":
            files[name].chmod(0o600)
    return made


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner loads the private key again for every signature (cryptography then
    re-checks the RSA key: ~35 ms); this one loads it once."""

    def __init__(self, *args: Any, private_key: RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)  # type: ignore[no-any-return]
        return self._private_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


class CertificateSigner:
    """Signs certificate PDFs (PAdES B-B: CMS with the signing certificate and its chain)."""

    def __init__(self, keys: SigningKeys) -> None:
        self.keys = keys
        certs = list(load_certs_from_pemder_data(keys.cert_pem))
        roots = list(load_certs_from_pemder_data(keys.root_pem))
        key: asn1_keys.PrivateKeyInfo = load_private_key_from_pemder_data(keys.key_pem, passphrase=None)
        private_key = serialization.load_pem_private_key(keys.key_pem, password=None)
        if not isinstance(private_key, RSAPrivateKey):
            raise ValueError("the certificate signing key must be RSA")
        self._signer = _KeptKeySigner(signing_cert=certs[0], signing_key=key, private_key=private_key,
                                      cert_registry=SimpleCertificateStore.from_certs([*certs, *roots]))
        self.roots: list[asn1_x509.Certificate] = roots
        self._meta = signers.PdfSignatureMetadata(
            field_name="TaxBureauSignature", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason="社会保险费完税证明", location="中国")

    def sign(self, pdf: bytes) -> bytes:
        out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), self._meta, signer=self._signer,
                               bytes_reserved=SIGNATURE_BYTES)  # no trial signature to size the placeholder
        return out.getvalue()  # type: ignore[no-any-return, union-attr]

    def validate(self, pdf: bytes) -> bool:
        """Whether the PDF carries our intact signature over the whole document, by our chain
        (off an event loop; `validate_async` inside one)."""
        return asyncio.run(self.validate_async(pdf))

    async def validate_async(self, pdf: bytes) -> bool:
        reader = PdfFileReader(io.BytesIO(pdf))
        if not reader.embedded_signatures:
            return False
        status = await async_validate_pdf_signature(reader.embedded_signatures[-1],
                                                    ValidationContext(trust_roots=self.roots, allow_fetching=False))
        coverage = status.coverage.name if status.coverage is not None else ""
        return bool(status.intact and status.valid and status.trusted and coverage == "ENTIRE_FILE")


# PDFium is not thread-safe, not even across documents: one caller at a time per process
_PDFIUM = threading.Lock()


def album_png(pdf: bytes, width: int = ALBUM_WIDTH) -> bytes:
    """The first page as a PNG a phone saves to its album: rendered by pypdfium2, cut below the
    content (an A4 page is mostly empty under a short certificate; a phone shows it whole),
    encoded by Pillow. Safe from any thread."""
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            bitmap = page.render(scale=width / page.get_width(), may_draw_forms=True)
            image = bitmap.to_pil().copy()  # our own pixels: PDFium's buffer is freed right below
            bitmap.close()
            page.close()
        finally:
            document.close()
    content = ImageChops.invert(image.convert("L")).getbbox()
    if content is not None:
        margin = content[1]  # as much white below as above
        image = image.crop((0, 0, image.width, min(image.height, content[3] + margin)))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
