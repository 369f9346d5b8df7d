"""The 完税证明 (certificate of social-insurance fees paid): plain data in, PDF bytes out.

Drawn with reportlab's platypus (a document template, paragraph styles and a table style) in a
TrueType CJK font the project's setup installs (Debian's fonts-wqy-microhei), with the tax
bureau's red seal, a QR code of the verification address and the 16-digit verification code.
Knows nothing of the ORM: `CertificateData` is all it reads.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import segno
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.money import amount_in_words, fen_to_display

FONT = "WenQuanYi"
FONT_FILES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
SEAL_RED = colors.Color(0.85, 0.05, 0.05)
PAGE = A4
QR_MASK = 4
rl_config.useA85 = 0  # binary streams: no ASCII85 pass over every page and font


class FontMissing(RuntimeError):
    """No TrueType CJK font: `scripts/system-packages` installs fonts-wqy-microhei."""


def register_font() -> str:
    """Register the CJK font once per process (reportlab keeps it); returns its name."""
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
    tax_bureau: str  # 税务机关
    issued_on: date  # 填发日期
    lines: tuple[CertificateLine, ...]
    verify_url: str  # what the QR code holds
    style: str = "table"  # 表格式 | document: 文书式
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)


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
    size = radius * 0.24
    canvas.setFont(FONT, size)
    text = bureau[:18]
    span = math.radians(min(250, 15 * len(text)))
    for i, ch in enumerate(text):
        angle = math.pi / 2 + span / 2 - (span * (i + 0.5) / len(text))
        canvas.saveState()
        canvas.translate(x + (radius - size * 1.2) * math.cos(angle), y + (radius - size * 1.2) * math.sin(angle))
        canvas.rotate(math.degrees(angle) - 90)
        canvas.drawCentredString(0, -size / 3, ch)
        canvas.restoreState()
    canvas.setFont(FONT, size * 0.95)
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
    """A QR code (segno computes the modules once) drawn as one path of squares."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        # a fixed mask: every mask is valid; scoring all eight costs more than drawing the page
        code = segno.make(text, error="m", boost_error=False, mask=QR_MASK)
        self.matrix = [list(row) for row in code.matrix_iter(border=0)]
        self.width = self.height = size

    def draw(self) -> None:
        n = len(self.matrix)
        cell = self.width / n
        path = self.canv.beginPath()
        for r, row in enumerate(self.matrix):
            for c, dark in enumerate(row):
                if dark:
                    path.rect(c * cell, self.height - (r + 1) * cell, cell, cell)
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=26, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10, alignment=TA_CENTER),
        "base": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=12, textColor=colors.Color(.25, .25, .25)),
    }


def _grid() -> list[tuple[object, ...]]:
    return [("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), colors.Color(.94, .94, .94))]


def _table_body(data: CertificateData, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """表格式: the bureau's header line, the taxpayer, one row per posted share, the total."""
    head = Table([[Paragraph(f"填发日期：{data.issued_on:%Y年%m月%d日}", s["base"]),
                   Paragraph(f"税务机关：{data.tax_bureau}", s["base"]),
                   Paragraph(f"No. {data.certificate_no}", s["right"])]],
                 colWidths=[52 * mm, 72 * mm, 50 * mm])
    head.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    who = Table([[Paragraph("纳税人识别号", s["cell"]), Paragraph(data.taxpayer_id, s["cell"]),
                  Paragraph("纳税人名称", s["cell"]), Paragraph(data.taxpayer_name, s["cell"])]],
                colWidths=[26 * mm, 62 * mm, 24 * mm, 62 * mm])
    heads = ("原凭证号", "税种", "品目名称", "税款所属时期", "入（退）库日期", "实缴（退）金额")
    rows = [[Paragraph(h, s["cell"]) for h in heads]]
    for line in data.lines:
        rows.append([Paragraph(line.voucher_no, s["cell"]), Paragraph("社会保险费", s["cell"]),
                     Paragraph(line.insurance_type, s["cell"]), Paragraph(line.period, s["cell"]),
                     Paragraph(f"{line.posted_on:%Y-%m-%d}", s["cell"]),
                     Paragraph(fen_to_display(line.amount_fen, symbol=False), s["right"])])
    rows.append([Paragraph("金额合计", s["cell"]), Paragraph(f"（大写）{amount_in_words(data.total_fen)}", s["cell"]),
                 "", "", "", Paragraph(fen_to_display(data.total_fen), s["right"])])
    lines = Table(rows, colWidths=[34 * mm, 22 * mm, 38 * mm, 32 * mm, 24 * mm, 24 * mm], repeatRows=1)
    grid = [*_grid(), ("SPAN", (1, -1), (4, -1))]
    lines.setStyle(TableStyle(grid))
    who.setStyle(TableStyle(grid[:3]))
    return [head, Spacer(1, 2 * mm), who, lines]


def _document_body(data: CertificateData, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """文书式: a letter from the bureau naming the taxpayer, what they paid, and 特此证明."""
    text = ParagraphStyle("letter", parent=s["base"], fontSize=11.5, leading=20, firstLineIndent=23)
    rows = [[Paragraph(h, s["cell"]) for h in ("品目名称", "税款所属时期", "入（退）库日期", "实缴（退）金额")]]
    rows += [[Paragraph(line.insurance_type, s["cell"]), Paragraph(line.period, s["cell"]),
              Paragraph(f"{line.posted_on:%Y-%m-%d}", s["cell"]),
              Paragraph(fen_to_display(line.amount_fen, symbol=False), s["right"])]
             for line in data.lines]
    table = Table(rows, colWidths=[56 * mm, 44 * mm, 34 * mm, 34 * mm], repeatRows=1)
    table.setStyle(TableStyle(_grid()))
    return [Paragraph(f"No. {data.certificate_no}", s["right"]), Spacer(1, 4 * mm),
            Paragraph(f"纳税人{data.taxpayer_name}（纳税人识别号：{data.taxpayer_id}）：", s["base"]),
            Paragraph(f"兹证明你缴纳的下列社会保险费已全部缴入国库，金额合计人民币{amount_in_words(data.total_fen)}"
                      f"（{fen_to_display(data.total_fen)}），明细如下：", text),
            Spacer(1, 3 * mm), table, Spacer(1, 4 * mm),
            Paragraph("特此证明。", text), Spacer(1, 2 * mm),
            Paragraph(f"{data.tax_bureau}　{data.issued_on:%Y年%m月%d日}", s["right"])]


def render_pdf(data: CertificateData) -> bytes:
    """The certificate as PDF bytes (one A4 page for up to about 20 lines)."""
    register_font()
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title="社会保险费完税证明", author=data.tax_bureau,
                            subject=data.certificate_no, creator="社保缴费", invariant=1)
    story = [Paragraph("中华人民共和国", s["sub"]),
             Paragraph("社会保险费完税证明" + ("（文书式）" if data.style == "document" else ""), s["title"]),
             Spacer(1, 4 * mm)]
    story += _document_body(data, s) if data.style == "document" else _table_body(data, s)
    notes = [f"证明校验码：{data.verification_code}",
             "本证明可凭纳税人识别号与16位证明校验码在税务机关网站或扫描二维码查验真伪；涂改无效。",
             "本证明为电子签名文件，任何改动都会使签名失效。", *data.notes]
    footer = Table([[[Paragraph(n, s["note"]) for n in notes], Seal(data.tax_bureau, 19 * mm),
                     QrCode(data.verify_url, 28 * mm)]], colWidths=[98 * mm, 44 * mm, 32 * mm])
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 6 * mm), footer]
    doc.build(story)
    return out.getvalue()


def render_plain_page() -> bytes:
    """The bench's yardstick: reportlab drawing one plain page of the same size, same font."""
    register_font()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=PAGE, invariant=1)
    canvas.setFont(FONT, 12)
    canvas.drawString(20 * mm, PAGE[1] - 20 * mm, "社会保险费完税证明")
    canvas.showPage()
    canvas.save()
    return out.getvalue()
