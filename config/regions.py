"""Region profiles: each region's menus, insurance types, channels, limits and deadlines, as data.

One TOML file per region in `config/regions/` (the file name is the region code). The loader
refuses a profile it does not fully understand: unknown keys, amounts that are not positive
integer fen, a menu item naming an insurance type the region lacks, a grade list that is empty
for a by-grade type, ... each raise `RegionProfileError` naming the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

REGIONS_DIR = Path(__file__).resolve().parent / "regions"

ACTIONS: frozenset[str] = frozenset({
    "self_pay", "pay_for_others", "declaration_query", "payment_query", "void_declaration",
    "certificate_request", "certificate_download", "certificate_verify", "bank_agreement",
    "batch_debit_setting", "batch_debit_void", "social_insurance_query",
})
CHANNELS: frozenset[str] = frozenset({"wechat_pay", "alipay", "bank_agreement"})
DEPARTMENTS: frozenset[str] = frozenset({"hrss", "healthcare_security"})
PAYMENT_KINDS: frozenset[str] = frozenset({"normal", "back_payment", "special"})
ASSESSMENT_MODES: frozenset[str] = frozenset({"fixed", "by_grade", "by_base"})
PERIOD_UNITS: frozenset[str] = frozenset({"year", "month"})
SAVED_PAYERS_MODES: frozenset[str] = frozenset({"list", "each_time"})
CERTIFICATE_STYLES: frozenset[str] = frozenset({"table", "document"})


class RegionProfileError(ValueError):
    """A region profile file is missing, unreadable or breaks a rule; the message says where."""


@dataclass(frozen=True)
class MenuItem:
    """One entry of a region's service list, titled as in its manual.

    `insurance_types` lists every type the item covers (Hubei's 灵活就业人员保险 covers both
    flexible types, so its `insurance_type` is None); `for_others` marks an item that lets the
    user name another payer inside the same page (Beijing's 城乡居民医疗 缴费办理, 委托人).
    """

    code: str
    title: str
    action: str
    insurance_type: str | None = None
    insurance_types: tuple[str, ...] = ()
    for_others: bool = False


@dataclass(frozen=True)
class MenuGroup:
    code: str
    title: str
    items: tuple[MenuItem, ...]


@dataclass(frozen=True)
class Grade:
    """A contribution grade (缴费档次): `amount_fen` per period unit; `base_fen` the monthly
    contribution base it stands for, where the grade is a share of a base."""

    code: str
    name: str
    amount_fen: int
    base_fen: int | None = None


@dataclass(frozen=True)
class CollectionWindow:
    """The main collection window (集中征缴期) of a yearly type: for insured year Y it runs from
    `opens` to `closes` ("MM-DD") of year Y-1. After it closes and until the end of Y,
    `off_window` says whether a normal payment is still taken ("allow", with `off_window_notice`
    shown to the payer) or refused ("refuse")."""

    opens: str
    closes: str
    off_window: str = "allow"
    off_window_notice: str = ""
    demo_figures: bool = True

    def status(self, year: int, today: date) -> str:
        """main | off_window | not_open | closed, for paying insured year `year` on `today`."""
        opens = date(year - 1, int(self.opens[:2]), int(self.opens[3:]))
        closes = date(year - 1, int(self.closes[:2]), int(self.closes[3:]))
        if today < opens:
            return "not_open"
        if today <= closes:
            return "main"
        return "off_window" if today <= date(year, 12, 31) else "closed"


@dataclass(frozen=True)
class InsuranceTypeRule:
    """How one insurance type is assessed in a region.

    Amounts are per `period_unit` (a year or a month): fixed → `fixed_amount_fen`; by_grade →
    the chosen grade's `amount_fen`; by_base → base × `rate_basis_points` / 10000, the base
    within `base_range_fen` (inclusive). `demo_figures` is True where a figure is invented rather
    than taken from a manual or a public notice.
    """

    code: str
    name: str
    department: str
    payment_kinds: tuple[str, ...]
    assessment_mode: str
    period_unit: str
    max_months: int
    grades: tuple[Grade, ...] = ()
    fixed_amount_fen: int | None = None
    base_range_fen: tuple[int, int] | None = None
    rate_basis_points: int | None = None
    demo_figures: bool = False
    source: str = ""
    collection_window: CollectionWindow | None = None

    def grade(self, code: str | None) -> Grade | None:
        return next((g for g in self.grades if g.code == code), None)


@dataclass(frozen=True)
class Limits:
    saved_payers: int = 30
    query_default_period: str = "this_year"


@dataclass(frozen=True)
class BankAgreementRules:
    """Two-party debit agreement (两两协议) rules as the manuals state them."""

    self_only: bool = True
    cardholder_must_match: bool = True
    tax_office_must_match: bool = False
    effective_next_day: bool = False
    face_verification: bool = False


@dataclass(frozen=True)
class CertificateRules:
    """When and how a certificate (完税证明 / 缴费证明) may be issued.

    `available_from[insurance_type]`: the first payment date whose records get a certificate
    (Hubei: resident records on or before 2021-09-15 get none; flexible ones from 2019-01-01).
    `treasury_delay_working_days`: wait this long after payment when `requires_treasury_entry`
    cannot be confirmed (Guizhou: 3). `after_daily_reconciliation_channels`: channels whose
    payments get a certificate only after the daily reconciliation (Hubei: bank counter, batch).
    """

    styles: tuple[str, ...] = ("table",)
    treasury_delay_working_days: int = 0
    requires_treasury_entry: bool = False
    offer_after_payment: bool = True
    album_image: bool = True
    asynchronous: bool = False
    captcha_required: bool = False
    verification_code_digits: int = 16
    available_from: Mapping[str, date] = field(default_factory=lambda: MappingProxyType({}))
    after_daily_reconciliation_channels: tuple[str, ...] = ()

    def cutoff_for(self, insurance_type: str) -> date | None:
        return self.available_from.get(insurance_type)

    def allows(self, insurance_type: str, paid_on: date) -> bool:
        """Whether a payment made on `paid_on` may get a certificate (cut-off date only)."""
        first = self.available_from.get(insurance_type)
        return first is None or paid_on >= first


@dataclass(frozen=True)
class RegionProfile:
    """Everything region-specific the service needs; built only by `load_region_profiles`."""

    code: str
    name: str
    tax_bureau: str
    division_code: str
    platform: str
    menus: tuple[MenuGroup, ...]
    insurance_types: Mapping[str, InsuranceTypeRule]
    channels: tuple[str, ...]
    channels_for_others: tuple[str, ...]
    id_types: tuple[str, ...]
    limits: Limits
    saved_payers_mode: str
    refund_deadline_working_days: int
    refund_earliest_working_days: int
    refund_deadline_demo: bool
    bank_agreement: BankAgreementRules
    batch_debit_types: tuple[str, ...]
    certificate: CertificateRules
    notices: tuple[str, ...]
    # Beijing's 委托人 form: 姓名、身份证件类型、身份证件号码和国籍（地区） for another payer
    nationality_required_for_others: bool = False

    def rule(self, insurance_type: str) -> InsuranceTypeRule:
        """The rule of an insurance type the region offers. Raises: KeyError."""
        return self.insurance_types[insurance_type]

    def department_of(self, insurance_type: str) -> str:
        return self.insurance_types[insurance_type].department

    def menu_items(self) -> tuple[MenuItem, ...]:
        return tuple(item for group in self.menus for item in group.items)

    def offers_for_others(self, insurance_type: str) -> bool:
        """Whether a menu lets the user pay this type for another payer (a 代缴 item, or an
        item with `for_others`, like Beijing's 城乡居民医疗 缴费办理 with its 委托人)."""
        return any(
            insurance_type in item.insurance_types and (item.action == "pay_for_others" or item.for_others)
            for item in self.menu_items()
        )


def load_region_profile(path: Path) -> RegionProfile:
    """Read and validate one region file. Raises: RegionProfileError."""
    from config._region_parsing import parse_profile  # it imports the classes above

    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RegionProfileError(f"{path.name}: cannot read: {exc}") from exc
    try:
        profile = parse_profile(raw)
    except RegionProfileError as exc:
        raise RegionProfileError(f"{path.name}: {exc}") from exc
    if profile.code != path.stem:
        raise RegionProfileError(f"{path.name}: code {profile.code!r} must match the file name")
    return profile


def load_region_profiles(directory: Path | None = None) -> dict[str, RegionProfile]:
    """All region profiles in `directory` (default `config/regions/`), keyed by region code.

    Raises: RegionProfileError when the directory has no profile or any profile is invalid.
    """
    directory = directory or REGIONS_DIR
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise RegionProfileError(f"no region profiles (*.toml) in {directory}")
    profiles = [load_region_profile(path) for path in files]
    return {p.code: p for p in profiles}
