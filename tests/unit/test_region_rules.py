"""Region rules as data: collection windows and the checks made before asking upstream."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from pydantic import ValidationError

from app.declarations import errors
from app.declarations.services import AssessmentOptions, check_options
from config.regions import CollectionWindow, load_region_profiles

PROFILES = load_region_profiles()
MEDICAL = PROFILES["hubei"].insurance_types["resident_medical"]


def options(year: int, kind: str = "normal") -> AssessmentOptions:
    return AssessmentOptions("resident_medical", kind, f"{year}01", f"{year}12")


@pytest.mark.parametrize(("today", "year", "outcome"), [
    (date(2026, 8, 31), 2027, "collection_window_not_open"),
    (date(2026, 9, 1), 2027, None),
    (date(2026, 12, 31), 2027, None),
    (date(2027, 1, 1), 2027, None),  # off the main window: Hubei still takes it, with a notice
    (date(2028, 1, 1), 2027, "collection_year_closed"),
])
def test_hubei_resident_medical_window(today: date, year: int, outcome: str | None) -> None:
    if outcome is None:
        assert check_options(MEDICAL, options(year), today) is MEDICAL
    else:
        with pytest.raises(errors.InvalidInput) as caught:
            check_options(MEDICAL, options(year), today)
        assert caught.value.code == outcome


def test_a_region_that_refuses_off_window_payments() -> None:
    window = CollectionWindow(opens="09-01", closes="12-25", off_window="refuse")
    strict = dataclasses.replace(MEDICAL, collection_window=window)
    with pytest.raises(errors.OutsideCollectionWindow):
        check_options(strict, options(2027), date(2026, 12, 26))
    assert check_options(strict, options(2027), date(2026, 12, 25)) is strict


@pytest.mark.parametrize(("opens", "closes", "expected"), [
    ("12-01", "09-01", "opens after it closes"),
    ("9-1", "12-31", "expected 'MM-DD'"),
    ("02-29", "12-31", "expected 'MM-DD'"),  # not a day of every year
    ("09-01", "12-32", "expected 'MM-DD'"),
])
def test_a_window_must_be_a_span_of_days_of_the_year(opens: str, closes: str, expected: str) -> None:
    with pytest.raises(ValidationError, match=expected):
        CollectionWindow(opens=opens, closes=closes)


def test_only_yearly_types_have_a_window() -> None:
    monthly = PROFILES["hubei"].insurance_types["flexible_medical"]
    with pytest.raises(ValidationError, match="only yearly types have a collection window"):
        dataclasses.replace(monthly, collection_window=CollectionWindow(opens="09-01", closes="12-31"))


def test_windows_do_not_apply_to_back_payments_or_monthly_types() -> None:
    rule = PROFILES["hubei"].insurance_types["resident_pension"]
    assert check_options(rule, AssessmentOptions("resident_pension", "back_payment", "202001", "202012"),
                         date(2026, 11, 23)) is rule


def test_contribution_base_outside_the_range_is_refused() -> None:
    rule = next(r for p in PROFILES.values() for r in p.insurance_types.values() if r.assessment_mode == "by_base")
    assert rule.base_range_fen is not None
    low, high = rule.base_range_fen
    for base in (low - 1, high + 1):
        with pytest.raises(errors.BaseOutOfRange):
            check_options(rule, AssessmentOptions(rule.code, "normal", "202601", "202601",
                                                  contribution_base_fen=base), date(2026, 1, 15))
