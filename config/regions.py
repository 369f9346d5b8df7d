"""Region profiles: each region's menus, insurance types, channels, limits and deadlines, as data.

One TOML file per region in `config/regions/` (the file name is the region code). The classes
below are frozen pydantic dataclasses: they are both the profile's shape and its validation. The
loader refuses a profile it does not fully understand: unknown keys, amounts that are not positive
integer fen, a "5" or a true where a number belongs, a menu item naming an insurance type the
region lacks, a grade list that is empty for a by-grade type, ... each raise `RegionProfileError`
naming the file and the key path (`hubei.toml: insurance_types.flexible_pension.grades: ...`).
"""

from __future__ import annotations

import tomllib
from dataclasses import field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Literal, get_args

from pydantic import (
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass

from config._region_parsing import (
    Action,
    AssessmentMode,
    CertificateStyle,
    Channel,
    Count,
    Department,
    DivisionCode,
    Fen,
    FenRange,
    IdType,
    InsuranceType,
    MonthDay,
    PaymentDevice,
    PaymentKind,
    PeriodUnit,
    Positive,
    ReadOnly,
    RecordsQueryOthers,
    SavedPayersMode,
    SignIn,
    Text,
    TomlDate,
    TypeCode,
    Unique,
    UniqueCodes,
    broken,
    problems,
)

REGIONS_DIR = Path(__file__).resolve().parent / "regions"

ACTIONS: frozenset[str] = frozenset(get_args(Action))
CHANNELS: frozenset[str] = frozenset(get_args(Channel))
DEPARTMENTS: frozenset[str] = frozenset(get_args(Department))
PAYMENT_KINDS: frozenset[str] = frozenset(get_args(PaymentKind))
ASSESSMENT_MODES: frozenset[str] = frozenset(get_args(AssessmentMode))
PERIOD_UNITS: frozenset[str] = frozenset(get_args(PeriodUnit))
SAVED_PAYERS_MODES: frozenset[str] = frozenset(get_args(SavedPayersMode))
CERTIFICATE_STYLES: frozenset[str] = frozenset(get_args(CertificateStyle))
INSURANCE_TYPES: frozenset[str] = frozenset(get_args(InsuranceType))

_PROFILE_DATA = ConfigDict(extra="forbid")


class RegionProfileError(ValueError):
    """A region profile file is missing, unreadable or breaks a rule; the message says where."""


@dataclass(frozen=True, config=_PROFILE_DATA)
class MenuItem:
    """One entry of a region's service list, titled as in its manual.

    `insurance_types` lists every type the item covers (Hubei's 灵活就业人员保险 covers both
    flexible types, so its `insurance_type` is None); in TOML it defaults to `[insurance_type]`.
    `for_others` marks an item that lets the user name another payer inside the same page
    (Beijing's 城乡居民医疗 缴费办理, 委托人).
    """

    code: Text
    title: Text
    action: Action
    insurance_type: StrictStr | None = None
    insurance_types: Unique[StrictStr] = ()
    for_others: StrictBool = False

    @model_validator(mode="before")
    @classmethod
    def _single_type_is_listed(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("insurance_type") is not None and "insurance_types" not in data:
            return {**data, "insurance_types": [data["insurance_type"]]}
        return data

    @field_validator("insurance_types")
    @classmethod
    def _covers_its_type(cls, types: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        single = info.data.get("insurance_type")
        if single is not None and single not in types:
            raise broken(f"must include insurance_type {single!r}")
        return types


@dataclass(frozen=True, config=_PROFILE_DATA)
class MenuGroup:
    code: Text
    title: Text
    items: tuple[MenuItem, ...]


@dataclass(frozen=True, config=_PROFILE_DATA)
class Grade:
    """A contribution grade (缴费档次): `amount_fen` per period unit; `base_fen` the monthly
    contribution base it stands for, where the grade is a share of a base."""

    code: Text
    name: Text
    amount_fen: Fen
    base_fen: Fen | None = None


@dataclass(frozen=True, config=_PROFILE_DATA)
class Choice:
    """One option of a choice the payer makes on a form (e.g. 核定提取方式)."""

    code: Text
    name: Text


@dataclass(frozen=True, config=_PROFILE_DATA)
class CollectionWindow:
    """The main collection window (集中征缴期) of a yearly type: for insured year Y it runs from
    `opens` to `closes` ("MM-DD") of year Y-1. After it closes and until the end of Y,
    `off_window` says whether a normal payment is still taken ("allow", with `off_window_notice`
    shown to the payer) or refused ("refuse")."""

    opens: MonthDay
    closes: MonthDay
    off_window: Literal["allow", "refuse"] = "allow"
    off_window_notice: StrictStr = ""
    demo_figures: StrictBool = True

    @model_validator(mode="after")
    def _opens_first(self) -> CollectionWindow:
        if self.opens > self.closes:
            raise broken("opens after it closes")
        return self

    def status(self, year: int, today: date) -> str:
        """main | off_window | not_open | closed, for paying insured year `year` on `today`."""
        opens = date(year - 1, int(self.opens[:2]), int(self.opens[3:]))
        closes = date(year - 1, int(self.closes[:2]), int(self.closes[3:]))
        if today < opens:
            return "not_open"
        if today <= closes:
            return "main"
        return "off_window" if today <= date(year, 12, 31) else "closed"


@dataclass(frozen=True, config=_PROFILE_DATA)
class InsuranceTypeRule:
    """How one insurance type is assessed in a region.

    Amounts are per `period_unit` (a year or a month): fixed → `fixed_amount_fen`; by_grade →
    the chosen grade's `amount_fen`; by_base → base × `rate_basis_points` / 10000, the base
    within `base_range_fen` (inclusive). `demo_figures` is True where a figure is invented rather
    than taken from a manual or a public notice. In TOML, `code` is the table's name.
    """

    code: Text
    name: Text
    department: Department
    payment_kinds: Unique[PaymentKind]
    assessment_mode: AssessmentMode
    period_unit: PeriodUnit
    max_months: Positive
    grades: UniqueCodes[Grade] = ()
    fixed_amount_fen: Fen | None = None
    base_range_fen: FenRange | None = None
    rate_basis_points: Positive | None = None
    demo_figures: StrictBool = False
    source: StrictStr = ""
    collection_window: CollectionWindow | None = None
    # Hubei's 灵活就业 (楚税通 / e-tax manual 000, 六): before 提取核定 the payer chooses 核定提取方式 (one
    # of these) and 登记所在地 (one of their registrations upstream). Empty: the region asks neither.
    extraction_methods: UniqueCodes[Choice] = ()

    @field_validator("payment_kinds")
    @classmethod
    def _normal_is_offered(cls, kinds: tuple[str, ...]) -> tuple[str, ...]:
        if "normal" not in kinds:
            raise broken("must include 'normal'")
        return kinds

    @field_validator("max_months")
    @classmethod
    def _whole_years(cls, months: int, info: ValidationInfo) -> int:
        if info.data.get("period_unit") == "year" and months % 12:
            raise broken("a yearly type needs whole years (a multiple of 12)")
        return months

    @field_validator("collection_window")
    @classmethod
    def _yearly_only(cls, window: CollectionWindow | None, info: ValidationInfo) -> CollectionWindow | None:
        if window is not None and info.data.get("period_unit") == "month":
            raise broken("only yearly types have a collection window")
        return window

    @model_validator(mode="after")
    def _assessable(self) -> InsuranceTypeRule:
        mode = self.assessment_mode
        if mode == "fixed" and self.fixed_amount_fen is None:
            raise broken("assessment_mode 'fixed' needs fixed_amount_fen")
        if mode == "by_grade" and not self.grades:
            raise broken("assessment_mode 'by_grade' needs at least one grade")
        if mode == "by_base" and (self.base_range_fen is None or self.rate_basis_points is None):
            raise broken("assessment_mode 'by_base' needs base_range_fen and rate_basis_points")
        for g in self.grades:
            if g.base_fen is not None and self.rate_basis_points is not None:
                expected = (g.base_fen * self.rate_basis_points + 5000) // 10000
                if g.amount_fen != expected:
                    raise broken(f"grades: {g.code} amount_fen {g.amount_fen} != base × rate {expected}")
        return self

    def grade(self, code: str | None) -> Grade | None:
        return next((g for g in self.grades if g.code == code), None)


@dataclass(frozen=True, config=_PROFILE_DATA)
class Limits:
    saved_payers: Positive = 30
    query_default_period: Literal["this_year"] = "this_year"


@dataclass(frozen=True, config=_PROFILE_DATA)
class BankAgreementRules:
    """Two-party debit agreement (两两协议) rules as the manuals state them. `tax_offices`: the
    tax offices an agreement may name (Beijing: 选择税务机关); empty, the agreement names none.
    `banks`: the banks (行别 codes of the withholding gateway, `app.agreements.BANKS`) the region
    signs agreements with (Beijing: 开户银行名称; Hubei: 银行行别); empty, none."""

    self_only: StrictBool = True
    cardholder_must_match: StrictBool = True
    tax_office_must_match: StrictBool = False
    effective_next_day: StrictBool = False
    face_verification: StrictBool = False
    tax_offices: tuple[Text, ...] = ()
    banks: tuple[Text, ...] = ()


@dataclass(frozen=True, config=_PROFILE_DATA)
class RealNameRules:
    """How an account is bound to a person (实名认证) before it declares or pays.

    `face_verification`: binding also needs a face check (Hubei's 楚税通: 签订银行卡缴费两两协议
    需进行实名认证, 选择实名认证方式). `upstream_check`: the name and id number are verified with
    upstream (人社 / 医保) before the binding counts.
    """

    face_verification: StrictBool = False
    upstream_check: StrictBool = True


@dataclass(frozen=True, config=_PROFILE_DATA)
class CertificateRules:
    """When and how a certificate (完税证明 / 缴费证明) may be issued.

    `available_from[insurance_type]`: the first payment date whose records get a certificate
    (Hubei: resident records on or before 2021-09-15 get none; flexible ones from 2019-01-01).
    `treasury_delay_working_days`: wait this long after payment when `requires_treasury_entry`
    cannot be confirmed (Guizhou: 3). `after_daily_reconciliation_channels`: channels whose
    payments get a certificate only after the daily reconciliation (Hubei: bank counter, batch).
    """

    styles: Unique[CertificateStyle]  # an empty list means the table style
    # what the region calls the document, printed as its title and on its verification page
    # (Hubei: 税收完税证明; Beijing: 社会保险费缴费证明)
    document_name: Text
    treasury_delay_working_days: Count = 0
    requires_treasury_entry: StrictBool = False
    offer_after_payment: StrictBool = True
    album_image: StrictBool = True
    asynchronous: StrictBool = False
    captcha_required: StrictBool = False
    query_captcha: StrictBool = False  # 完税证明查询 by period asks for a captcha (Guizhou)
    verification_code_digits: int = field(default=16, init=False)  # every manual's 证明校验码: not a profile key
    available_from: ReadOnly[TypeCode, TomlDate] = field(default_factory=lambda: MappingProxyType({}))
    after_daily_reconciliation_channels: tuple[Text, ...] = ()

    @field_validator("styles")
    @classmethod
    def _table_by_default(cls, styles: tuple[CertificateStyle, ...]) -> tuple[CertificateStyle, ...]:
        return styles or ("table",)

    def cutoff_for(self, insurance_type: str) -> date | None:
        return self.available_from.get(insurance_type)

    def allows(self, insurance_type: str, paid_on: date) -> bool:
        """Whether a payment made on `paid_on` may get a certificate (cut-off date only)."""
        first = self.available_from.get(insurance_type)
        return first is None or paid_on >= first


@dataclass(frozen=True, kw_only=True, config=_PROFILE_DATA)
class RegionProfile:
    """Everything region-specific the service needs; built only by `load_region_profiles`.

    In TOML, `channels_for_others` defaults to `channels`. `devices`: for each of `channels`, the
    devices it is offered on here (the mini-program, a phone app, a computer's QR code, a bank
    debit); checkout refuses another (`device_not_offered`). `declaration_expiry_hours`: an unpaid
    declaration expires this long after it was declared.
    """

    code: Text
    name: Text
    tax_bureau: Text
    division_code: DivisionCode
    platform: Text
    menus: tuple[MenuGroup, ...] = Field(min_length=1)
    insurance_types: ReadOnly[TypeCode, InsuranceTypeRule] = Field(min_length=1)
    channels: Unique[Channel] = Field(min_length=1)
    channels_for_others: Unique[Channel]
    devices: ReadOnly[Channel, Unique[PaymentDevice]]
    id_types: Unique[IdType] = Field(min_length=1)
    limits: Limits = Limits()
    saved_payers_mode: SavedPayersMode
    refund_deadline_working_days: Positive
    refund_earliest_working_days: Count = 0
    refund_deadline_demo: StrictBool = False
    bank_agreement: BankAgreementRules = BankAgreementRules()
    batch_debit_types: Unique[TypeCode] = ()
    certificate: CertificateRules
    notices: tuple[Text, ...] = ()
    # Beijing's 委托人 form: 姓名、身份证件类型、身份证件号码和国籍（地区） for another payer
    nationality_required_for_others: StrictBool = False
    declaration_expiry_hours: StrictInt = Field(default=24, ge=1, le=720)
    real_name: RealNameRules = RealNameRules()
    # the sign-ins the region accepts (each must lead to a payment): wechat (wx.login); alipay
    # (my.getAuthCode: the region must offer the alipay channel, and where binding needs a face the
    # person verifies with Alipay's own 人脸核身)
    sign_ins: Unique[SignIn] = ("wechat",)
    # 社保费申报查询 of someone else: "related" (the payer, their saved payers, people they declared for)
    # or "verified" (Guizhou, manual 001 2.9: anyone, once upstream confirms the name belongs to the id
    # number; limited per account, audited, and showing upstream's 缴费信息 only)
    records_query_others: RecordsQueryOthers = "related"
    # Hubei: the 批扣协议 is signed at the bank and run through the tax bureau's system: upstream
    # says who is inside a batch window (list_batch_debit_windows) for `batch_debit_types`
    batch_debit_at_bank: StrictBool = False

    @model_validator(mode="before")
    @classmethod
    def _toml_conventions(cls, data: object) -> object:
        """A TOML profile names each rule by its table and may leave `channels_for_others` out."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "channels" in data:
            data.setdefault("channels_for_others", data["channels"])
        rules = data.get("insurance_types")
        if isinstance(rules, dict):
            named = next((code for code, body in rules.items() if isinstance(body, dict) and "code" in body), None)
            if named is not None:
                raise broken(f"insurance_types.{named}: unknown key 'code' (the table's name is the code)")
            data["insurance_types"] = {
                code: {"code": code, **body} if isinstance(body, dict) else body for code, body in rules.items()
            }
        return data

    @model_validator(mode="after")
    def _menus_consistent(self) -> RegionProfile:
        codes = [g.code for g in self.menus] + [item.code for item in self.menu_items()]
        if len(set(codes)) != len(codes):
            raise broken("menus: group and item codes must be distinct")
        for i, group in enumerate(self.menus):
            for j, item in enumerate(group.items):
                where = f"menus[{i}].items[{j}]"
                if item.insurance_type is not None:
                    self._offered(f"{where}.insurance_type", (item.insurance_type,))
                self._offered(f"{where}.insurance_types", item.insurance_types)
        return self

    @model_validator(mode="after")
    def _cross_references(self) -> RegionProfile:
        if not set(self.channels_for_others) <= set(self.channels):
            raise broken("channels_for_others: must be among channels")
        if set(self.devices) != set(self.channels) or not all(self.devices.values()):
            raise broken("devices: list the devices of each channel, and only of channels")
        if self.refund_earliest_working_days > self.refund_deadline_working_days:
            raise broken("refund_earliest_working_days: must not exceed refund_deadline_working_days")
        for code, rule in self.insurance_types.items():
            if rule.code != code:
                raise broken(f"insurance_types.{code}.code: must be the table's name {code!r}")
        if "alipay" in self.sign_ins and "alipay" not in self.channels:
            raise broken("sign_ins: alipay sign-in needs the alipay channel (an Alipay user pays with Alipay)")
        self._offered("batch_debit_types", self.batch_debit_types)
        self._offered("certificate.available_from", tuple(self.certificate.available_from))
        return self

    def _offered(self, where: str, types: tuple[str, ...]) -> None:
        lacking = [t for t in types if t not in self.insurance_types]
        if lacking:
            raise broken(f"{where}: {lacking[0]!r} is not an insurance type of this region")

    def offers_device(self, channel: str, device: str) -> bool:
        """Whether this region lets `channel` be paid with `device` (spec.Device names)."""
        return any(device in names for name, names in self.devices.items() if name == channel)

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


_PROFILE = TypeAdapter(RegionProfile)


def load_region_profile(path: Path) -> RegionProfile:
    """Read and validate one region file. Raises: RegionProfileError."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RegionProfileError(f"{path.name}: cannot read: {exc}") from exc
    try:
        profile = _PROFILE.validate_python(raw)
    except ValidationError as exc:
        raise RegionProfileError(f"{path.name}: {problems(exc)}") from exc
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
