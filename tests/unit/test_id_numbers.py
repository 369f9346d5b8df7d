"""Id numbers: every id type, the GB 11643 check digit, birth dates, masking."""

from __future__ import annotations

from datetime import date

import pytest

from app.identity.id_numbers import (
    InvalidIdNumber,
    check_char,
    make_resident_id,
    mask_id_number,
    validate_id,
)
from config.id_types import ID_TYPES

TODAY = date(2026, 11, 23)


def _code(id_type: str, id_number: str) -> str:
    with pytest.raises(InvalidIdNumber) as caught:
        validate_id(id_type, id_number, today=TODAY)
    return caught.value.code


def test_gb11643_worked_example_is_valid_and_normalised() -> None:
    assert check_char("11010519491231002") == "X"
    assert validate_id("resident_id_card", " 11010519491231002x ", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    ("id_type", "id_number", "normalised"),
    [
        ("resident_id_card", make_resident_id("420102", date(1990, 3, 15), "022"), None),
        ("resident_id_card", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),  # full-width input
        ("hk_mo_tw_residence_permit", make_resident_id("810000", date(1988, 2, 2), "023"), None),
        ("hk_mo_tw_residence_permit", make_resident_id("820000", date(1975, 6, 30), "011"), None),
        ("hk_mo_tw_residence_permit", make_resident_id("830000", date(2001, 1, 1), "018"), None),
        ("hk_mo_travel_permit", "H12345678", None),
        ("hk_mo_travel_permit", "m1234567890", "M1234567890"),
        ("tw_travel_permit", "12345678", None),
        ("foreign_permanent_residence", "USA110185050123", None),
        ("foreign_permanent_residence", make_resident_id("911840", date(1985, 5, 5), "012"), None),
        ("passport", "E12345678", None),
        ("passport", "ab123", "AB123"),
    ],
)
def test_valid_numbers(id_type: str, id_number: str, normalised: str | None) -> None:
    assert validate_id(id_type, id_number, today=TODAY) == (normalised or id_number.strip().upper())


def test_wrong_check_digit() -> None:
    assert _code("resident_id_card", "110105194912310021") == "id_number_checksum"
    good = make_resident_id("810000", date(1988, 2, 2), "023")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    assert _code("hk_mo_tw_residence_permit", bad) == "id_number_checksum"


def test_impossible_and_out_of_range_birth_dates() -> None:
    feb31 = "11010519900231" + "002"
    assert _code("resident_id_card", feb31 + check_char(feb31)) == "id_number_birth_date"
    future = make_resident_id("420102", date(2027, 1, 1), "011")
    assert _code("resident_id_card", future) == "id_number_birth_date"
    old = "11010518991231" + "002"
    assert _code("resident_id_card", old + check_char(old)) == "id_number_birth_date"
    assert validate_id("resident_id_card", make_resident_id("420102", TODAY, "011"), today=TODAY)


def test_bad_province_and_format() -> None:
    assert _code("resident_id_card", make_resident_id("990101", date(1990, 1, 1), "011")) == "id_number_format"
    assert _code("resident_id_card", make_resident_id("810000", date(1990, 1, 1), "011")) == "id_number_format"
    assert _code("resident_id_card", "11010519491231002") == "id_number_format"
    assert _code("resident_id_card", "1101051949123100XX") == "id_number_format"
    assert _code("hk_mo_tw_residence_permit", make_resident_id("420102", date(1990, 1, 1), "011")) == "id_number_format"


@pytest.mark.parametrize(
    ("id_type", "id_number"),
    [
        ("hk_mo_travel_permit", "H1234567"),
        ("hk_mo_travel_permit", "A12345678"),
        ("hk_mo_travel_permit", "H123456789"),
        ("tw_travel_permit", "1234567"),
        ("tw_travel_permit", "T1234567"),
        ("foreign_permanent_residence", "US1101850501234"),
        ("foreign_permanent_residence", "811840198505050121"),
        ("passport", "E12"),
        ("passport", "E1234567890123456789"),
        ("passport", "E123-4567"),
        ("passport", ""),
    ],
)
def test_bad_formats(id_type: str, id_number: str) -> None:
    assert _code(id_type, id_number) == "id_number_format"


def test_foreign_2023_version_checks_the_digit() -> None:
    good = make_resident_id("911840", date(1985, 5, 5), "012")
    assert _code("foreign_permanent_residence", good[:17] + ("1" if good[17] != "1" else "2")) == "id_number_checksum"


def test_unknown_type_and_chinese_messages() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        validate_id("driving_licence", "123")
    assert caught.value.code == "id_type_unknown" and caught.value.message == "不支持的证件类型"
    with pytest.raises(InvalidIdNumber) as caught:
        validate_id("resident_id_card", "110105194912310021")
    assert caught.value.message == "身份证号码校验位不正确"
    assert ID_TYPES["resident_id_card"] == "居民身份证" and len(ID_TYPES) == 6


def test_make_resident_id_rejects_bad_parts() -> None:
    with pytest.raises(ValueError):
        make_resident_id("4201", date(1990, 1, 1), "011")
    with pytest.raises(ValueError):
        make_resident_id("420102", date(1990, 1, 1), "1")


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("420102199003151234", "420102********1234"),
        ("USA110185050123", "USA*********123"),
        ("H12345678", "H12***678"),
        ("12345678", "1******8"),
        ("AB", "**"),
        ("", ""),
    ],
)
def test_mask(raw: str, masked: str) -> None:
    assert mask_id_number(raw) == masked


def test_stdnum_check_character_agrees_with_gb11643_weights() -> None:
    """python-stdnum computes the check character; GB 11643's weighted sum (ISO 7064 MOD 11-2) says the same."""
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    for n in range(0, 10**17, 10**17 // 997):
        first17 = f"{n:017d}"
        total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
        assert check_char(first17) == "10X98765432"[total % 11]


@pytest.mark.parametrize("first17", ["1101051949123100", "110105194912310021", "11010519491231002X",
                                     "1101051949123100a", "１１０１０５１９４９１２３１００２"])
def test_check_char_needs_exactly_17_ascii_digits(first17: str) -> None:
    with pytest.raises(ValueError):
        check_char(first17)
