"""Demo payers the upstream sandbox knows: enrollments, months owed, special assessments.

Every id number is a valid resident id (GB 11643 check digit) built from a real division code:
Wuhan 江岸区 420102, Guiyang 南明区 520102, Beijing 东城区 110101. Names are invented. Per region
there is one payer per insurance type the region offers, one payer with no enrollment at all,
and a household (a parent and two relatives). Owed-month amounts are upstream's own figures
(the 60% grade of the region profile, late fees where shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from app.identity.id_numbers import make_resident_id
from app.upstream.interfaces import AssessmentLine, Enrollment, PersonRef


@dataclass(frozen=True)
class DemoPerson:
    """A payer as hrss / healthcare_security hold them.

    `owed_months[insurance_type]`: the months owed (补缴) and their amounts; `special[...]`:
    Beijing's 人社核定的特殊缴费 lines; `household` groups a family, `relation` is the person's
    place in it (本人 / 配偶 / 子女).
    """

    id_type: str
    id_number: str
    name: str
    region: str
    enrollments: tuple[Enrollment, ...] = ()
    owed_months: Mapping[str, tuple[AssessmentLine, ...]] = field(default_factory=dict)
    special: Mapping[str, tuple[AssessmentLine, ...]] = field(default_factory=dict)
    household: str | None = None
    relation: str | None = None
    history: tuple[HistoryRecord, ...] = ()  # paid at other channels (bank counter, tax hall)

    @property
    def person(self) -> PersonRef:
        return PersonRef(self.id_type, self.id_number, self.name)

    def enrollment(self, insurance_type: str, region: str) -> Enrollment | None:
        return next(
            (e for e in self.enrollments if e.insurance_type == insurance_type and e.region == region), None
        )


@dataclass(frozen=True)
class HistoryRecord:
    """A payment made before, at a channel other than ours; its months count as paid."""

    region: str
    insurance_type: str
    period_start: str
    period_end: str
    amount_fen: int
    paid_on: date
    channel_label: str
    receipt_no: str


@dataclass(frozen=True)
class _Place:
    region: str
    enrollment_region: str
    tax_office: str
    agencies: Mapping[str, str]


_PLACES = {
    "hubei": _Place("hubei", "湖北省武汉市江岸区", "国家税务总局武汉市江岸区税务局", {
        "hrss": "武汉市社会保险中心江岸区分中心", "healthcare_security": "武汉市江岸区医疗保障服务中心"}),
    "guizhou": _Place("guizhou", "贵州省贵阳市南明区", "国家税务总局贵阳市南明区税务局", {
        "hrss": "贵阳市南明区社会保险事业局", "healthcare_security": "贵阳市南明区医疗保障服务中心"}),
    "beijing": _Place("beijing", "北京市东城区", "国家税务总局北京市东城区税务局", {
        "hrss": "北京市东城区社会保险事业管理中心", "healthcare_security": "北京市东城区医疗保障事务中心"}),
}
DEMO_PLACES = {region: place.enrollment_region for region, place in _PLACES.items()}  # 登记所在地 of the demo people
_DEPARTMENT = {
    "resident_pension": "hrss", "flexible_pension": "hrss",
    "resident_medical": "healthcare_security", "flexible_medical": "healthcare_security",
}


def _enrolled(
    region: str, *types: str, since: date = date(2015, 1, 1), status: str = "active"
) -> tuple[Enrollment, ...]:
    place = _PLACES[region]
    return tuple(
        Enrollment(
            insurance_type=t, region=region, agency=place.agencies[_DEPARTMENT[t]],
            enrollment_region=place.enrollment_region, tax_office=place.tax_office, status=status, since=since,
        )
        for t in types
    )


def _owed(months: list[str], amount_fen: int, late_fees: Mapping[str, int] | None = None) -> tuple[AssessmentLine, ...]:
    fees = late_fees or {}
    return tuple(AssessmentLine(m, amount_fen, fees.get(m, 0)) for m in months)


def _id(region6: str, born: str, seq3: str) -> str:
    return make_resident_id(region6, date.fromisoformat(born), seq3)


RID = "resident_id_card"

HUBEI: tuple[DemoPerson, ...] = (
    DemoPerson(RID, _id("420102", "1990-03-15", "022"), "张敏", "hubei", _enrolled("hubei", "resident_medical"),
               history=(HistoryRecord("hubei", "resident_medical", "202501", "202512", 38000, date(2024, 11, 20),
                                      "银行柜面", "DZ4220241120000017"),)),
    DemoPerson(RID, _id("420102", "1968-07-08", "013"), "李建国", "hubei",
               _enrolled("hubei", "resident_pension", "resident_medical"),
               owed_months={"resident_pension": _owed(["202501"], 20000)}, household="hubei-li", relation="本人",
               history=(HistoryRecord("hubei", "resident_pension", "202401", "202412", 20000, date(2024, 3, 6),
                                      "办税服务厅", "DZ4220240306000052"),)),
    DemoPerson(RID, _id("420102", "1970-11-20", "024"), "王秀兰", "hubei",
               _enrolled("hubei", "resident_pension", "resident_medical"), household="hubei-li", relation="配偶"),
    DemoPerson(RID, _id("420102", "2012-05-06", "035"), "李晓明", "hubei",
               _enrolled("hubei", "resident_medical", since=date(2012, 6, 1)), household="hubei-li", relation="子女"),
    DemoPerson(RID, _id("420102", "1985-09-09", "051"), "陈刚", "hubei",
               _enrolled("hubei", "flexible_pension", "flexible_medical", since=date(2020, 7, 1)),
               owed_months={
                   "flexible_pension": _owed(["202507", "202508", "202509", "202510"], 72000),
                   "flexible_medical": _owed(["202509", "202510"], 28800),
               }),
    DemoPerson(RID, _id("420102", "1993-04-27", "046"), "周婷", "hubei"),
)

GUIZHOU: tuple[DemoPerson, ...] = (
    DemoPerson(RID, _id("520102", "1983-04-12", "017"), "杨波", "guizhou",
               _enrolled("guizhou", "flexible_pension", since=date(2019, 3, 1)), household="guizhou-yang",
               relation="本人"),
    DemoPerson(RID, _id("520102", "1985-08-30", "028"), "刘芳", "guizhou",
               _enrolled("guizhou", "flexible_pension", since=date(2021, 1, 1)), household="guizhou-yang",
               relation="配偶"),
    DemoPerson(RID, _id("520102", "2003-01-25", "019"), "杨帆", "guizhou",
               _enrolled("guizhou", "flexible_pension", since=date(2025, 1, 1)), household="guizhou-yang",
               relation="子女"),
    DemoPerson(RID, _id("520102", "1976-12-01", "031"), "吴强", "guizhou",
               _enrolled("guizhou", "flexible_pension", since=date(2018, 5, 1)),
               owed_months={"flexible_pension": _owed(
                   ["202509", "202510", "202511", "202512"], 78000, {"202509": 1170, "202510": 780})}),
    DemoPerson(RID, _id("520102", "1992-06-18", "046"), "黄丽", "guizhou"),
    DemoPerson(RID, _id("520102", "1958-02-14", "052"), "赵桂兰", "guizhou",
               _enrolled("guizhou", "resident_pension", "resident_medical")),
)

BEIJING: tuple[DemoPerson, ...] = (
    DemoPerson(RID, _id("110101", "1965-10-10", "011"), "王建华", "beijing",
               _enrolled("beijing", "resident_pension", "resident_medical"),
               special={"resident_pension": _owed(["202401"], 150000)}, household="beijing-wang", relation="本人"),
    DemoPerson(RID, _id("110101", "1967-03-03", "022"), "孙丽娟", "beijing",
               _enrolled("beijing", "resident_pension", "resident_medical"), household="beijing-wang", relation="配偶"),
    DemoPerson(RID, _id("110101", "2015-09-01", "046"), "王子涵", "beijing",
               _enrolled("beijing", "resident_medical", since=date(2015, 10, 1)), household="beijing-wang",
               relation="子女"),
    DemoPerson("hk_mo_tw_residence_permit", _id("810000", "1988-02-02", "023"), "陈美玲", "beijing",
               _enrolled("beijing", "resident_medical", since=date(2020, 1, 1))),
    DemoPerson(RID, _id("110101", "1995-12-12", "015"), "刘洋", "beijing"),
)

DEMO_PEOPLE: tuple[DemoPerson, ...] = HUBEI + GUIZHOU + BEIJING
