"""Certificate verification (记录查验) for anyone: the 16-digit code (15 random digits and a Luhn
check digit, so a mistyped or altered code is told apart from an unknown one), the taxpayer's id
number matched by its blind index, and a one-try captcha."""

from __future__ import annotations

import asyncio
import io
import secrets
import unicodedata

from PIL import Image, ImageDraw, ImageFont
from stdnum import luhn

from app.certificates import errors
from app.certificates.models import Certificate, CertificateState
from app.context import Services
from config.id_types import ID_TYPES
from pdfs.certificate import FONT_FILES

CAPTCHA_SECONDS = 300


def new_verification_code() -> str:
    body = str(secrets.randbelow(9) + 1) + "".join(str(secrets.randbelow(10)) for _ in range(14))
    return body + luhn.calc_check_digit(body)


def well_formed(code: str) -> bool:
    return len(code) == 16 and code.isascii() and code.isdigit() and luhn.is_valid(code)


async def verify(services: Services, taxpayer_id: str, code: str) -> Certificate:
    """记录查验: the certificate with this code issued to this taxpayer id number.

    Raises: CertificateCodeInvalid (not 16 digits, or its check digit is wrong: mistyped or
    altered), CertificateNotFound (no such code for this taxpayer), StillMaking."""
    code = code.strip()
    if not well_formed(code):
        raise errors.CertificateCodeInvalid()
    certificate = await Certificate.get_or_none(verification_code=code)
    number = taxpayer_id.strip().upper()
    indexes = {services.sealer.blind_index(f"{t}:{number}") for t in ID_TYPES} if number.isalnum() else set()
    if certificate is None or certificate.taxpayer_id_index not in indexes:
        raise errors.CertificateNotFound()
    if certificate.state == CertificateState.MAKING:
        raise errors.StillMaking()
    return certificate


async def new_captcha(services: Services) -> tuple[str, bytes]:
    """A captcha: its id and a PNG of 4 digits; the answer is kept for 5 minutes, for one try."""
    answer = "".join(str(secrets.randbelow(10)) for _ in range(4))
    captcha_id = secrets.token_urlsafe(16)
    await services.kv.set(f"captcha:{captcha_id}", answer, CAPTCHA_SECONDS)
    return captcha_id, await asyncio.to_thread(_captcha_png, answer)


async def check_captcha(services: Services, captcha_id: str, answer: str) -> None:
    """One try per captcha, right or wrong. Raises CaptchaInvalid."""
    if not captcha_id or len(captcha_id) > 64:
        raise errors.CaptchaInvalid()
    expected = await services.kv.pop(f"captcha:{captcha_id}")  # taken once, even by parallel tries
    given = unicodedata.normalize("NFKC", answer).strip()[:8]  # full-width digits as typed on a phone
    if expected is None or not secrets.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
        raise errors.CaptchaInvalid()


def _captcha_png(answer: str) -> bytes:
    image = Image.new("RGB", (120, 44), (246, 246, 246))
    draw = ImageDraw.Draw(image)
    font_file = next((p for p in FONT_FILES if p.exists()), None)
    font = ImageFont.truetype(str(font_file), 30) if font_file else ImageFont.load_default()
    for _ in range(6):
        draw.line([(secrets.randbelow(120), secrets.randbelow(44)), (secrets.randbelow(120), secrets.randbelow(44))],
                  fill=(150 + secrets.randbelow(80), 150 + secrets.randbelow(80), 150 + secrets.randbelow(80)), width=2)
    for i, ch in enumerate(answer):
        draw.text((10 + i * 26 + secrets.randbelow(5), 2 + secrets.randbelow(8)), ch, font=font,
                  fill=(secrets.randbelow(120), secrets.randbelow(120), secrets.randbelow(120)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
