"""The demo chain's timestamp authority (RFC 3161), OCSP responder (RFC 6960) and CRL, built on
certomancer's services (by pyHanko's author): what a real CA and TSA are to the production signer.

Served by the sandbox process beside the other simulators (`/trust/tsa`, `/trust/ocsp`,
`/trust/crl`); `transport()` serves the same in process to an httpx client (unit tests)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from asn1crypto import algos, cms, core, keys, ocsp, tsp, x509
from asn1crypto import crl as asn1_crl
from certomancer import crypto_utils
from certomancer.services import (
    CRLBuilder,
    RevocationInfoInterface,
    SimpleOCSPResponder,
    TimeStamper,
    choose_signed_digest,
    get_nonce,
    simple_cms_attribute,
)
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

from pdfs.signing import CertificateSigner, SigningKeys, TrustServices, make_demo_keys, reparsed

OCSP_VALIDITY = timedelta(hours=1)
CRL_VALIDITY = timedelta(days=1)


class _KeptKeysBackend(crypto_utils.PycaCryptographyBackend):
    """certomancer's signing backend (pluggable: `crypto_utils.CRYPTO_BACKEND`) loads the private key
    again for every signature, and cryptography re-checks an RSA key each time (~30 ms); this one
    keeps each loaded key."""

    def __init__(self) -> None:
        self._loaded: dict[bytes, RSAPrivateKey] = {}

    def generic_sign(self, private_key: keys.PrivateKeyInfo, tbs_bytes: bytes,
                     sd_algo: algos.SignedDigestAlgorithm) -> bytes:
        if sd_algo.signature_algo != "rsassa_pkcs1v15":
            return super().generic_sign(private_key, tbs_bytes, sd_algo)  # type: ignore[no-any-return]
        der = private_key.dump()
        key = self._loaded.get(der)
        if key is None:
            loaded = serialization.load_der_private_key(der, password=None)
            assert isinstance(loaded, RSAPrivateKey)
            key = self._loaded[der] = loaded
        return key.sign(tbs_bytes, PKCS1v15(), getattr(hashes, sd_algo.hash_algo.upper())())


class _QuickTimeStamper(TimeStamper):
    """certomancer's timestamp authority, its token the same (RFC 3161: TSTInfo signed with the
    content type, signing time, ESS signing certificate and message digest, the TSA's certificate
    embedded), with what is the same for every token built once and kept parsed: certomancer
    builds it all anew per token, and asn1crypto then re-encodes it several times (~3 ms a stamp)."""

    def __init__(self, tsa_cert: x509.Certificate, tsa_key: keys.PrivateKeyInfo) -> None:
        super().__init__(tsa_cert, tsa_key)
        self._digest_algorithm = reparsed(algos.DigestAlgorithm({"algorithm": self.md_algorithm}))
        self._tsa_name = reparsed(x509.GeneralName(name="directory_name", value=tsa_cert.subject))
        self._content_type = reparsed(simple_cms_attribute("content_type", "tst_info"))
        self._signing_certificate = reparsed(simple_cms_attribute("signing_certificate", tsp.SigningCertificate(
            {"certs": [tsp.ESSCertID({"cert_hash": hashlib.sha1(tsa_cert.dump()).digest()})]})))
        self._sid = reparsed(cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": tsa_cert.issuer, "serial_number": tsa_cert.serial_number})}))
        self._signature_algorithm = reparsed(self.signature_algo)
        self._certificates = reparsed(cms.CertificateSet([cms.CertificateChoices(name="certificate", value=tsa_cert)]))

    def request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        dt = datetime.now(UTC)
        tst_info: dict[str, object] = {
            "version": "v1", "policy": self.policy, "message_imprint": req["message_imprint"],
            "serial_number": get_nonce(), "gen_time": dt, "tsa": self._tsa_name}
        if isinstance(req["nonce"], core.Integer):
            tst_info["nonce"] = req["nonce"]
        tst_info_data = tsp.TSTInfo(tst_info).dump()
        signed_attrs = reparsed(cms.CMSAttributes([
            self._content_type, simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
            self._signing_certificate,
            simple_cms_attribute("message_digest", getattr(hashlib, self.md_algorithm)(tst_info_data).digest())]))
        signer_info = cms.SignerInfo({
            "version": "v1", "sid": self._sid, "digest_algorithm": self._digest_algorithm,
            "signature_algorithm": self._signature_algorithm, "signed_attrs": signed_attrs,
            "signature": crypto_utils.generic_sign(self.tsa_key, signed_attrs.dump(), self.signature_algo)})
        token = cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData({
            "version": "v3", "digest_algorithms": [self._digest_algorithm],
            "encap_content_info": {"content_type": "tst_info", "content": cms.ParsableOctetString(tst_info_data)},
            "certificates": self._certificates, "signer_infos": [signer_info]})})
        return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token})


class DemoTrustAuthority(RevocationInfoInterface):
    """The demo root's OCSP responder answers for what the root issued, the root signs its CRL, and
    the demo TSA stamps.
    `revoke(serial)` makes a certificate revoked from then on (tests)."""

    def __init__(self, keys: SigningKeys) -> None:
        if not (keys.root_key_pem and keys.tsa_key_pem and keys.tsa_cert_pem and keys.ocsp_key_pem):
            raise ValueError("the sandbox authority needs the demo chain (its root key and timestamp authority)")
        self.root = next(iter(load_certs_from_pemder_data(keys.root_pem)))
        self.root_key = load_private_key_from_pemder_data(keys.root_key_pem, passphrase=None)
        self.tsa = next(iter(load_certs_from_pemder_data(keys.tsa_cert_pem)))
        self.stamper = _QuickTimeStamper(self.tsa, load_private_key_from_pemder_data(keys.tsa_key_pem, passphrase=None))
        self.responder = next(iter(load_certs_from_pemder_data(keys.ocsp_cert_pem)))
        self.responder_key = load_private_key_from_pemder_data(keys.ocsp_key_pem, passphrase=None)
        self.signature_algo = choose_signed_digest("sha256", self.root.public_key)
        self.revoked: dict[int, datetime] = {}
        self.calls = {"tsa": 0, "ocsp": 0, "crl": 0}
        self.down = False  # tests: every service answers 503
        self.refusing = False  # tests: the timestamp authority turns every request down (systemFailure)
        if not isinstance(crypto_utils.CRYPTO_BACKEND, _KeptKeysBackend):
            crypto_utils.CRYPTO_BACKEND = _KeptKeysBackend()
        self._lock = threading.Lock()

    def revoke(self, serial: int, at: datetime | None = None) -> None:
        self.revoked[serial] = at or datetime.now(UTC)

    # RevocationInfoInterface (certomancer's OCSP responder asks these)
    def get_issuer_cert(self) -> x509.Certificate:
        return self.root

    def check_revocation_status(self, cid: ocsp.CertId, at_time: datetime
                                ) -> tuple[ocsp.CertStatus, list[ocsp.SingleResponseExtension]]:
        revoked_at = self.revoked.get(cid["serial_number"].native)
        if revoked_at is not None and revoked_at <= at_time:
            return ocsp.CertStatus(name="revoked", value=ocsp.RevokedInfo(
                {"revocation_time": revoked_at, "revocation_reason": "key_compromise"})), []
        return ocsp.CertStatus(name="good", value=None), []

    def timestamp(self, body: bytes) -> bytes | None:
        """The TimeStampResp for a TimeStampReq; None for a body that is not one (HTTP 400)."""
        self.calls["tsa"] += 1
        try:
            request = tsp.TimeStampReq.load(body)
            request["message_imprint"]["hashed_message"].native  # noqa: B018 - parsed here, not in the stamper
        except (ValueError, TypeError, KeyError):
            return None
        if self.refusing:  # RFC 3161 leaves the token out (asn1crypto's TimeStampResp cannot, hence by hand)
            status = tsp.PKIStatusInfo({"status": "rejection", "fail_info": {"system_failure"}})
            return core.Sequence(contents=status.dump()).dump()  # type: ignore[no-any-return]
        with self._lock:
            return self.stamper.request_tsa_response(request).dump()  # type: ignore[no-any-return]

    def ocsp(self, body: bytes) -> bytes:
        self.calls["ocsp"] += 1
        responder = SimpleOCSPResponder(self.responder, self.responder_key, self.signature_algo,
                                        at_time=datetime.now(UTC), revinfo_interface=self, validity=OCSP_VALIDITY)
        return responder.build_ocsp_response(ocsp.OCSPRequest.load(body)).dump()  # type: ignore[no-any-return]

    def crl(self) -> bytes:
        self.calls["crl"] += 1
        now = datetime.now(UTC).replace(microsecond=0)
        builder = CRLBuilder(self.root.subject, self.root_key, self.signature_algo,
                             authority_key_identifier=self.root.key_identifier_value)
        revoked = [builder.format_revoked_cert(serial, asn1_crl.CRLReason("key_compromise"), at)
                   for serial, at in sorted(self.revoked.items())]
        return builder.build_crl(int(now.timestamp()), now, now + CRL_VALIDITY, revoked).dump()  # type: ignore[no-any-return]

    def transport(self) -> httpx.MockTransport:
        """The same answers to an httpx client in process (any host; the path picks the service)."""

        def handle(request: httpx.Request) -> httpx.Response:
            path = request.url.path
            if self.down:
                return httpx.Response(503)
            if path.endswith("/trust/tsa"):
                stamp = self.timestamp(request.content)
                if stamp is None:
                    return httpx.Response(400, text="not a TimeStampReq")
                return httpx.Response(200, content=stamp, headers={"Content-Type": "application/timestamp-reply"})
            if path.endswith("/trust/ocsp"):
                return httpx.Response(200, content=self.ocsp(request.content),
                                      headers={"Content-Type": "application/ocsp-response"})
            if path.endswith("/trust/crl"):
                return httpx.Response(200, content=self.crl(), headers={"Content-Type": "application/pkix-crl"})
            return httpx.Response(404)

        return httpx.MockTransport(handle)


def create_trust_sandbox_blueprint(authority: DemoTrustAuthority | Callable[[], DemoTrustAuthority]) -> Blueprint:
    """`authority`, or what makes it at the first request (the demo chain is made or read then,
    not while the sandbox starts)."""
    bp = Blueprint("trust_sandbox", url_prefix="/trust")
    made: list[DemoTrustAuthority] = [authority] if isinstance(authority, DemoTrustAuthority) else []

    def the() -> DemoTrustAuthority:
        if not made:
            assert callable(authority)
            made.append(authority())
        return made[0]

    @bp.post("/tsa")
    async def tsa(request: Request) -> HTTPResponse:
        if request.content_type != "application/timestamp-query":
            return response.text("Content-Type: application/timestamp-query", status=415)
        stamp = the().timestamp(request.body)
        if stamp is None:
            return response.text("not a TimeStampReq", status=400)
        return response.raw(stamp, content_type="application/timestamp-reply")

    @bp.post("/ocsp")
    async def ocsp_post(request: Request) -> HTTPResponse:
        return response.raw(the().ocsp(request.body), content_type="application/ocsp-response")

    @bp.get("/crl")
    async def crl(request: Request) -> HTTPResponse:
        return response.raw(the().crl(), content_type="application/pkix-crl")

    return bp


def in_process_signer(keys: SigningKeys | None = None) -> tuple[CertificateSigner, DemoTrustAuthority]:
    """A signer on a demo chain whose timestamp authority and OCSP responder answer in process
    (tests and tools that have no sandbox process)."""
    keys = keys or make_demo_keys()
    authority = DemoTrustAuthority(keys)
    trust = TrustServices("http://trust.sandbox/trust/tsa", "http://trust.sandbox/trust/ocsp",
                          transport=authority.transport())
    return CertificateSigner(keys, trust), authority
