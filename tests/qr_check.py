"""What a computer is handed for 扫码缴款 (`scan_to_pay`): the QR image must be a PNG a browser shows
as it is (a data URI) and must be the QR symbol of the code it names. There is no QR reader among
our dependencies, so the image is read with Pillow module by module and compared with the symbol
of the text: a picture of another text, or a blurred one, differs in its modules."""

from __future__ import annotations

import base64
import io
from typing import Any

import segno
from PIL import Image

PREFIX = "data:image/png;base64,"


def modules_of(data_uri: str) -> list[list[bool]]:
    """The dark (True) and light modules of the QR image, its 4-module quiet zone left out."""
    assert data_uri.startswith(PREFIX), data_uri[:40]
    image = Image.open(io.BytesIO(base64.b64decode(data_uri.removeprefix(PREFIX), validate=True)))
    assert image.format == "PNG" and image.width == image.height
    gray = image.convert("L")
    for size in range(21, 178, 4):  # QR versions 1–40
        scale, rest = divmod(image.width, size + 8)
        if rest == 0 and scale >= 1 and _quiet(gray, scale, size):
            return [[gray.getpixel(((4 + col) * scale + scale // 2, (4 + row) * scale + scale // 2)) < 128
                     for col in range(size)] for row in range(size)]
    raise AssertionError(f"no QR symbol fits a {image.width}-pixel image")


def _quiet(gray: Any, scale: int, size: int) -> bool:
    """The finder pattern's dark corner sits right inside a light 4-module border."""
    return gray.getpixel((4 * scale + scale // 2, 4 * scale + scale // 2)) < 128 and \
        gray.getpixel((scale // 2, scale // 2)) >= 128


def assert_qr_encodes(data_uri: str, text: str) -> None:
    expected = [[bool(bit) for bit in row] for row in segno.make_qr(text, error="m", boost_error=False).matrix]
    assert modules_of(data_uri) == expected, f"the image is not the QR code of {text!r}"


def assert_scan_to_pay(answer: dict[str, Any], code_prefix: str) -> str:
    """The checkout's `scan_to_pay`: the code (its channel's kind), an aware expiry, and its image."""
    code = answer["code_url"]
    assert code.startswith(code_prefix), code
    assert answer["expires_at"].endswith("+08:00"), answer["expires_at"]
    assert_qr_encodes(answer["qr_png"], code)
    return str(code)
