"""The certificate's page as a reader sees it at 300 dpi (issue 16, point 5 and 6): where each
glyph lands (PDFium's character boxes, in points: 1 pt is over 4 pixels at 300 dpi), so words do
not wrap inside themselves, numbers are not split, the seal's name does not collide along its arc,
the 文书式's salutation is its body's size and its seal sits over the issuer and the date; its
wording says 缴入国库 only where the region confirms it; and the metadata's date is the issue time."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pdfs.certificate import CertificateData, CertificateLine, render_pdf, seal_glyphs
from pdfs.signing import _PDFIUM

CHINA = ZoneInfo("Asia/Shanghai")
HEADS = ("原凭证号", "税种", "品目名称", "税款所属时期", "入（退）库日期", "实缴（退）金额")
WORDS = {"入（退）库日期": ("入（退）库", "日期"), "实缴（退）金额": ("实缴（退）", "金额")}  # where a head may break
OFFICES = ("国家税务总局武汉市江岸区税务局", "国家税务总局贵阳市南明区税务局", "国家税务总局北京经济技术开发区税务局",
           "国家税务总局湖北省税务局")


NAMES = ("城乡居民基本医疗保险", "灵活就业人员基本养老保险")


def data(style: str = "table", *, voucher: str = "DZ4220241120000017", office: str = OFFICES[0],
         treasury_confirmed: bool = False, names: tuple[str, ...] = NAMES) -> CertificateData:
    return CertificateData(
        certificate_no="42000020261207012345678", verification_code="4817305926148053",
        taxpayer_id="420102199003150221", taxpayer_name="张敏", tax_bureau=office, issued_on=date(2026, 12, 7),
        lines=tuple(CertificateLine(name, "2026-01 至 2026-12", date(2026, 11, 28), 38_000 + k, f"{voucher}{k}")
                    for k, name in enumerate(names)),
        verify_url="http://127.0.0.1:8000/certificates/verify/hubei?code=4817305926148053", style=style,
        title="税收完税证明", treasury_confirmed=treasury_confirmed,
        issued_at=datetime(2026, 12, 7, 10, 15, 30, tzinfo=CHINA))


class Page:
    """The first page's text and where each character is."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.textpage = textpage
        self.text = textpage.get_text_range()

    def find(self, word: str, start: int = 0) -> int:
        at = self.text.find(word, start)
        assert at >= 0, f"{word!r} is not on the page in one piece: {self.text!r}"
        return at

    def boxes(self, at: int, count: int) -> list[tuple[float, float, float, float]]:
        return [self.textpage.get_charbox(at + k, loose=True) for k in range(count)]  # loose: the font's box

    def size(self, at: int) -> float:
        return float(pdfium_c.FPDFText_GetFontSize(self.textpage.raw, at))

    def head(self, head: str) -> None:
        """A head on one line, or on two split only between its words."""
        if head in self.text or head not in WORDS:
            self.one_line(head)
            return
        first, second = WORDS[head]
        at = self.find(first) + len(first)
        while self.text[at].isspace():
            at += 1
        assert self.text[at:at + len(second)] == second, (head, self.text[at - 8:at + 4])
        self.one_line(first)
        self.one_line(second, at)

    def one_line(self, word: str, at: int | None = None) -> None:
        boxes = self.boxes(self.find(word) if at is None else at, len(word))
        bottoms = [b[1] for b in boxes]
        assert max(bottoms) - min(bottoms) < 1.5, (word, bottoms)  # one baseline: not wrapped
        assert all(b[0] < c[0] for b, c in zip(boxes, boxes[1:], strict=False)), word  # left to right


@contextmanager
def page_of(pdf: bytes) -> Iterator[Page]:
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            yield Page(document[0].get_textpage())
        finally:
            document.close()


@pytest.mark.parametrize("style", ["table", "document"])
@pytest.mark.parametrize("voucher", ["DZ4220241120000017", "SBP2026112800001012345678901X"])
def test_heads_names_and_voucher_numbers_stay_whole_on_one_line(style: str, voucher: str) -> None:
    with page_of(render_pdf(data(style, voucher=voucher))) as page:
        for head in HEADS:
            page.head(head)  # today: 入（退）库日/期 and 实缴（退）金/额 wrap inside a word
        for word in (f"{voucher}0", f"{voucher}1", "2026-01 至 2026-12", "2026-11-28"):
            page.one_line(word)  # today: long numbers split
        if len(voucher) < 20:
            page.one_line("城乡居民基本医疗保险")
            page.one_line("灵活就业人员基本养老保险")
        number = page.find(f"{voucher}0")
        assert page.size(number) >= 7.0  # smaller type for a long number, still legible


@pytest.mark.parametrize("office", OFFICES)
def test_the_seals_name_does_not_collide_along_the_arc(office: str) -> None:
    radius = 19 / 25.4 * 72
    glyphs = seal_glyphs(office, radius)
    assert "".join(g.char for g in glyphs) == office
    for one, two in zip(glyphs, glyphs[1:], strict=False):
        apart = math.dist((one.x, one.y), (two.x, two.y))
        assert apart >= one.size * 1.05, (one.char, two.char, apart, one.size)  # today: 0.78 of a glyph
    first, last = glyphs[0], glyphs[-1]
    assert first.y > -radius * 0.45 and last.y > -radius * 0.45  # the bottom left free for 征税专用章
    assert min(g.size for g in glyphs) >= radius * 0.15  # still readable


@pytest.mark.parametrize("office", OFFICES[:3])
def test_on_the_page_the_seals_glyphs_are_apart(office: str) -> None:
    """The same, measured where PDFium finds the seal's glyphs on the rendered page."""
    with page_of(render_pdf(data(office=office))) as page:
        at, ring = page.find("征税专用章"), []
        while len(ring) < len(office):  # the ring's glyphs come just before it (PDFium adds line breaks)
            at -= 1
            if not page.text[at].isspace():
                ring.insert(0, at)
        assert "".join(page.text[k] for k in ring) == office
        boxes = [page.boxes(k, 1)[0] for k in ring]
        centres = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in boxes]
        size = page.size(ring[0])
        for one, two in zip(centres, centres[1:], strict=False):
            assert math.dist(one, two) >= size, (office, one, two, size)


def test_the_document_styles_salutation_is_its_bodys_size_and_its_seal_is_over_the_issuer() -> None:
    with page_of(render_pdf(data("document"))) as page:
        salutation, body = page.find("纳税人张敏"), page.find("兹证明")
        assert page.size(salutation) == page.size(body) >= 11, (page.size(salutation), page.size(body))
        assert page.text.count("征税专用章") == 1  # today: the seal is in the footer, away from the issuer
        seal = page.boxes(page.find("征税专用章"), 5)
        seal_x, seal_y = (seal[0][0] + seal[-1][2]) / 2, seal[0][3]
        closing = page.find(OFFICES[0], page.find("特此证明"))
        issuer = page.boxes(closing, len(OFFICES[0]))
        dated = page.boxes(page.find("2026年12月07日", closing), 11)
        left, right = issuer[0][0], issuer[-1][2]
        assert left < seal_x < right, (left, seal_x, right)  # over the issuer's name
        radius = 19 / 25.4 * 72
        assert abs(seal_y - dated[0][1]) < radius, (seal_y, dated[0][1])  # and its date
        qr_notes = page.find("证明校验码")
        assert page.boxes(qr_notes, 1)[0][3] < min(b[1] for b in dated)  # the notes below, the seal not among them


@pytest.mark.parametrize("fen", [40_000, 38_000, 123_456_78, 1_000_001])
def test_no_line_starts_with_a_comma_colon_or_closing_bracket(fen: int) -> None:
    one = data("document", voucher="DZ4220261123C6E4000002", names=("城乡居民基本医疗保险",))
    lines = (dataclasses.replace(one.lines[0], amount_fen=fen),)
    with page_of(render_pdf(dataclasses.replace(one, lines=lines))) as page:
        starts = [line[:1] for line in page.text.split("\r\n")]
        # today: 明细如下 / ： (reportlab's rules do not know Chinese full-width punctuation)
        assert not set(starts) & set("，。、：；）"), page.text


def test_the_document_style_says_treasury_only_where_the_region_confirms_it() -> None:
    with page_of(render_pdf(data("document", treasury_confirmed=False))) as page:  # Hubei: never checks 入库
        assert "国库" not in page.text and "兹证明你已缴纳下列社会保险费" in page.text
    with page_of(render_pdf(data("document", treasury_confirmed=True))) as page:  # Guizhou: confirms it
        assert "已全部缴入国库" in page.text


def test_the_metadata_says_when_it_was_issued_and_the_same_data_gives_the_same_bytes() -> None:
    pdf = render_pdf(data())
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            meta = document.get_metadata_dict()
        finally:
            document.close()
    # today: D:20000101000000+00'00' (reportlab's invariant mode)
    assert meta["CreationDate"] == "D:20261207101530+08'00'", meta
    assert meta["Title"] == "税收完税证明" and meta["Author"] == OFFICES[0]
    assert render_pdf(data()) == pdf  # deterministic all the same
    later = render_pdf(CertificateData(**{**data().__dict__, "issued_at": datetime(2026, 12, 8, 9, 0, tzinfo=CHINA)}))
    assert b"D:20261208090000+08'00'" in later and later != pdf
