"""Id numbers (证件号码): validation per id type, masking, and demo resident id numbers.

`validate_id` is the one check every id number passes before it is stored or sent upstream.
The resident id card follows GB 11643-1999 (6-digit administrative division code, 8-digit birth
date, 3-digit sequence, ISO 7064 MOD 11-2 check character); the HK/MO/TW residence permit and
the 2023 foreign permanent residence id card share that layout. python-stdnum (`stdnum.cn.ric`)
computes the check character and reads the birth date; the format (ASCII digits, which codes may
start a number) and the birth date's range are ours. stdnum's birth-place check is not used: it
knows only mainland division codes, and it would refuse a real number whose code it lacks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from app import clock
from app.words import REASONS

Check = Callable[[str, date], None]


# GB/T 2260 province-level codes that issue resident id cards (71 Taiwan and 81/82 HK/MO do not).
PROVINCE_CODES: frozenset[str] = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65".split()
)
RESIDENCE_PERMIT_PREFIXES: tuple[str, ...] = ("810000", "820000", "830000")

_EARLIEST_BIRTH = date(1900, 1, 1)

# ASCII only: Python's \d also matches Arabic-Indic, Devanagari, … digits, which int() accepts
_GB11643 = re.compile(r"^[0-9]{17}[0-9X]$")
_HK_MO_TRAVEL = re.compile(r"^[HM]([0-9]{8}|[0-9]{10})$")
_TW_TRAVEL = re.compile(r"^[0-9]{8}$")
_FOREIGN_OLD = re.compile(r"^[A-Z]{3}[0-9]{12}$")
_FOREIGN_2023 = re.compile(r"^9[0-9]{16}[0-9X]$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,17}$", re.ASCII)

MESSAGES: dict[str, str] = {code: REASONS[code] for code in (
    "id_type_unknown", "id_number_format", "id_number_checksum", "id_number_birth_date")}


class InvalidIdNumber(ValueError):
    """An id number that fails its type's rules; `code` is stable, `message` is for the person."""

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = message or MESSAGES.get(code, "证件号码格式不正确")
        super().__init__(f"{self.code}: {self.message}")


def check_char(first17: str) -> str:
    """The GB 11643 / ISO 7064 MOD 11-2 check character for 17 digits."""
    if not (len(first17) == 17 and first17.isascii() and first17.isdigit()):
        raise ValueError("the check character needs exactly 17 digits")
    return ric.calc_check_digit(first17 + "0")  # stdnum takes the whole number and skips its last character


def make_resident_id(region6: str, birth: date, seq3: str) -> str:
    """An 18-character resident id number with a correct check character (demo data, tests).

    Args: region6 a 6-digit division code (e.g. "420102"), birth the birth date, seq3 three digits
    (odd for men, even for women). Raises: ValueError on malformed parts.
    """
    if not (len(region6) == 6 and region6.isdigit() and len(seq3) == 3 and seq3.isdigit()):
        raise ValueError("region6 must be 6 digits and seq3 3 digits")
    first17 = f"{region6}{birth:%Y%m%d}{seq3}"
    return first17 + ric.calc_check_digit(first17 + "0")


def birth_date_of(id_number: str) -> date | None:
    """The birth date encoded at characters 7–14 of an 18-character id number, if it is a date."""
    try:
        return ric.get_birth_date(id_number)
    except (ValidationError, ValueError):  # not a date; ValueError: characters 7–14 are not digits
        return None


def _normalise(id_number: str) -> str:
    """NFKC (full-width ０-９ and Ｘ become ASCII), stripped, upper-case; anything still not
    ASCII is refused by the patterns, so one person has one spelling of their number."""
    return unicodedata.normalize("NFKC", id_number).strip().upper()


def _check_gb11643(number: str, today: date) -> None:
    if not _GB11643.match(number):
        raise InvalidIdNumber("id_number_format")
    born = birth_date_of(number)
    if born is None or born > today or born < _EARLIEST_BIRTH:
        raise InvalidIdNumber("id_number_birth_date")
    if ric.calc_check_digit(number) != number[17]:
        raise InvalidIdNumber("id_number_checksum")


def _check_resident_id(number: str, today: date) -> None:
    if not _GB11643.match(number) or number[:2] not in PROVINCE_CODES:
        raise InvalidIdNumber("id_number_format")
    _check_gb11643(number, today)


def _check_residence_permit(number: str, today: date) -> None:
    if not number.startswith(RESIDENCE_PERMIT_PREFIXES):
        raise InvalidIdNumber("id_number_format")
    _check_gb11643(number, today)


def _check_foreign_permanent(number: str, today: date) -> None:
    if _FOREIGN_OLD.match(number):
        return
    if not _FOREIGN_2023.match(number):
        raise InvalidIdNumber("id_number_format")
    _check_gb11643(number, today)


def _pattern_check(pattern: re.Pattern[str]) -> Check:
    def check(number: str, today: date) -> None:
        if not pattern.match(number):
            raise InvalidIdNumber("id_number_format")

    return check


_CHECKS: dict[str, Check] = {
    "resident_id_card": _check_resident_id,
    "hk_mo_tw_residence_permit": _check_residence_permit,
    "hk_mo_travel_permit": _pattern_check(_HK_MO_TRAVEL),
    "tw_travel_permit": _pattern_check(_TW_TRAVEL),
    "foreign_permanent_residence": _check_foreign_permanent,
    "passport": _pattern_check(_PASSPORT),
}


def validate_id(id_type: str, id_number: str, today: date | None = None) -> str:
    """Check an id number against its type; return it normalised (NFKC, stripped, upper-case).

    Raises: InvalidIdNumber with code id_type_unknown, id_number_format, id_number_checksum or
    id_number_birth_date (an impossible date, a date after `today`, or before 1900-01-01).
    """
    check = _CHECKS.get(id_type)
    if check is None:
        raise InvalidIdNumber("id_type_unknown")
    number = _normalise(id_number or "")
    check(number, today or clock.business_date())
    return number


def mask_id_number(id_number: str) -> str:
    """The id number for display and logs: 18 chars keep 6 + 4 (420102********1234), shorter
    numbers keep 3 + 3 (from 9 chars) or 1 + 1; two characters or fewer are fully masked."""
    n = len(id_number)
    if n <= 2:
        return "*" * n
    head, tail = (6, 4) if n >= 18 else (3, 3) if n >= 9 else (1, 1)
    return id_number[:head] + "*" * (n - head - tail) + id_number[n - tail:]
