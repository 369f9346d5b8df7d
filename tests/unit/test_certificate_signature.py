"""Certificates verifiable for decades: PAdES B-LTA (a signature timestamp, the chain's OCSP
answers in the DSS, a document timestamp over all), still valid after the signing certificate
expired, broken by any changed byte; the sandbox authority (certomancer) answering over HTTP."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import shutil
import socket
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import DocumentSecurityStore

from pdfs.certificate import CertificateData, render_pdf
from pdfs.making import make_certificate
from pdfs.signing import (
    CertificateSigner,
    SignatureReport,
    TrustServiceError,
    TrustServices,
    make_demo_keys,
    verify_signature,
)
from sandboxes.trust import DemoTrustAuthority, in_process_signer
from tests.unit.test_certificate_pdf import data


@pytest.fixture(scope="module")
def demo() -> tuple[CertificateSigner, DemoTrustAuthority]:
    return in_process_signer()


@pytest.fixture(scope="module")
def signed(demo: tuple[CertificateSigner, DemoTrustAuthority]) -> bytes:
    return demo[0].sign(render_pdf(data()))


def report(signer: CertificateSigner, pdf: bytes, at: datetime | None = None) -> SignatureReport:
    return asyncio.run(verify_signature(pdf, signer.roots, at))


def signing_certificate_expiry(signer: CertificateSigner) -> datetime:
    return x509.load_pem_x509_certificate(signer.keys.cert_pem).not_valid_after_utc


def test_a_certificate_is_signed_pades_b_lta(demo: tuple[CertificateSigner, DemoTrustAuthority],
                                             signed: bytes) -> None:
    signer, _ = demo
    reader = PdfFileReader(io.BytesIO(signed))
    signature = reader.embedded_regular_signatures[0]
    unsigned = [a["type"].native for a in signature.signer_info["unsigned_attrs"]]
    assert "signature_time_stamp_token" in unsigned  # B-T: the TSA's RFC 3161 token on the signature
    dss = DocumentSecurityStore.read_dss(reader)
    assert len(dss.ocsps) >= 2  # B-LT: the signing certificate's and the TSA's OCSP answers
    assert {c.subject.human_friendly for c in dss.load_certs()} >= {
        signature.signer_cert.subject.human_friendly, signer.roots[0].subject.human_friendly}
    stamps = reader.embedded_timestamp_signatures
    assert len(stamps) == 1 and reader.embedded_signatures[-1] is not signature  # B-LTA: a document timestamp last
    assert stamps[0].evaluate_signature_coverage().name == "ENTIRE_FILE"
    seen = report(signer, signed)
    assert (seen.level, seen.intact, seen.trusted) == ("B-LTA", True, True)
    assert "国家税务总局 电子证明签章（演示）" in seen.signer
    assert seen.signed_at is not None and abs(seen.signed_at - datetime.now(UTC)) < timedelta(minutes=5)
    assert seen.archived_at is not None and seen.archived_at >= seen.signed_at.replace(microsecond=0)


def test_it_still_validates_after_the_signing_certificate_expired(
        demo: tuple[CertificateSigner, DemoTrustAuthority], signed: bytes) -> None:
    signer, _ = demo
    later = signing_certificate_expiry(signer) + timedelta(days=30)
    assert report(signer, signed, later).valid  # the timestamps and embedded OCSP answers carry it
    byte_range = PdfFileReader(io.BytesIO(signed)).embedded_regular_signatures[0].sig_object["/ByteRange"]
    timestamped_only = signed[:byte_range[2] + byte_range[3]]  # the signature alone (B-T: no DSS, no archive stamp)
    assert report(signer, timestamped_only).level == "B-T" and report(signer, timestamped_only).intact
    assert not report(signer, timestamped_only, later).valid  # without the LTA data it dies with its certificate


@pytest.mark.parametrize("where", [b"/Title", b"/DSS", b"/OCSPs"])
def test_one_changed_byte_breaks_it(demo: tuple[CertificateSigner, DemoTrustAuthority], signed: bytes,
                                    where: bytes) -> None:
    signer, _ = demo
    at = signed.index(where) + len(where) + 3  # in the signed document, or in the DSS the last timestamp covers
    tampered = signed[:at] + bytes([signed[at] ^ 1]) + signed[at + 1:]
    assert not report(signer, tampered).intact
    assert not report(signer, tampered).valid


def test_anything_added_after_the_last_timestamp_or_another_chain_is_not_valid(
        demo: tuple[CertificateSigner, DemoTrustAuthority], signed: bytes) -> None:
    signer, _ = demo
    assert not report(signer, signed + b"\n%%EOF\n").intact
    other, _ = in_process_signer()
    assert not report(other, signed).trusted  # a chain we do not trust
    assert report(signer, render_pdf(data())) == SignatureReport(False, False, "", "", None, None)  # unsigned
    assert not report(signer, b"%PDF-1.7 not really").valid


def test_ocsp_answers_are_kept_and_each_certificate_costs_two_timestamps() -> None:
    signer, authority = in_process_signer()
    signer.sign(render_pdf(data()))
    first = dict(authority.calls)
    signer.sign(render_pdf(data()))
    assert authority.calls["ocsp"] == first["ocsp"] == 2  # the signing certificate's and the TSA's, kept
    assert authority.calls["tsa"] - first["tsa"] == 2  # the signature's timestamp and the document's


def test_a_revoked_signing_certificate_signs_nothing() -> None:
    signer, authority = in_process_signer()
    authority.revoke(x509.load_pem_x509_certificate(signer.keys.cert_pem).serial_number)
    with pytest.raises(TrustServiceError, match="revoked"):
        signer.sign(render_pdf(data()))


def test_an_authority_that_does_not_answer_signs_nothing() -> None:
    signer, authority = in_process_signer()
    authority.down = True
    with pytest.raises(TrustServiceError, match="503"):
        signer.sign(render_pdf(data()))  # the job fails and retries; nothing half-signed is kept
    authority.down = False
    assert report(signer, signer.sign(render_pdf(data()))).valid
    unreachable = CertificateSigner(signer.keys, TrustServices("http://127.0.0.1:9/tsa", "http://127.0.0.1:9/ocsp",
                                                               timeout=1))
    with pytest.raises(TrustServiceError):
        unreachable.sign(render_pdf(data()))


def test_pdfsig_reads_it(tmp_path: Path, signed: bytes) -> None:
    pdfsig = shutil.which("pdfsig")
    if pdfsig is None:
        pytest.skip("poppler-utils' pdfsig is not installed")
    path = tmp_path / "c.pdf"
    path.write_bytes(signed)
    out = subprocess.run([pdfsig, str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature Validation: Signature is Valid." in out  # the signature (the demo root is not in NSS)
    assert "TaxBureauArchiveTimestamp" in out and "Total document signed" in out  # the document timestamp


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_the_bureaus_own_keys_and_named_authority_are_used_when_configured(tmp_path: Path) -> None:
    from sanic import Sanic

    from app.certificates.jobs import signer_for
    from app.server import serve_in_loop
    from config.settings import load_settings
    from sandboxes.trust import create_trust_sandbox_blueprint

    keys = make_demo_keys()  # stands in for the bureau's own chain and its CA's TSA and OCSP responder
    for name, value in (("key", keys.key_pem), ("cert", keys.cert_pem), ("root", keys.root_pem)):
        (tmp_path / f"certificate_signing_{name}.pem").write_bytes(value)
    authority = DemoTrustAuthority(keys)
    app = Sanic(f"trust_{_free_port()}")
    app.config.AUTO_EXTEND = False
    app.blueprint(create_trust_sandbox_blueprint(authority))
    async with serve_in_loop(app, port=_free_port()) as url:
        settings = load_settings(env={}, certificate_keys_dir=str(tmp_path), certificate_tsa_url=f"{url}/trust/tsa",
                                 certificate_ocsp_url=f"{url}/trust/ocsp")
        signed = await asyncio.to_thread(signer_for(settings).sign, render_pdf(data()))
    seen = await verify_signature(signed, signer_for(settings).roots)
    assert (seen.level, seen.valid) == ("B-LTA", True)
    assert authority.calls["tsa"] >= 2 and authority.calls["ocsp"] == 2  # over HTTP, at the named authority


def test_certificates_made_at_once_on_several_threads_are_each_whole_and_valid(
        demo: tuple[CertificateSigner, DemoTrustAuthority]) -> None:
    """A worker runs several certificate jobs at once: reportlab's font state and the signer's
    shared chain and OCSP answers are used one at a time (before the locks, two renders at once
    raised IndexError in reportlab's font subsetting), and each document carries its own data."""
    signer, _ = demo
    documents = [dataclasses.replace(data(), certificate_no=f"42010620261130{k:04d}", taxpayer_name=name)
                 for k, name in enumerate(["张敏", "李华", "王芳", "赵雷", "陈静", "刘洋"])]
    with ThreadPoolExecutor(6) as pool:
        made = list(pool.map(lambda d: make_on_a_loop(d, signer), documents))
    assert len({pdf for pdf, _ in made}) == len(documents)
    for document, (pdf, png) in zip(documents, made, strict=True):
        assert report(signer, pdf).valid and report(signer, pdf).level == "B-LTA"
        assert document.taxpayer_name in _text(pdf) and document.certificate_no in _text(pdf)
        assert png.startswith(b"\x89PNG")


def make_on_a_loop(document: CertificateData, signer: CertificateSigner) -> tuple[bytes, bytes]:
    return asyncio.run(make_certificate(document, signer))


def _text(pdf: bytes) -> str:
    return "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))


def test_the_signed_attributes_are_made_anew_for_every_digest(
        demo: tuple[CertificateSigner, DemoTrustAuthority]) -> None:
    """The signed attributes are kept as a template with the digest put in its place: each
    signature's message digest is its own document's, and the rest is what pyHanko makes."""
    signer, _ = demo
    one, two = (signer.sign(render_pdf(dataclasses.replace(data(), certificate_no=n)))
                for n in ("4201062026113000001", "4201062026113000002"))
    digests = []
    for pdf in (one, two):
        signature = PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures[0]
        attrs = {a["type"].native: a["values"][0] for a in signature.signer_info["signed_attrs"]}
        assert set(attrs) == {"content_type", "message_digest", "signing_certificate_v2"}
        digests.append(attrs["message_digest"].native)
    assert digests[0] != digests[1]
    assert report(signer, one).valid and report(signer, two).valid


def test_the_sandbox_authority_turns_down_what_is_not_a_timestamp_request(
        demo: tuple[CertificateSigner, DemoTrustAuthority]) -> None:
    """A body that is not a TimeStampReq is answered 400 (it raised inside the sandbox: HTTP 500),
    and the signer says so as it says any authority's refusal."""
    signer, _ = demo
    for body in (b"", b"garbage", b"\x30\x03\x02\x01\x01"):
        with pytest.raises(TrustServiceError, match="answered HTTP 400"):
            signer.trust.timestamp(body)


def test_an_authority_that_turns_the_request_down_is_said_as_such(
        demo: tuple[CertificateSigner, DemoTrustAuthority]) -> None:
    """RFC 3161: a refusal is a TimeStampResp without a token, which asn1crypto cannot parse whole;
    the signer reads its status and says why (the job retries), and signs nothing meanwhile."""
    signer, authority = demo
    authority.refusing = True
    try:
        with pytest.raises(TrustServiceError, match=r"rejection \(system_failure\)"):
            signer.sign(render_pdf(data()))
    finally:
        authority.refusing = False
    assert report(signer, signer.sign(render_pdf(data()))).valid  # granted again: signed as ever
