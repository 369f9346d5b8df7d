"""Money: the one place fen become yuan text and back.

Amounts are `int` fen in code, storage and our own API. Text in yuan exists at the edges only:
the wire strings of Alipay and the channels' statements ("380.00"), what a person reads
("¥1,234.56", "380.00元") and the certificate's capital numerals (壹佰元整). Every conversion is
exact (whole fen in integer arithmetic: no float, no rounding), and a yuan text that is not a
whole number of fen is refused rather than rounded.
"""

from __future__ import annotations

import re

# ASCII digits only (\d also matches other scripts' digits), at most two decimals, no exponent or sign
_YUAN = re.compile(r"(-?)([0-9]{1,15})(?:\.([0-9]{1,2}))?")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿", "万亿")


class InvalidAmount(ValueError):
    """A yuan text that is not an exact, allowed amount of fen."""


def fen_to_yuan(fen: int) -> str:
    """The wire string: 38000 → "380.00", 1 → "0.01", -5 → "-0.05"."""
    sign, value = ("-" if fen < 0 else ""), abs(fen)
    return f"{sign}{value // 100}.{value % 100:02d}"


def yuan_to_fen(text: str, *, allow_negative: bool = False) -> int:
    """A yuan text as fen: "380.00" → 38000, "0.1" → 10, " 12 " → 1200.

    Args: allow_negative lets "-50.00" through (refund lines of a statement); otherwise a sign is
    refused. Raises: InvalidAmount on anything else: more than two decimals ("1.005"), an
    exponent ("1e3"), a sign, a thousands separator, non-ASCII digits, more than 15 digits of
    yuan, an empty text.
    """
    found = _YUAN.fullmatch(text.strip()) if isinstance(text, str) else None
    if found is None or (found.group(1) and not allow_negative):
        raise InvalidAmount(f"not an amount in yuan: {str(text)[:40]!r}")
    sign, whole, decimals = found.groups()
    fen = int(whole) * 100 + int((decimals or "").ljust(2, "0"))
    return -fen if sign else fen


def fen_to_display(fen: int, *, symbol: bool = True) -> str:
    """For a person: 123456 → "¥1,234.56" (symbol=False: "1,234.56"), -5 → "-¥0.05"."""
    sign, value = ("-" if fen < 0 else ""), abs(fen)
    return f"{sign}{'¥' if symbol else ''}{value // 100:,}.{value % 100:02d}"


def fen_to_text(fen: int) -> str:
    """In a sentence: 6000000 → "60000.00元"."""
    return f"{fen_to_yuan(fen)}元"


def _four(n: int) -> str:
    """0 < n < 10000 in capital numerals, with the zeros a cheque writes."""
    out, zero = "", False
    for i in range(3, -1, -1):
        d = n // 10**i % 10
        if d == 0:
            zero = bool(out)
        else:
            out += ("零" if zero else "") + _DIGITS[d] + _UNITS[i]
            zero = False
    return out


def amount_in_words(fen: int) -> str:
    """人民币大写: 12345 → 壹佰贰拾叁元肆角伍分; 10000 → 壹佰元整."""
    if fen < 0:
        return "负" + amount_in_words(-fen)
    yuan, jiao, cent = fen // 100, fen // 10 % 10, fen % 10
    words = ""
    if yuan:
        sections, section = [], 0
        while yuan:
            sections.append((yuan % 10000, section))
            yuan //= 10000
            section += 1
        need_zero = False
        for value, index in reversed(sections):
            if value == 0:
                need_zero = bool(words)
                continue
            if words and (need_zero or value < 1000):
                words += "零"
            words += _four(value) + _SECTIONS[index]
            need_zero = False
        words += "元"
    if not jiao and not cent:
        return (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if cent:
        words += _DIGITS[cent] + "分"
    return words
