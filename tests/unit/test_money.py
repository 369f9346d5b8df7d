"""Money: fen ↔ yuan text, exact both ways; what a person reads; the certificate's capital numerals."""

from __future__ import annotations

import pytest

from app.money import InvalidAmount, amount_in_words, fen_to_display, fen_to_text, fen_to_yuan, yuan_to_fen

MOST = 9_999_999_999  # 99,999,999.99 yuan: Alipay's largest total_amount


@pytest.mark.parametrize(("fen", "yuan"), [
    (0, "0.00"), (1, "0.01"), (10, "0.10"), (99, "0.99"), (100, "1.00"), (38_000, "380.00"),
    (MOST, "99999999.99"), (-5, "-0.05"), (-38_000, "-380.00"),
])
def test_fen_to_the_wire_string_and_back(fen: int, yuan: str) -> None:
    assert fen_to_yuan(fen) == yuan
    assert yuan_to_fen(yuan, allow_negative=fen < 0) == fen


@pytest.mark.parametrize(("text", "fen"), [
    ("0", 0), ("0.1", 10), ("0.01", 1), ("12", 1200), (" 380.00 ", 38_000), ("007.50", 750),
    ("99999999.99", MOST),
])
def test_exact_yuan_texts_are_read(text: str, fen: int) -> None:
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize("text", [
    "1.005", "0.001", "1e3", "1E3", "-1.00", "+1.00", "1,000.00", "1.", ".5", "", " ", "abc", "NaN", "Infinity",
    "１２.００", "1 000", "0x10", "1_000", "12.3.4", "9" * 5000,
])
def test_anything_not_exactly_fen_is_refused(text: str) -> None:
    with pytest.raises(InvalidAmount):
        yuan_to_fen(text)


def test_negative_only_when_asked_and_never_inexact() -> None:
    assert yuan_to_fen("-50.00", allow_negative=True) == -5_000
    assert yuan_to_fen("-0.00", allow_negative=True) == 0
    for text in ("-1.005", "--1", "-", "-1e2"):
        with pytest.raises(InvalidAmount):
            yuan_to_fen(text, allow_negative=True)
    with pytest.raises(InvalidAmount):
        yuan_to_fen(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(("fen", "shown", "bare"), [
    (0, "¥0.00", "0.00"), (1, "¥0.01", "0.01"), (38_000, "¥380.00", "380.00"), (234_000, "¥2,340.00", "2,340.00"),
    (MOST, "¥99,999,999.99", "99,999,999.99"), (-5, "-¥0.05", "-0.05"), (-123_456, "-¥1,234.56", "-1,234.56"),
])
def test_what_a_person_reads(fen: int, shown: str, bare: str) -> None:
    assert fen_to_display(fen) == shown
    assert fen_to_display(fen, symbol=False) == bare


def test_amounts_in_a_sentence_are_not_grouped() -> None:
    assert fen_to_text(6_000_000) == "60000.00元"
    assert fen_to_text(1) == "0.01元"


@pytest.mark.parametrize(("fen", "words"), [
    (0, "零元整"), (1, "壹分"), (105, "壹元零伍分"), (38_000, "叁佰捌拾元整"),
    (MOST, "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"), (-1_000, "负壹拾元整"),
])
def test_capital_numerals(fen: int, words: str) -> None:
    assert amount_in_words(fen) == words
