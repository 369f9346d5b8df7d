"""PAdES signatures (pyHanko) on certificates, and the album image (pypdfium2).

The signing key and its certificate chain come from PEM files; on the embedded default and in
tests a demo chain (a root "社保缴费 演示根证书" and a signing certificate it issues) is made once
and kept, like the WeChat Pay demo keys. Any PDF reader shows a changed document's signature as
broken; `validate` does the same check here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import io
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pypdfium2 as pdfium
from asn1crypto import algos, cms, tsp
from asn1crypto import keys as asn1_keys
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import parser as asn1_parser
from asn1crypto import x509 as asn1_x509
from asn1crypto.core import Asn1Value
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image, ImageChops
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.ades.report import AdESStatus
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation import DocumentSecurityStore
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.errors import NoDSSFoundError, SignatureValidationError
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule
from pyhanko_certvalidator.registry import SimpleCertificateStore, SimpleTrustManager

from config.key_files import directory_lock

ALBUM_WIDTH = 1080  # px: a phone screen's width; the height follows A4
ALBUM_COLOURS = 64
_Asn1T = TypeVar("_Asn1T", bound=Asn1Value)
SIGNATURE_BYTES = 16_384  # the CMS blob with a 2048- or 4096-bit key and a three-certificate chain fits


@dataclass(frozen=True)
class SigningKeys:
    """The signing key, its certificate (then any intermediates) and the trust root(s), as PEM.
    The demo chain adds what its sandbox authority signs with: the root's key (OCSP responses,
    CRLs) and the timestamp authority's key and certificate; production leaves them empty."""

    key_pem: bytes
    cert_pem: bytes
    root_pem: bytes
    root_key_pem: bytes = b""
    tsa_key_pem: bytes = b""
    tsa_cert_pem: bytes = b""
    ocsp_key_pem: bytes = b""
    ocsp_cert_pem: bytes = b""


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "社保缴费（演示）"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _usage(*, signing: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=signing, content_commitment=signing, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def _pem_key(key: RSAPrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


# The demo chain's lifetimes: the root outlives the timestamp authority, which outlives the signing
# certificate, so that a certificate still validates (PAdES B-LTA) after its signing certificate
# expired; a real chain is the CA's business.
DEMO_ROOT_DAYS, DEMO_TSA_DAYS, DEMO_SIGNING_DAYS = 25 * 365, 20 * 365, 5 * 365


def make_demo_keys() -> SigningKeys:
    """A demo root and what it issued: a document-signing certificate, a timestamp authority's and
    an OCSP responder's (sandbox only). The root's key signs the CRL."""
    now = datetime.now(UTC) - timedelta(days=1)
    # the authorities' keys are P-256 (made in a millisecond: the sandbox starts at once); the signing
    # key is RSA, as the bureau's is
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("社保缴费 演示根证书")
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=DEMO_ROOT_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_usage(ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    issuer_id = x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key())

    def issued(common: str, key: RSAPrivateKey | ec.EllipticCurvePrivateKey, days: int,
               usage: x509.ObjectIdentifier) -> x509.Certificate:
        builder = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(root_name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now).not_valid_after(now + timedelta(days=days))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(_usage(signing=True), critical=True)
                   .add_extension(x509.ExtendedKeyUsage([usage]), critical=usage == ExtendedKeyUsageOID.TIME_STAMPING)
                   .add_extension(issuer_id, critical=False))
        if usage == ExtendedKeyUsageOID.OCSP_SIGNING:  # the responder's own status is not asked (RFC 6960 4.2.2.2.1)
            builder = builder.add_extension(x509.OCSPNoCheck(), critical=False)
        return builder.sign(root_key, hashes.SHA256())

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = issued("国家税务总局 电子证明签章（演示）", key, DEMO_SIGNING_DAYS, ExtendedKeyUsageOID.EMAIL_PROTECTION)
    tsa_key = ec.generate_private_key(ec.SECP256R1())
    tsa = issued("社保缴费 演示时间戳服务", tsa_key, DEMO_TSA_DAYS, ExtendedKeyUsageOID.TIME_STAMPING)
    ocsp_key = ec.generate_private_key(ec.SECP256R1())
    responder = issued("社保缴费 演示 OCSP 响应服务", ocsp_key, DEMO_TSA_DAYS, ExtendedKeyUsageOID.OCSP_SIGNING)
    pem = serialization.Encoding.PEM
    return SigningKeys(_pem_key(key), cert.public_bytes(pem), root.public_bytes(pem), root_key_pem=_pem_key(root_key),
                       tsa_key_pem=_pem_key(tsa_key), tsa_cert_pem=tsa.public_bytes(pem),
                       ocsp_key_pem=_pem_key(ocsp_key), ocsp_cert_pem=responder.public_bytes(pem))


DEMO_FILES = {"key_pem": "certificate_signing_key.pem", "cert_pem": "certificate_signing_cert.pem",
              "root_pem": "certificate_signing_root.pem", "root_key_pem": "certificate_demo_root_key.pem",
              "tsa_key_pem": "certificate_demo_tsa_key.pem", "tsa_cert_pem": "certificate_demo_tsa_cert.pem",
              "ocsp_key_pem": "certificate_demo_ocsp_key.pem", "ocsp_cert_pem": "certificate_demo_ocsp_cert.pem"}


def load_or_create_demo_keys(directory: Path) -> SigningKeys:
    with directory_lock(directory):
        return _load_or_create(directory)


def _load_or_create(directory: Path) -> SigningKeys:
    files = {field: directory / name for field, name in DEMO_FILES.items()}
    if all(f.exists() for f in files.values()):
        return SigningKeys(**{field: f.read_bytes() for field, f in files.items()})
    made = make_demo_keys()  # all anew (a chain from before the timestamp authority is replaced whole)
    directory.mkdir(parents=True, exist_ok=True)
    for field, f in files.items():
        f.write_bytes(getattr(made, field))
        if field.endswith("key_pem"):
            f.chmod(0o600)
    return made


def reparsed(value: _Asn1T) -> _Asn1T:
    """`value` parsed back from its own DER (the same bytes). asn1crypto re-encodes a value built in Python (and all
    it holds) on every dump, however often it is dumped; a parsed one keeps its bytes. pyHanko dumps
    the signed attributes and the signer info several times per signature: ~10 ms of a certificate."""
    return type(value).load(value.dump())


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner, with what it builds anew for every signature built once or kept as
    parsed DER (the same bytes, see `reparsed`): it loads the private key again for every
    signature (cryptography then re-checks the RSA key: ~35 ms); this one loads it once. The signed
    attributes (content type, message digest, signing-certificate-v2) differ between signatures
    only in the digest: they are made by pyHanko once per kind and the digest put in its place."""

    def __init__(self, *args: Any, private_key: RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._private_key = private_key
        self._attr_templates: dict[tuple[Any, ...], tuple[bytes, bytes] | None] = {}

    async def signed_attrs(self, data_digest: bytes, digest_algorithm: str, attr_settings: Any = None,
                           content_type: str = "data", use_pades: bool = False, timestamper: Any = None,
                           dry_run: bool = False, is_pdf_sig: bool = True) -> cms.CMSAttributes:
        # what shapes the attributes, but the signing time: a PAdES signature leaves it out (the
        # check below turns the template down should it be in)
        shape = None if attr_settings is None else repr(dataclasses.replace(attr_settings, signing_time=None))
        key = (digest_algorithm, content_type, use_pades, is_pdf_sig, dry_run, len(data_digest), shape)
        if key not in self._attr_templates:
            marker = hashlib.sha512(b"certificate signed attributes template").digest()[:len(data_digest)]
            made = (await super().signed_attrs(marker, digest_algorithm, attr_settings, content_type, use_pades,
                                               timestamper, dry_run, is_pdf_sig)).dump()
            kinds = {a["type"].native for a in cms.CMSAttributes.load(made)}
            # only what is the same for every signature but the digest (no signing time, no content timestamp)
            fixed = kinds <= {"content_type", "message_digest", "signing_certificate_v2", "cms_algorithm_protection"}
            at = made.find(marker)
            self._attr_templates[key] = (made[:at], made[at + len(marker):]) if (
                fixed and made.count(marker) == 1) else None
        template = self._attr_templates[key]
        if template is None:
            return reparsed(await super().signed_attrs(data_digest, digest_algorithm, attr_settings, content_type,
                                                        use_pades, timestamper, dry_run, is_pdf_sig))
        return cms.CMSAttributes.load(template[0] + data_digest + template[1])

    async def unsigned_attrs(self, digest_algorithm: str, signature: bytes, signed_attrs: cms.CMSAttributes,
                             timestamper: Any = None, dry_run: bool = False) -> cms.CMSAttributes | None:
        attrs = await super().unsigned_attrs(digest_algorithm, signature, signed_attrs, timestamper, dry_run)
        return None if attrs is None else reparsed(attrs)

    def signer_info(self, digest_algorithm: str, signed_attrs: Any, signature: Any) -> cms.SignerInfo:
        return reparsed(super().signer_info(digest_algorithm, signed_attrs, signature))

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)  # type: ignore[no-any-return]
        return self._private_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


class TrustServices:
    """The timestamp authority (RFC 3161) and the OCSP responder the signer asks, over HTTP with
    kept-alive connections; `transport`: httpx's, e.g. the sandbox authority in process.

    OCSP responses for the certificates a signature relies on (the signing certificate, any
    intermediate, the timestamp authority's) are kept until half their validity has passed: every
    certificate made meanwhile embeds the same ones. Blocking: called on the job's thread, one
    signature at a time (`CertificateSigner`)."""

    def __init__(self, tsa_url: str, ocsp_url: str = "", *, timeout: float = 10.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.tsa_url, self.ocsp_url = tsa_url, ocsp_url
        # httpx's transport (its connection pool) without the client around it: cookies, redirects
        # and auth are nothing to a timestamp authority, and cost more than the stamp itself
        self.transport = transport or httpx.HTTPTransport()
        self._timeout = httpx.Timeout(timeout).as_dict()
        self._ocsp: dict[bytes, tuple[asn1_ocsp.OCSPResponse, datetime]] = {}

    def _post(self, url: str, body: bytes, content_type: str) -> tuple[int, str, bytes]:
        """The status, content type and body of a POST (down, refused, timed out: the job retries later)."""
        request = httpx.Request("POST", url, content=body, headers={"Content-Type": content_type},
                                extensions={"timeout": self._timeout})
        try:
            r = self.transport.handle_request(request)
            try:
                return r.status_code, r.headers.get("content-type", ""), r.read()
            finally:
                r.close()
        except httpx.HTTPError as exc:
            raise TrustServiceError(f"{url}: {exc.__class__.__name__}") from exc

    def timestamp(self, request: bytes) -> bytes:
        status, content_type, content = self._post(self.tsa_url, request, "application/timestamp-query")
        if status != 200 or content_type != "application/timestamp-reply":
            raise TrustServiceError(f"timestamp authority {self.tsa_url} answered HTTP {status}")
        refusal = _refusal(content)
        if refusal:
            raise TrustServiceError(f"timestamp authority {self.tsa_url}: {refusal}")
        return content

    def ocsp_for(self, cert: asn1_x509.Certificate, issuer: asn1_x509.Certificate) -> asn1_ocsp.OCSPResponse:
        """A fresh OCSP response for `cert` (kept until half its validity has passed)."""
        kept = self._ocsp.get(cert.sha256)
        if kept is not None and datetime.now(UTC) < kept[1]:
            return kept[0]
        response = self._fetch_ocsp(cert, issuer)
        single = response.basic_ocsp_response["tbs_response_data"]["responses"][0]
        this_update = single["this_update"].native
        next_update = single["next_update"].native or this_update + timedelta(minutes=10)
        self._ocsp[cert.sha256] = (response, this_update + (next_update - this_update) / 2)
        return response

    def _fetch_ocsp(self, cert: asn1_x509.Certificate, issuer: asn1_x509.Certificate) -> asn1_ocsp.OCSPResponse:
        url = self.ocsp_url or next(iter(cert.ocsp_urls), "")
        if not url:
            raise TrustServiceError(f"no OCSP responder for {cert.subject.human_friendly}: set certificate_ocsp_url")
        cert_id = asn1_ocsp.CertId({
            "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha1"}),
            "issuer_name_hash": cert.issuer.sha1, "issuer_key_hash": issuer.public_key.sha1,
            "serial_number": cert.serial_number})
        request = asn1_ocsp.OCSPRequest({"tbs_request": asn1_ocsp.TBSRequest({
            "request_list": asn1_ocsp.Requests([asn1_ocsp.Request({"req_cert": cert_id})])})})
        status, _, content = self._post(url, request.dump(), "application/ocsp-request")
        if status != 200:
            raise TrustServiceError(f"OCSP responder {url} answered HTTP {status}")
        response = asn1_ocsp.OCSPResponse.load(content)
        if response["response_status"].native != "successful":
            raise TrustServiceError(f"OCSP responder {url}: {response['response_status'].native}")
        status_name = response.basic_ocsp_response["tbs_response_data"]["responses"][0]["cert_status"].name
        if status_name != "good":
            raise TrustServiceError(f"OCSP responder {url}: {cert.subject.human_friendly} is {status_name}")
        return response

    def close(self) -> None:
        self.transport.close()


_GRANTED = {"granted", "granted_with_mods"}


def _refusal(answer: bytes) -> str:
    """Why a TimeStampResp carries no token ("" when granted). Read from its PKIStatusInfo alone:
    asn1crypto's TimeStampResp cannot be parsed without the token, which RFC 3161 leaves out of
    a refusal."""
    try:
        outer = asn1_parser.parse(answer, strict=True)
        first = asn1_parser.parse(outer[4])
        status = tsp.PKIStatusInfo.load(first[3] + first[4])
        kind = status["status"].native
    except (ValueError, TypeError, KeyError):
        return "its answer is not a TimeStampResp"
    if kind in _GRANTED:
        return ""
    why = ", ".join(sorted(status["fail_info"].native or ()))
    return f"{kind}{f' ({why})' if why else ''}"


class TrustServiceError(RuntimeError):
    """The timestamp authority or the OCSP responder did not answer as needed (the job retries)."""


class _Timestamper(TimeStamper):
    """pyHanko's RFC 3161 client on our kept-alive connections (pyHanko's own opens one per stamp).
    The signer's lock (held by the signing thread) is let go for the round trip: another
    certificate is signed meanwhile, and a far timestamp authority does not hold the others up."""

    def __init__(self, services: TrustServices, signing: threading.Lock) -> None:
        super().__init__(include_nonce=True)
        self.services = services
        self._signing = signing

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        request = req.dump()
        self._signing.release()  # the round trip touches nothing the signatures share
        try:
            answer = self.services.timestamp(request)
        finally:
            self._signing.acquire()
        return tsp.TimeStampResp.load(answer)


@dataclass(frozen=True)
class SignatureReport:
    """What a reader's software would say of a certificate PDF's signature."""

    intact: bool  # the signed bytes are unchanged, the signature covers the whole document
    trusted: bool  # signed by our chain, valid (PAdES B-LTA: also after the signing certificate expired)
    level: str  # "B-LTA", "B-T", "B-B", or "" when unsigned
    signer: str  # the signing certificate's subject
    signed_at: datetime | None  # the signature timestamp's time (the TSA's, not the signer's claim)
    archived_at: datetime | None  # the last document timestamp's time

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted


class CertificateSigner:
    """Signs certificate PDFs as PAdES B-LTA: the CMS signature with the signing certificate and its
    chain, an RFC 3161 signature timestamp, the chain's OCSP responses in the document security
    store (DSS), then a document timestamp over all of it. Once the signing certificate expires
    or is revoked, the timestamps and the embedded OCSP responses still show it was valid when
    the document was signed."""

    def __init__(self, keys: SigningKeys, trust: TrustServices) -> None:
        self.keys = keys
        self.trust = trust
        certs = list(load_certs_from_pemder_data(keys.cert_pem))
        roots = list(load_certs_from_pemder_data(keys.root_pem))
        key: asn1_keys.PrivateKeyInfo = load_private_key_from_pemder_data(keys.key_pem, passphrase=None)
        private_key = serialization.load_pem_private_key(keys.key_pem, password=None)
        if not isinstance(private_key, RSAPrivateKey):
            raise ValueError("the certificate signing key must be RSA")
        self._chain = certs
        self._signer = _KeptKeySigner(signing_cert=certs[0], signing_key=key, private_key=private_key,
                                      cert_registry=SimpleCertificateStore.from_certs([*certs, *roots]))
        self.roots: list[asn1_x509.Certificate] = roots
        self._signing = threading.Lock()  # held while a signature works on what they share; not across round trips
        self._timestamper = _Timestamper(trust, self._signing)
        self._checked: tuple[bytes, ...] | None = None  # the OCSP answers the chain was last validated with
        self._issuers: tuple[tuple[bytes, ...], list[tuple[asn1_x509.Certificate, asn1_x509.Certificate]]] | None = None
        self._meta = signers.PdfSignatureMetadata(
            field_name="TaxBureauSignature", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason="社会保险费完税证明", location="中国")

    def _issuer_of(self, cert: asn1_x509.Certificate, known: list[asn1_x509.Certificate]) -> asn1_x509.Certificate:
        for candidate in known:
            if candidate.subject == cert.issuer and candidate.sha256 != cert.sha256:
                return candidate
        raise TrustServiceError(f"no issuer of {cert.subject.human_friendly} in the signing chain")

    async def _revocation_data(self, tsa_certs: list[asn1_x509.Certificate]
                               ) -> tuple[list[asn1_x509.Certificate], list[asn1_ocsp.OCSPResponse]]:
        """The certificates and OCSP answers every signature's DSS carries: our chain's and the
        timestamp authority's. Checked by pyHanko's validator (trusted by our roots, usable, not
        revoked per the answers) when the answers change, not for every certificate made."""
        known = [*self._chain, *tsa_certs, *self.roots]
        tsa_key = tuple(c.sha256 for c in tsa_certs)
        if self._issuers is None or self._issuers[0] != tsa_key:  # who issued whom: the same for every signature
            root_hashes = {r.sha256 for r in self.roots}
            self._issuers = (tsa_key, [(c, self._issuer_of(c, known)) for c in [*self._chain, *tsa_certs]
                                       if c.sha256 not in root_hashes])
        ocsps = [self.trust.ocsp_for(cert, issuer) for cert, issuer in self._issuers[1]]
        key = tuple(hashlib.sha256(o.dump()).digest() for o in ocsps)
        if self._checked != key:
            context = ValidationContext(trust_roots=self.roots, other_certs=known, ocsps=ocsps, allow_fetching=False,
                                        revocation_mode="hard-fail")
            try:
                await CertificateValidator(self._chain[0], intermediate_certs=self._chain[1:],
                                           validation_context=context).async_validate_usage({"digital_signature"})
                for tsa in tsa_certs:
                    await CertificateValidator(tsa, validation_context=context).async_validate_usage(
                        set(), {"time_stamping"})
            except (PathValidationError, PathBuildingError) as exc:
                raise TrustServiceError(f"the signing chain does not validate: {exc}") from exc
            self._checked = key
        return known, ocsps

    def sign(self, pdf: bytes) -> bytes:
        """Blocking (two timestamp round trips, and OCSP when the kept answers are old): call it
        off the event loop. Safe from any thread: the signatures share pyHanko's and asn1crypto's
        objects (the chain, the kept OCSP answers), so one works on them at a time; while one
        waits for the timestamp authority, another goes on."""
        with self._signing:
            loop = asyncio.new_event_loop()  # not asyncio.run: it sets and resets SIGINT's handler each time
            try:
                return loop.run_until_complete(self._sign(pdf))
            finally:
                loop.close()

    async def _sign(self, pdf: bytes) -> bytes:
        dummy = await self._timestamper.async_dummy_response("sha256")  # once: the TSA's certificates
        tsa_certs = [c.chosen for c in dummy["content"]["certificates"] if isinstance(c.chosen, asn1_x509.Certificate)]
        certs, ocsps = await self._revocation_data(tsa_certs)
        # 1. the signature with its RFC 3161 timestamp (PAdES B-T)
        signed = await signers.PdfSigner(self._meta, signer=self._signer, timestamper=self._timestamper).async_sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)), bytes_reserved=SIGNATURE_BYTES)  # no trial signature
        # 2. in one more revision: the DSS (B-LT), then the document timestamp over every byte (B-LTA)
        writer = IncrementalPdfFileWriter(signed)
        DocumentSecurityStore.supply_dss_in_writer(writer, sig_contents=None, certs=certs, ocsps=ocsps)
        out = await signers.PdfTimeStamper(self._timestamper, field_name="TaxBureauArchiveTimestamp"
                                           ).async_timestamp_pdf(writer, "sha256", timestamper=self._timestamper)
        return out.getvalue()  # type: ignore[no-any-return]

    def validate(self, pdf: bytes, at: datetime | None = None) -> bool:
        """Whether the PDF carries our intact signature over the whole document, by our chain
        (off an event loop; `validate_async` inside one)."""
        return asyncio.run(self.validate_async(pdf, at))

    async def validate_async(self, pdf: bytes, at: datetime | None = None) -> bool:
        return (await self.report_async(pdf, at)).valid

    async def report_async(self, pdf: bytes, at: datetime | None = None) -> SignatureReport:
        """The signature's report, judged at `at` (now by default) with nothing fetched: what the
        document carries (its DSS and timestamps) must be enough, as it will be in decades."""
        return await verify_signature(pdf, self.roots, at)


def _dss_present(reader: PdfFileReader) -> bool:
    try:
        DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return False
    return True


def _validation_spec(roots: list[asn1_x509.Certificate]) -> PdfSignatureValidationSpec:
    """Trusting `roots` only, revocation checked wherever a certificate declares it can be, from
    what the document carries (nothing fetched)."""
    return PdfSignatureValidationSpec(SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(trust_roots=roots),
            revinfo_policy=CertRevTrustPolicy(RevocationCheckingPolicy(
                ee_certificate_rule=RevocationCheckingRule.CHECK_IF_DECLARED,
                intermediate_ca_cert_rule=RevocationCheckingRule.CHECK_IF_DECLARED))),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH)))


async def verify_signature(pdf: bytes, roots: list[asn1_x509.Certificate], at: datetime | None = None
                           ) -> SignatureReport:
    """PAdES validation of the document's signature by `roots` (ETSI EN 319 102-1 long-term
    validation, pyHanko's), judged at `at` (now by default) from what the document carries."""
    none = SignatureReport(False, False, "", "", None, None)
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_regular_signatures
        stamps = reader.embedded_timestamp_signatures
    except (PdfReadError, ValueError, KeyError, TypeError):
        return none
    if not signatures:
        return none
    signature = signatures[0]
    timing = ValidationTimingInfo.now() if at is None else ValidationTimingInfo(
        validation_time=at, best_signature_time=at, point_in_time_validation=True)  # e.g. decades on (tests)
    try:
        result = await ades_lta_validation(signature, _validation_spec(roots), timing_info=timing)
    except (PdfReadError, ValueError, KeyError, TypeError, SignatureValidationError):
        return dataclasses.replace(none, level="B-B")
    status = result.api_status
    last = (stamps or signatures)[-1]
    intact = bool(status is not None and status.intact and status.valid and
                  last.evaluate_signature_coverage().name == "ENTIRE_FILE" and
                  (status.coverage is not None and status.coverage.name in ("ENTIRE_FILE", "ENTIRE_REVISION")) and
                  (status.modification_level is None or status.modification_level.name in ("NONE", "LTA_UPDATES")))
    passed = result.ades_subindic.status == AdESStatus.PASSED
    signature_ts = status.timestamp_validity if status is not None else None
    unsigned = signature.signer_info["unsigned_attrs"]
    stamped = unsigned.native is not None and any(
        a["type"].native == "signature_time_stamp_token" for a in unsigned)
    level = "B-B" if not stamped else "B-T" if not _dss_present(reader) else "B-LT" if not stamps else "B-LTA"
    return SignatureReport(
        intact=intact, trusted=intact and passed, level=level, signer=signature.signer_cert.subject.human_friendly,
        signed_at=signature_ts.timestamp if signature_ts is not None else None,
        archived_at=stamps[-1].self_reported_timestamp if stamps else None)


# PDFium is not thread-safe, not even across documents: one caller at a time per process
_PDFIUM = threading.Lock()


def album_png(pdf: bytes, width: int = ALBUM_WIDTH) -> bytes:
    """The first page as a PNG a phone saves to its album: rendered by pypdfium2 (straight to RGB),
    cut below the content (an A4 page is mostly empty under a short certificate; a phone shows it
    whole), encoded by Pillow in a palette of ALBUM_COLOURS: black text, the red seal and their
    anti-aliased edges need no more (the same to the eye; a third of the bytes, twice as fast to
    encode as full colour). Safe from any thread."""
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            bitmap = page.render(scale=width / page.get_width(), may_draw_forms=True, rev_byteorder=True,
                                 prefer_bgrx=False)
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
    image.quantize(colors=ALBUM_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        out, format="PNG", compress_level=1)
    return out.getvalue()
