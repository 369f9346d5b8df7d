"""The certificate as a reader sees it: drawn, signed, tamper-evident, and its album image."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from pdfs.certificate import CertificateData, CertificateLine, amount_in_words, render_pdf, render_plain_page
from pdfs.signing import CertificateSigner, album_png


def _count(image: Image.Image, red: bool) -> int:
    raw = image.convert("RGB").tobytes()
    triples = zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
    if red:
        return sum(1 for r, g, b in triples if r > 180 and g < 90 and b < 90)
    return sum(1 for r, g, b in triples if r < 80 and g < 80 and b < 80)


@pytest.fixture(scope="module")
def signer() -> CertificateSigner:
    from sandboxes.trust import in_process_signer

    return in_process_signer()[0]


def data(lines: int = 2) -> CertificateData:
    return CertificateData(
        certificate_no="420106202611300001", verification_code="4817305926148053", taxpayer_id="420102199003150221",
        taxpayer_name="张敏", tax_bureau="国家税务总局武汉市武昌区税务局", issued_on=date(2026, 11, 30),
        lines=tuple(CertificateLine("城乡居民基本医疗保险", "2026-01 至 2026-12", date(2026, 11, 28), 38_000,
                                    f"SBP20261128{k:05d}01") for k in range(lines)),
        verify_url="http://127.0.0.1:8000/certificates/verify/hubei?code=4817305926148053", title="税收完税证明")


@pytest.mark.parametrize(("fen", "words"), [
    (0, "零元整"), (5, "伍分"), (10, "壹角"), (105, "壹元零伍分"), (38_000, "叁佰捌拾元整"),
    (100_000, "壹仟元整"), (1_000_001, "壹万元零壹分"), (10_010_000, "壹拾万零壹佰元整"),
    (123_456_789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"), (100_000_000_00, "壹亿元整"),
])
def test_amounts_in_capital_numerals(fen: int, words: str) -> None:
    assert amount_in_words(fen) == words


def test_the_pdf_says_what_it_certifies_in_chinese(tmp_path: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils: scripts/system-packages installs it"
    path = tmp_path / "c.pdf"
    path.write_bytes(render_pdf(data()))
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("税收完税证明", "420102199003150221", "张敏", "城乡居民基本医疗保险", "760.00",
                     "柒佰陆拾元整", "4817305926148053", "国家税务总局武汉市武昌区税务局", "征税专用章"):
        assert expected in text.replace(" ", ""), expected


def test_the_page_renders_with_a_red_seal_and_a_qr_code(tmp_path: Path, signer: CertificateSigner) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils: scripts/system-packages installs it"
    path = tmp_path / "c.pdf"
    path.write_bytes(signer.sign(render_pdf(data())))
    subprocess.run([pdftoppm, "-r", "60", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    page = Image.open(tmp_path / "page.png")
    red, dark = _count(page, red=True), _count(page, red=False)
    assert red > 500, red  # the seal
    assert dark > 2000, dark  # text, grid and the QR code


def test_the_album_image_is_a_png_of_the_certificate(signer: CertificateSigner) -> None:
    png = album_png(signer.sign(render_pdf(data(lines=3))))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    import io

    image = Image.open(io.BytesIO(png))
    assert image.width == 1080 and 600 < image.height < 1528  # cut below the content
    assert _count(image, red=True) > 2000


def test_many_lines_flow_onto_more_pages() -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(render_pdf(data(lines=60)))
    try:
        assert len(document) >= 2
    finally:
        document.close()


def test_the_plain_page_is_the_yardstick() -> None:
    assert render_plain_page().startswith(b"%PDF")


def test_drawing_on_many_threads_at_once_gives_each_document_its_own_bytes() -> None:
    """reportlab keeps a font's subsets per process: two documents drawn at once (a worker's
    certificate jobs) once raised IndexError or mixed glyphs up. Each document drawn on eight
    threads at once is byte for byte what it is drawn alone."""
    names = ["张敏", "李华", "王芳", "赵雷", "陈静", "刘洋", "欧阳娜娜", "买买提·艾力"] * 5
    documents = [dataclasses.replace(data(lines=1 + k % 3), taxpayer_name=name, certificate_no=f"4201062026113{k:05d}")
                 for k, name in enumerate(names)]
    alone = [render_pdf(d) for d in documents]
    with ThreadPoolExecutor(8) as pool:
        at_once = list(pool.map(render_pdf, documents))
    assert at_once == alone
