"""The 完税证明 (certificate of social-insurance fees paid): plain data in, PDF bytes out.

Drawn with reportlab's platypus (a document template, paragraph styles and a table style) in a
TrueType CJK font the project's setup installs (Debian's fonts-wqy-microhei), with the tax
bureau's red seal, a QR code of the verification address and the 16-digit verification code.
Knows nothing of the ORM: `CertificateData` is all it reads.
"""

from __future__ import annotations

import io
import math
import threading
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import segno
from reportlab import rl_config
from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle, paragraph

from app.money import amount_in_words, fen_to_display

FONT = "WenQuanYi"
FONT_FILES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
SEAL_RED = colors.Color(0.85, 0.05, 0.05)
PAGE = A4
QR_MASK = 4
CHINA = ZoneInfo("Asia/Shanghai")
rl_config.useA85 = 0  # binary streams: no ASCII85 pass over every page and font


def _flate(text: str | bytes) -> bytes:
    return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


# reportlab deflates each stream (the page, the font subset) at zlib's default level 6: level 1
# takes half the time (~1.3 ms a certificate) for ~2 KB more; any reader inflates both alike
pdfdoc.PDFZCompress.encode = _flate  # type: ignore[method-assign]


class FontMissing(RuntimeError):
    """No TrueType CJK font: `scripts/system-packages` installs fonts-wqy-microhei."""


# Chinese punctuation that never starts a line (避头点). reportlab's list is Japanese-minded and
# lacks the full-width comma and colon, so 明细如下 could end a line with ： alone on the next.
CANNOT_START = "，。、：；！？）》」』】〕…％"


def _chinese_line_breaks() -> None:
    for module in (textsplit, paragraph):  # one paragraph's text (textsplit), or several runs (paragraph)
        missing = "".join(ch for ch in CANNOT_START if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START = module.ALL_CANNOT_START + missing


@cache
def register_font() -> str:
    """Register the CJK font once per process (reportlab keeps it), and Chinese line-breaking
    rules; returns the font's name (FontMissing is not kept: a font installed later is found)."""
    _chinese_line_breaks()
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    for path in FONT_FILES:
        if path.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
            return FONT
    raise FontMissing(f"no CJK TrueType font at {', '.join(str(p) for p in FONT_FILES)}")


@dataclass(frozen=True)
class CertificateLine:
    insurance_type: str  # 品目名称, e.g. 城乡居民基本医疗保险
    period: str  # 所属时期, e.g. 2026-01 至 2026-12
    posted_on: date  # 入（退）库日期
    amount_fen: int  # 实缴（退）金额
    voucher_no: str  # 原凭证号 (our posting number)


@dataclass(frozen=True)
class CertificateData:
    certificate_no: str  # 证明编号
    verification_code: str  # 16 digits
    taxpayer_id: str  # 纳税人识别号 (the payer's id number)
    taxpayer_name: str
    tax_bureau: str  # 税务机关: the office that issues it (the payer's district office)
    issued_on: date  # 填发日期
    lines: tuple[CertificateLine, ...]
    verify_url: str  # what the QR code holds
    style: str = "table"  # 表格式 | document: 文书式
    notes: tuple[str, ...] = field(default_factory=tuple)
    title: str = "社会保险费缴费证明"  # the region's name for the document (Hubei: 税收完税证明)
    treasury_confirmed: bool = False  # the region confirms 入库 before issuing: the 文书式 may say 已缴入国库
    issued_at: datetime | None = None  # the issue time: the PDF's CreationDate (the day's start when not given)

    @property
    def created(self) -> datetime:
        if self.issued_at is not None:
            return self.issued_at.astimezone(CHINA)
        return datetime.combine(self.issued_on, time(), CHINA)

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)


@dataclass(frozen=True)
class SealGlyph:
    char: str
    x: float  # the glyph's centre, relative to the seal's centre
    y: float
    angle: float  # degrees: the glyph's upright turned to point away from the centre
    size: float  # font size


SEAL_MAX_SPAN = math.radians(220)  # the name runs along at most this much of the ring, the star's top free
SEAL_GAP = 1.12  # room along the arc per glyph, in glyph sizes: neighbours never touch


def seal_glyphs(bureau: str, radius: float) -> list[SealGlyph]:
    """Where the seal's name goes: along the ring, each glyph SEAL_GAP of its size from the next
    (measured as the chord between centres), smaller when a long name would not fit the arc."""
    text = bureau[:24]
    size = radius * 0.24
    while True:
        ring = radius - 3 - size * 0.78  # glyph centres, inside the inner ring
        step = 2 * math.asin(min(1.0, size * SEAL_GAP / (2 * ring)))  # the angle whose chord is the glyph's room
        if step * len(text) <= SEAL_MAX_SPAN or size <= radius * 0.1:
            break
        size *= 0.95
    span = step * len(text)
    glyphs = []
    for i, ch in enumerate(text):
        angle = math.pi / 2 + span / 2 - step * (i + 0.5)
        glyphs.append(SealGlyph(ch, ring * math.cos(angle), ring * math.sin(angle), math.degrees(angle) - 90, size))
    return glyphs


def _seal(canvas: Canvas, x: float, y: float, radius: float, bureau: str) -> None:
    """The tax bureau's round red seal: ring, star, the bureau's name along the arc, 征税专用章."""
    canvas.saveState()
    canvas.setStrokeColor(SEAL_RED)
    canvas.setFillColor(SEAL_RED)
    canvas.setLineWidth(2.2)
    canvas.circle(x, y, radius, stroke=1, fill=0)
    canvas.setLineWidth(0.6)
    canvas.circle(x, y, radius - 3, stroke=1, fill=0)
    star = canvas.beginPath()
    for k in range(10):
        r = radius * (0.22 if k % 2 == 0 else 0.09)
        angle = math.pi / 2 + k * math.pi / 5
        point = (x + r * math.cos(angle), y + r * math.sin(angle))
        if k == 0:
            star.moveTo(*point)
        else:
            star.lineTo(*point)
    star.close()
    canvas.drawPath(star, stroke=0, fill=1)
    for glyph in seal_glyphs(bureau, radius):
        canvas.saveState()
        canvas.setFont(FONT, glyph.size)
        canvas.translate(x + glyph.x, y + glyph.y)
        canvas.rotate(glyph.angle)
        canvas.drawCentredString(0, -glyph.size * 0.36, glyph.char)
        canvas.restoreState()
    canvas.setFont(FONT, radius * 0.22)
    canvas.drawCentredString(x, y - radius * 0.58, "征税专用章")
    canvas.restoreState()


class Seal(Flowable):
    """The seal as a flowable, so it lands where the footer is, whatever the table's length."""

    def __init__(self, bureau: str, radius: float) -> None:
        super().__init__()
        self.bureau, self.radius = bureau, radius
        self.width = self.height = 2 * radius

    def draw(self) -> None:
        _seal(self.canv, self.radius, self.radius, self.radius, self.bureau)


class QrCode(Flowable):
    """A QR code (segno computes the modules once) drawn as one path: a rectangle per run of dark
    modules along a row."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        # a fixed mask: every mask is valid; scoring all eight costs more than drawing the page
        code = segno.make(text, error="m", boost_error=False, mask=QR_MASK)
        self.matrix = code.matrix  # rows of 0 (light) and 1 (dark), no quiet zone
        self.width = self.height = size

    def draw(self) -> None:
        n = len(self.matrix)
        cell = self.width / n
        path = self.canv.beginPath()
        for r, row in enumerate(self.matrix):
            c = 0
            while c < n:  # a run of dark modules along the row is one rectangle
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(start * cell, self.height - (r + 1) * cell, (c - start) * cell, cell)
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


@cache
def _styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles (made once: reportlab only reads them)."""
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=26, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10, alignment=TA_CENTER),
        "base": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=CELL_SIZE, leading=12),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=CELL_SIZE, leading=12, alignment=TA_RIGHT),
        "letter": ParagraphStyle("letter", parent=base, fontSize=LETTER_SIZE, leading=20),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=12, textColor=colors.Color(.25, .25, .25)),
    }


CELL_SIZE = 9
LETTER_SIZE = 11.5
VOUCHER_MIN_SIZE = 7.0
CELL_PADDING = 12  # reportlab's table cells: 6 points each side
CONTENT_WIDTH = PAGE[0] - 36 * mm
HEADS = ("原凭证号", "税种", "品目名称", "税款所属时期", "入（退）库|日期", "实缴（退）|金额")  # |: between words


def _width(texts: list[str], size: float = CELL_SIZE) -> float:
    """The column width that holds each text on one line."""
    return max(pdfmetrics.stringWidth(t, FONT, size) for t in texts) + CELL_PADDING + 1


def _unbroken_size(text: str, width: float) -> float:
    """The type size of a number (原凭证号) that is never split across lines: smaller when it would
    not fit its column."""
    room = width - CELL_PADDING - 1
    natural = pdfmetrics.stringWidth(text, FONT, CELL_SIZE)
    return CELL_SIZE if natural <= room else max(VOUCHER_MIN_SIZE, CELL_SIZE * room / natural)


def _head_parts(head: str, broken: bool) -> list[str]:
    return head.split("|") if broken else [head.replace("|", "")]


def _layout(data: CertificateData, broken: bool) -> tuple[list[float], bool]:
    """Column widths with the heads on one line (or, `broken`, on two, split between words), and
    whether every voucher number fits at the cells' size."""
    def column(k: int, texts: list[str]) -> float:
        return _width([*_head_parts(HEADS[k], broken), *texts])

    widths = [0.0, column(1, ["社会保险费"]), column(2, [line.insurance_type for line in data.lines]),
              column(3, [line.period for line in data.lines]), column(4, ["0000-00-00"]),
              column(5, [fen_to_display(data.total_fen), *(fen_to_display(line.amount_fen, symbol=False)
                                                           for line in data.lines)])]
    vouchers = [line.voucher_no for line in data.lines]
    natural = column(0, vouchers)
    legible = max(_width(vouchers, VOUCHER_MIN_SIZE), column(0, []))  # longer: the 品目名称 wraps first
    widths[0] = max(min(natural, CONTENT_WIDTH - sum(widths)), legible)
    widths[2] += CONTENT_WIDTH - sum(widths)  # what is left over, if anything
    return widths, widths[0] >= natural


def column_widths(data: CertificateData) -> tuple[list[float], bool]:
    """The lines table's columns, and whether the heads are on two lines: every head, 品目名称,
    period, date and amount on one line; the 原凭证号 takes what is left (its number set smaller
    when it would not fit, never split). When the numbers are long, the two long heads go on two
    lines, split between their words (入（退）库 / 日期, 实缴（退） / 金额)."""
    widths, fits = _layout(data, broken=False)
    return (widths, False) if fits else (_layout(data, broken=True)[0], True)


def _grid() -> list[tuple[object, ...]]:
    return [("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), colors.Color(.94, .94, .94))]


def _lines_table(data: CertificateData, s: dict[str, ParagraphStyle]) -> Table:
    """One row per posted share and the total, in capital numerals and in figures. What the
    column widths hold on one line is a plain string (reportlab draws it as it is); what may wrap
    (the 品目名称, the amount in words) is a paragraph."""
    widths, broken = column_widths(data)
    rows: list[list[object]] = [["\n".join(_head_parts(h, broken)) for h in HEADS]]
    for line in data.lines:
        rows.append([line.voucher_no, "社会保险费", Paragraph(line.insurance_type, s["cell"]), line.period,
                     f"{line.posted_on:%Y-%m-%d}", fen_to_display(line.amount_fen, symbol=False)])
    rows.append(["金额合计", Paragraph(f"（大写）{amount_in_words(data.total_fen)}", s["cell"]),
                 "", "", "", fen_to_display(data.total_fen)])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([*_grid(), *_plain_cells(len(rows)), ("ALIGN", (5, 1), (5, -1), "RIGHT"),
                               ("SPAN", (1, -1), (4, -1)),
                               *(("FONTSIZE", (0, k), (0, k), _unbroken_size(line.voucher_no, widths[0]))
                                 for k, line in enumerate(data.lines, start=1))]))
    return table


def _plain_cells(rows: int) -> list[tuple[object, ...]]:
    """The plain strings' type: the cells' size and leading, as the paragraphs have."""
    return [("FONTSIZE", (0, 0), (-1, rows - 1), CELL_SIZE), ("LEADING", (0, 0), (-1, rows - 1), 12)]


def _table_body(data: CertificateData, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """表格式: the issue date and number, the issuing office, the taxpayer, the lines, the total."""
    head = Table([[Paragraph(f"填发日期：{data.issued_on:%Y年%m月%d日}", s["base"]),
                   Paragraph(f"No. {data.certificate_no}", s["right"])],
                  [Paragraph(f"税务机关：{data.tax_bureau}", s["base"]), ""]],
                 colWidths=[CONTENT_WIDTH / 2, CONTENT_WIDTH / 2])
    head.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("SPAN", (0, 1), (1, 1))]))
    label = _width(["纳税人识别号"])
    who = Table([["纳税人识别号", data.taxpayer_id, "纳税人名称", Paragraph(data.taxpayer_name, s["cell"])]],
                colWidths=[label, CONTENT_WIDTH / 2 - label, label, CONTENT_WIDTH / 2 - label])
    who.setStyle(TableStyle([*_grid()[:3], *_plain_cells(1)]))
    return [head, Spacer(1, 2 * mm), who, _lines_table(data, s)]


class Signature(Flowable):
    """文书式's close: the issuing office and the date at the right, the seal over them."""

    def __init__(self, bureau: str, issued_on: date, radius: float) -> None:
        super().__init__()
        self.bureau, self.issued_on, self.radius = bureau, issued_on, radius
        self.lines = (bureau, f"{issued_on:%Y年%m月%d日}")

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, 2 * self.radius + 4
        return self.width, self.height

    def text_box(self) -> tuple[float, float, float, float]:
        """The issuer's and date's lines: left, bottom, right, top (in the flowable's space)."""
        text_width = max(pdfmetrics.stringWidth(t, FONT, LETTER_SIZE) for t in self.lines)
        middle = self.height / 2
        return self.width - text_width, middle - LETTER_SIZE * 1.3, self.width, middle + LETTER_SIZE * 1.3

    def draw(self) -> None:
        left, bottom, right, top = self.text_box()
        self.canv.setFont(FONT, LETTER_SIZE)
        middle = self.height / 2
        self.canv.drawRightString(right, middle + 3, self.lines[0])
        self.canv.drawCentredString((left + right) / 2, middle - LETTER_SIZE - 3, self.lines[1])
        _seal(self.canv, (left + right) / 2, middle, self.radius, self.bureau)


def _document_body(data: CertificateData, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """文书式: a letter from the issuing office naming the taxpayer, what they paid, and 特此证明,
    closed by the office and the date under its seal."""
    text = ParagraphStyle("letter_body", parent=s["letter"], firstLineIndent=2 * LETTER_SIZE)
    # only a region that confirms 入库 before issuing says the money is in the treasury
    paid = "兹证明你缴纳的下列社会保险费已全部缴入国库" if data.treasury_confirmed else "兹证明你已缴纳下列社会保险费"
    return [Paragraph(f"No. {data.certificate_no}", s["right"]), Spacer(1, 4 * mm),
            Paragraph(f"纳税人{data.taxpayer_name}（纳税人识别号：{data.taxpayer_id}）：", s["letter"]),
            Paragraph(f"{paid}，金额合计人民币{amount_in_words(data.total_fen)}"
                      f"（{fen_to_display(data.total_fen)}），明细如下：", text),
            Spacer(1, 3 * mm), _lines_table(data, s), Spacer(1, 4 * mm),
            Paragraph("特此证明。", text), Spacer(1, 4 * mm), Signature(data.tax_bureau, data.issued_on, 19 * mm)]


def title_of(data: CertificateData) -> str:
    return data.title + ("（文书式）" if data.style == "document" else "")


# reportlab keeps process-wide state (a TrueType font's subsets per document): one document at a time
_REPORTLAB = threading.Lock()


def render_pdf(data: CertificateData) -> bytes:
    """The certificate as PDF bytes (one A4 page for up to about 20 lines). Deterministic: the same
    data gives the same bytes (its CreationDate is the issue time, not the time of rendering).
    Safe from any thread (one at a time per process)."""
    with _REPORTLAB:
        return _render_pdf(data)


def _render_pdf(data: CertificateData) -> bytes:
    register_font()
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=title_of(data), author=data.tax_bureau,
                            subject=data.certificate_no, creator="社保缴费", invariant=1)
    story: list[Flowable] = [Paragraph("中华人民共和国", s["sub"]), Paragraph(title_of(data), s["title"]),
                             Spacer(1, 4 * mm)]
    document = data.style == "document"
    story += _document_body(data, s) if document else _table_body(data, s)
    notes = [f"证明校验码：{data.verification_code}",
             "本证明可凭纳税人识别号与16位证明校验码在税务机关网站或扫描二维码查验真伪；涂改无效。",
             "本证明为电子签名文件，任何改动都会使签名失效。", *data.notes]
    cells: list[object] = [[Paragraph(n, s["note"]) for n in notes]]
    if document:  # the seal is over the issuer and date already
        footer = Table([[*cells, QrCode(data.verify_url, 28 * mm)]], colWidths=[CONTENT_WIDTH - 32 * mm, 32 * mm])
    else:
        footer = Table([[*cells, Seal(data.tax_bureau, 19 * mm), QrCode(data.verify_url, 28 * mm)]],
                       colWidths=[CONTENT_WIDTH - 76 * mm, 44 * mm, 32 * mm])
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 6 * mm), footer]
    _build(doc, story, data.created)
    return out.getvalue()


def pdf_date(moment: datetime) -> str:
    """A PDF date string (D:YYYYMMDDHHmmSS+08'00') of an aware datetime, in its own offset."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def _build(doc: SimpleDocTemplate, story: list[Flowable], created: datetime) -> None:
    """Build with the metadata's CreationDate (and ModDate) the issue time; reportlab's invariant
    mode (same input, same bytes) would otherwise write 2000-01-01."""
    stamp = pdf_date(created)

    def canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        canvas.setDateFormatter(lambda *_: stamp)
        return canvas

    doc.build(story, canvasmaker=canvas_maker)


def render_plain_page() -> bytes:
    """The bench's yardstick: reportlab drawing one plain page of the same size, same font."""
    with _REPORTLAB:
        register_font()
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=PAGE, invariant=1)
        canvas.setFont(FONT, 12)
        canvas.drawString(20 * mm, PAGE[1] - 20 * mm, "社会保险费完税证明")
        canvas.showPage()
        canvas.save()
        return out.getvalue()
