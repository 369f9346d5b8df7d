"""Turning one region TOML table into a validated `RegionProfile` (see config/regions.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from types import MappingProxyType
from typing import Any

from app.identity.id_numbers import ID_TYPES
from config.regions import (
    ACTIONS,
    ASSESSMENT_MODES,
    CERTIFICATE_STYLES,
    CHANNELS,
    DEPARTMENTS,
    PAYMENT_KINDS,
    PERIOD_UNITS,
    SAVED_PAYERS_MODES,
    BankAgreementRules,
    CertificateRules,
    CollectionWindow,
    Grade,
    InsuranceTypeRule,
    Limits,
    MenuGroup,
    MenuItem,
    RegionProfile,
    RegionProfileError,
)

Table = dict[str, Any]

INSURANCE_TYPES: frozenset[str] = frozenset({
    "resident_pension", "resident_medical", "flexible_pension", "flexible_medical",
    "employee_pension", "employee_medical", "unemployment", "work_injury", "institution_pension",
    "occupational_annuity", "construction_work_injury",
})


def _keys(table: Any, where: str, required: Iterable[str], optional: Iterable[str] = ()) -> Table:
    if not isinstance(table, dict):
        raise RegionProfileError(f"{where}: expected a table")
    required, allowed = set(required), set(required) | set(optional)
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RegionProfileError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    missing = sorted(required - set(table))
    if missing:
        raise RegionProfileError(f"{where}: missing key {missing[0]!r}")
    return table


def _str(t: Table, key: str, where: str, default: str | None = None) -> str:
    value = t.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise RegionProfileError(f"{where}.{key}: expected a non-empty string")
    return value


def _int(t: Table, key: str, where: str, default: int | None = None, minimum: int = 0) -> int:
    value = t.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RegionProfileError(f"{where}.{key}: expected an integer >= {minimum}, got {value!r}")
    return value


def _fen(t: Table, key: str, where: str) -> int:
    value = t.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RegionProfileError(f"{where}.{key}: amounts are positive integer fen, got {value!r}")
    return value


def _bool(t: Table, key: str, where: str, default: bool) -> bool:
    value = t.get(key, default)
    if not isinstance(value, bool):
        raise RegionProfileError(f"{where}.{key}: expected true or false")
    return value


def _choice(t: Table, key: str, where: str, allowed: frozenset[str], default: str | None = None) -> str:
    value = t.get(key, default)
    if value not in allowed:
        raise RegionProfileError(f"{where}.{key}: {value!r} is not one of {', '.join(sorted(allowed))}")
    return str(value)


def _choices(t: Table, key: str, where: str, allowed: Iterable[str], default: tuple[str, ...] = ()) -> tuple[str, ...]:
    value = t.get(key, list(default))
    options = set(allowed)
    if not isinstance(value, list) or any(v not in options for v in value) or len(set(value)) != len(value):
        raise RegionProfileError(f"{where}.{key}: expected distinct values from {', '.join(sorted(options))}")
    return tuple(value)


def _grade(t: Any, where: str) -> Grade:
    _keys(t, where, ("code", "name", "amount_fen"), ("base_fen",))
    base = _fen(t, "base_fen", where) if "base_fen" in t else None
    return Grade(_str(t, "code", where), _str(t, "name", where), _fen(t, "amount_fen", where), base)


def _base_range(t: Table, where: str) -> tuple[int, int] | None:
    value = t.get("base_range_fen")
    if value is None:
        return None
    ok = isinstance(value, list) and len(value) == 2
    ok = ok and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
    if not ok or value[0] > value[1]:
        raise RegionProfileError(f"{where}.base_range_fen: expected [low, high] positive integer fen, low <= high")
    return (value[0], value[1])


_RULE_KEYS = ("name", "department", "payment_kinds", "assessment_mode", "period_unit", "max_months")
_RULE_OPTIONAL = ("grades", "fixed_amount_fen", "base_range_fen", "rate_basis_points", "demo_figures", "source",
                  "collection_window")
_MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def _window(t: Any, where: str) -> CollectionWindow | None:
    if "collection_window" not in t:
        return None
    w, here = t["collection_window"], f"{where}.collection_window"
    _keys(w, here, ("opens", "closes"), ("off_window", "off_window_notice", "demo_figures"))
    for key in ("opens", "closes"):
        if not isinstance(w[key], str) or not _MONTH_DAY.fullmatch(w[key]):
            raise RegionProfileError(f"{here}.{key}: expected 'MM-DD'")
    if w["opens"] > w["closes"]:
        raise RegionProfileError(f"{here}: opens after it closes")
    return CollectionWindow(
        opens=w["opens"], closes=w["closes"], off_window=_choice(w, "off_window", here, frozenset({"allow", "refuse"}))
        if "off_window" in w else "allow", off_window_notice=str(w.get("off_window_notice", "")),
        demo_figures=_bool(w, "demo_figures", here, True),
    )


def _rule(code: str, t: Any, where: str) -> InsuranceTypeRule:
    _keys(t, where, _RULE_KEYS, _RULE_OPTIONAL)
    if code not in INSURANCE_TYPES:
        raise RegionProfileError(f"{where}: unknown insurance type {code!r}")
    grades = tuple(_grade(g, f"{where}.grades[{i}]") for i, g in enumerate(t.get("grades", [])))
    rule = InsuranceTypeRule(
        code=code, name=_str(t, "name", where), department=_choice(t, "department", where, DEPARTMENTS),
        payment_kinds=_choices(t, "payment_kinds", where, PAYMENT_KINDS),
        assessment_mode=_choice(t, "assessment_mode", where, ASSESSMENT_MODES),
        period_unit=_choice(t, "period_unit", where, PERIOD_UNITS), max_months=_int(t, "max_months", where, minimum=1),
        grades=grades, fixed_amount_fen=_fen(t, "fixed_amount_fen", where) if "fixed_amount_fen" in t else None,
        base_range_fen=_base_range(t, where),
        rate_basis_points=_int(t, "rate_basis_points", where, minimum=1) if "rate_basis_points" in t else None,
        demo_figures=_bool(t, "demo_figures", where, False), source=str(t.get("source", "")),
        collection_window=_window(t, where),
    )
    if rule.collection_window is not None and rule.period_unit != "year":
        raise RegionProfileError(f"{where}.collection_window: only yearly types have a collection window")
    _check_rule(rule, where)
    return rule


def _check_rule(rule: InsuranceTypeRule, where: str) -> None:
    if not rule.payment_kinds or "normal" not in rule.payment_kinds:
        raise RegionProfileError(f"{where}.payment_kinds: must include 'normal'")
    if rule.period_unit == "year" and rule.max_months % 12:
        raise RegionProfileError(f"{where}.max_months: a yearly type needs whole years (a multiple of 12)")
    if len({g.code for g in rule.grades}) != len(rule.grades):
        raise RegionProfileError(f"{where}.grades: grade codes must be distinct")
    mode = rule.assessment_mode
    if mode == "fixed" and rule.fixed_amount_fen is None:
        raise RegionProfileError(f"{where}: assessment_mode 'fixed' needs fixed_amount_fen")
    if mode == "by_grade" and not rule.grades:
        raise RegionProfileError(f"{where}: assessment_mode 'by_grade' needs at least one grade")
    if mode == "by_base" and (rule.base_range_fen is None or rule.rate_basis_points is None):
        raise RegionProfileError(f"{where}: assessment_mode 'by_base' needs base_range_fen and rate_basis_points")
    for g in rule.grades:
        if g.base_fen is not None and rule.rate_basis_points is not None:
            expected = (g.base_fen * rule.rate_basis_points + 5000) // 10000
            if g.amount_fen != expected:
                raise RegionProfileError(
                    f"{where}.grades: {g.code} amount_fen {g.amount_fen} != base × rate {expected}"
                )


def _item(t: Any, where: str, offered: Table) -> MenuItem:
    _keys(t, where, ("code", "title", "action"), ("insurance_type", "insurance_types", "for_others"))
    single = t.get("insurance_type")
    if single is not None and single not in offered:
        raise RegionProfileError(f"{where}.insurance_type: {single!r} is not an insurance type of this region")
    many = _choices(t, "insurance_types", where, offered, (single,) if single else ())
    if single is not None and single not in many:
        raise RegionProfileError(f"{where}.insurance_types: must include insurance_type {single!r}")
    return MenuItem(
        code=_str(t, "code", where), title=_str(t, "title", where), action=_choice(t, "action", where, ACTIONS),
        insurance_type=single, insurance_types=many, for_others=_bool(t, "for_others", where, False),
    )


def _menus(groups: Any, offered: Table) -> tuple[MenuGroup, ...]:
    if not isinstance(groups, list) or not groups:
        raise RegionProfileError("menus: expected at least one [[menus]] group")
    result = []
    for i, g in enumerate(groups):
        where = f"menus[{i}]"
        _keys(g, where, ("code", "title", "items"))
        items = tuple(_item(it, f"{where}.items[{j}]", offered) for j, it in enumerate(g["items"]))
        result.append(MenuGroup(_str(g, "code", where), _str(g, "title", where), items))
    codes = [it.code for grp in result for it in grp.items] + [grp.code for grp in result]
    if len(set(codes)) != len(codes):
        raise RegionProfileError("menus: group and item codes must be distinct")
    return tuple(result)


def _dates(t: Any, where: str, offered: Table) -> MappingProxyType[str, date]:
    _keys(t, where, (), offered)
    if any(not isinstance(v, date) for v in t.values()):
        raise RegionProfileError(f"{where}: expected TOML dates (YYYY-MM-DD)")
    return MappingProxyType(dict(t))


_CERT_KEYS = ("styles", "treasury_delay_working_days", "requires_treasury_entry", "offer_after_payment",
              "album_image", "asynchronous", "captcha_required", "available_from",
              "after_daily_reconciliation_channels")


def _certificate(t: Any, offered: Table) -> CertificateRules:
    where = "certificate"
    _keys(t, where, ("styles",), _CERT_KEYS)
    return CertificateRules(
        styles=_choices(t, "styles", where, CERTIFICATE_STYLES) or ("table",),
        treasury_delay_working_days=_int(t, "treasury_delay_working_days", where, 0),
        requires_treasury_entry=_bool(t, "requires_treasury_entry", where, False),
        offer_after_payment=_bool(t, "offer_after_payment", where, True),
        album_image=_bool(t, "album_image", where, True), asynchronous=_bool(t, "asynchronous", where, False),
        captcha_required=_bool(t, "captcha_required", where, False),
        available_from=_dates(t.get("available_from", {}), f"{where}.available_from", offered),
        after_daily_reconciliation_channels=tuple(str(c) for c in t.get("after_daily_reconciliation_channels", [])),
    )


def _bank_agreement(t: Any) -> BankAgreementRules:
    names = ("self_only", "cardholder_must_match", "tax_office_must_match", "effective_next_day", "face_verification")
    _keys(t, "bank_agreement", (), names)
    defaults = BankAgreementRules()
    return BankAgreementRules(**{n: _bool(t, n, "bank_agreement", getattr(defaults, n)) for n in names})


def _limits(t: Any) -> Limits:
    _keys(t, "limits", (), ("saved_payers", "query_default_period"))
    return Limits(
        saved_payers=_int(t, "saved_payers", "limits", 30, minimum=1),
        query_default_period=_choice(t, "query_default_period", "limits", frozenset({"this_year"}), "this_year"),
    )


def _notices(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RegionProfileError("notices: expected a list of non-empty strings")
    return tuple(value)


def _id_types(t: Table) -> tuple[str, ...]:
    id_types = _choices(t, "id_types", "profile", ID_TYPES)
    if not id_types:
        raise RegionProfileError("profile.id_types: a region needs at least one id type")
    return id_types


_TOP_REQUIRED = ("code", "name", "tax_bureau", "division_code", "platform", "channels", "id_types",
                 "saved_payers_mode", "refund_deadline_working_days", "menus", "insurance_types", "certificate")
_TOP_OPTIONAL = ("channels_for_others", "refund_earliest_working_days", "refund_deadline_demo", "batch_debit_types",
                 "notices", "limits", "bank_agreement", "nationality_required_for_others")


def parse_profile(raw: Table) -> RegionProfile:
    """A validated profile from one parsed TOML document. Raises: RegionProfileError."""
    t = _keys(raw, "profile", _TOP_REQUIRED, _TOP_OPTIONAL)
    types_table = _keys(t["insurance_types"], "insurance_types", (), INSURANCE_TYPES)
    if not types_table:
        raise RegionProfileError("insurance_types: a region needs at least one insurance type")
    rules = {code: _rule(code, body, f"insurance_types.{code}") for code, body in types_table.items()}
    channels = _choices(t, "channels", "profile", CHANNELS)
    if not channels:
        raise RegionProfileError("profile.channels: a region needs at least one channel")
    deadline = _int(t, "refund_deadline_working_days", "profile", minimum=1)
    earliest = _int(t, "refund_earliest_working_days", "profile", 0)
    if earliest > deadline:
        raise RegionProfileError("profile.refund_earliest_working_days: must not exceed the deadline")
    division = _str(t, "division_code", "profile")
    if not (len(division) == 6 and division.isdigit()):
        raise RegionProfileError("profile.division_code: expected 6 digits")
    return RegionProfile(
        code=_str(t, "code", "profile"), name=_str(t, "name", "profile"), tax_bureau=_str(t, "tax_bureau", "profile"),
        division_code=division, platform=_str(t, "platform", "profile"), menus=_menus(t["menus"], rules),
        insurance_types=MappingProxyType(rules), channels=channels,
        channels_for_others=_choices(t, "channels_for_others", "profile", channels, channels),
        id_types=_id_types(t), limits=_limits(t.get("limits", {})),
        saved_payers_mode=_choice(t, "saved_payers_mode", "profile", SAVED_PAYERS_MODES),
        refund_deadline_working_days=deadline, refund_earliest_working_days=earliest,
        refund_deadline_demo=_bool(t, "refund_deadline_demo", "profile", False),
        bank_agreement=_bank_agreement(t.get("bank_agreement", {})),
        batch_debit_types=_choices(t, "batch_debit_types", "profile", rules),
        certificate=_certificate(t["certificate"], rules), notices=_notices(t.get("notices", [])),
        nationality_required_for_others=_bool(t, "nationality_required_for_others", "profile", False),
    )
