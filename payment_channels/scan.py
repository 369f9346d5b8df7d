"""扫码缴款: a payment paid by scanning a QR code with a phone (a computer shows it: the PC e-tax
bureau's 【缴款】, 通过扫码完成缴款). Any channel whose order comes as a code to scan hands the
same answer: the code's text, when the order expires, and the QR image a browser shows as it is.
Whoever scans it pays (`PayerKind.ANYONE`); the trade names them once paid."""

from __future__ import annotations

import base64
import io
from datetime import datetime

import segno
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from app.clock import SHANGHAI

DEVICE = "pc"  # the device's name in every channel that offers it
LABEL = "电脑扫码"
ANSWER_FIELD = "scan_to_pay"
ANSWER_DOC = "电脑扫码（扫码缴款）：二维码内容、失效时间和二维码图片（用手机微信或支付宝扫码支付）"
PNG_SCALE = 8  # pixels per module: a 41-module symbol with its quiet zone is 392 px wide


class ScanToPay(BaseModel):
    """What a computer shows for the payer to scan."""

    model_config = ConfigDict(extra="forbid")

    code_url: str = Field(description="二维码的内容（微信支付 code_url weixin://wxpay/bizpayurl?pr=…，支付宝 qr_code "
                                      "https://qr.alipay.com/…），也可由前端自行生成二维码")
    expires_at: AwareDatetime = Field(description="订单失效时间：此后二维码不能再支付，须重新缴款")
    qr_png: str = Field(description="二维码图片，data:image/png;base64,…，浏览器可直接显示（<img src>）")


def qr_png_data_uri(text: str) -> str:
    """The QR code of `text` as a PNG data URI (a full QR symbol, never a Micro QR; 4-module quiet zone)."""
    out = io.BytesIO()
    segno.make_qr(text, error="m", boost_error=False).save(out, kind="png", scale=PNG_SCALE, border=4)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def scan_to_pay(code_url: str, expires_at: datetime) -> dict[str, str]:
    """The client parameters of a device that scans `code_url` (ScanToPay's fields, as text)."""
    return {"code_url": code_url, "expires_at": expires_at.astimezone(SHANGHAI).isoformat(timespec="seconds"),
            "qr_png": qr_png_data_uri(code_url)}
