"""What the upstream sandbox decides, as pure functions: periods, amounts from the region profile.

Amounts follow the region profile: fixed → `fixed_amount_fen` per unit; by_grade → the grade's
`amount_fen` per unit; by_base → base × rate (basis points, rounded half up to the fen) per
month. Back-payment and special assessments are upstream's own sheet (the payer's owed lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from app.money import fen_to_text
from app.upstream.interfaces import AssessmentLine, AssessmentRequest, UpstreamRejected
from config.regions import InsuranceTypeRule

REASONS: dict[str, str] = {
    "not_enrolled": "该人员未参加该险种",
    "already_paid": "该期间已缴费",
    "extraction_method_invalid": "核定提取方式不正确",
    "registration_place_mismatch": "登记所在地与灵活就业登记信息不符",
    "posting_failed": "到账确认失败",
    "grade_not_allowed": "缴费档次不在本地区可选范围内",
    "base_out_of_range": "缴费基数超出本地区规定范围",
    "period_not_allowed": "费款所属期不符合缴费规定",
    "payment_kind_not_allowed": "该险种不支持此缴费类型",
    "insurance_type_not_offered": "本地区暂不支持该险种",
    "no_assessment": "未查询到应缴费核定信息",
    "person_mismatch": "证件号码与姓名不一致",
    "amount_mismatch": "缴费金额与核定金额不一致",
    "posting_no_reused": "到账确认流水号重复",
}

_MONTH = re.compile(r"(19|20)\d{2}(0[1-9]|1[0-2])")


def rejected(code: str, detail: str = "") -> UpstreamRejected:
    """An UpstreamRejected with the stable code and the Chinese reason (plus a detail)."""
    message = REASONS.get(code, code)
    return UpstreamRejected(f"{message}：{detail}" if detail else message, code=code)


def months_between(start: str, end: str) -> tuple[str, ...]:
    """Every YYYYMM month from start to end inclusive. Raises: period_not_allowed."""
    if not (_MONTH.fullmatch(start) and _MONTH.fullmatch(end)) or start > end:
        raise rejected("period_not_allowed", "费款所属期格式应为YYYYMM且起不晚于止")
    y, m = int(start[:4]), int(start[4:])
    months = []
    while f"{y}{m:02d}" <= end:
        months.append(f"{y}{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(months)


def check_period(rule: InsuranceTypeRule, request: AssessmentRequest, today: date) -> tuple[str, ...]:
    """The months of the request if the profile allows them. Raises: period_not_allowed."""
    months = months_between(request.period_start, request.period_end)
    if len(months) > rule.max_months:
        raise rejected("period_not_allowed", f"最多{rule.max_months}个月")
    if request.payment_kind != "normal":
        return months
    if rule.period_unit == "year" and (len(months) != 12 or not months[0].endswith("01")):
        raise rejected("period_not_allowed", "该险种按年缴费，费款所属期应为当年1月至12月")
    first_year, last_year = int(months[0][:4]), int(months[-1][:4])
    if first_year < today.year - 1 or last_year > today.year + 1:
        raise rejected("period_not_allowed", "正常缴费只能缴纳上年至次年的费款")
    return months


def _unit_amount(rule: InsuranceTypeRule, request: AssessmentRequest) -> int:
    if rule.assessment_mode == "fixed":
        assert rule.fixed_amount_fen is not None
        return rule.fixed_amount_fen
    if rule.assessment_mode == "by_grade":
        grade = rule.grade(request.grade)
        if grade is None:
            raise rejected("grade_not_allowed", "可选档次：" + "、".join(g.name for g in rule.grades))
        return grade.amount_fen
    assert rule.base_range_fen is not None and rule.rate_basis_points is not None
    low, high = rule.base_range_fen
    base = request.contribution_base_fen
    if base is None or isinstance(base, bool) or not low <= base <= high:
        raise rejected("base_out_of_range", f"缴费基数应在{fen_to_text(low)}至{fen_to_text(high)}之间")
    return (base * rule.rate_basis_points + 5000) // 10000


def normal_lines(
    rule: InsuranceTypeRule, request: AssessmentRequest, months: tuple[str, ...]
) -> tuple[AssessmentLine, ...]:
    """Lines for a normal payment: one per month, or one per year (dated January) for yearly types.

    Raises: grade_not_allowed, base_out_of_range.
    """
    amount = _unit_amount(rule, request)
    if rule.period_unit == "year":
        return tuple(AssessmentLine(m, amount) for m in months if m.endswith("01"))
    return tuple(AssessmentLine(m, amount) for m in months)


def sheet_lines(
    sheet: Iterable[AssessmentLine], months: tuple[str, ...], paid: set[str]
) -> tuple[AssessmentLine, ...]:
    """Upstream's own lines (owed or special) within the months. Raises: no_assessment, already_paid."""
    wanted = set(months)
    in_range = [line for line in sheet if line.month in wanted]
    if not in_range:
        raise rejected("no_assessment", "所选期间无需补缴或特殊缴费的费款")
    unpaid = tuple(line for line in in_range if line.month not in paid)
    if not unpaid:
        raise rejected("already_paid")
    return unpaid


def total(lines: Iterable[AssessmentLine]) -> int:
    return sum(line.amount_fen + line.late_fee_fen for line in lines)
