"""Region profiles: the three manuals as data, and a broken profile refused with a clear error."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from config.regions import REGIONS_DIR, RealNameRules, RegionProfile, RegionProfileError, load_region_profiles


@pytest.fixture(scope="module")
def profiles() -> dict[str, RegionProfile]:
    return load_region_profiles()


def _titles(profile: RegionProfile) -> dict[str, list[tuple[str, str, str | None]]]:
    return {g.title: [(i.title, i.action, i.insurance_type) for i in g.items] for g in profile.menus}


def test_all_three_load(profiles: dict[str, RegionProfile]) -> None:
    assert set(profiles) == {"hubei", "guizhou", "beijing"}
    assert profiles["hubei"].tax_bureau == "国家税务总局湖北省税务局"
    assert profiles["guizhou"].tax_bureau == "国家税务总局贵州省税务局"
    assert profiles["beijing"].tax_bureau == "国家税务总局北京市税务局"
    for p in profiles.values():
        assert p.limits.saved_payers == 30 and p.limits.query_default_period == "this_year"
        assert "resident_id_card" in p.id_types and "wechat_pay" in p.channels
        assert set(p.channels_for_others) <= set(p.channels)


def test_hubei_follows_chushuitong(profiles: dict[str, RegionProfile]) -> None:
    hubei = profiles["hubei"]
    assert _titles(hubei) == {
        "城乡居民医疗保险": [
            ("城乡居民医疗保险自缴", "self_pay", "resident_medical"),
            ("城乡居民医疗保险代缴", "pay_for_others", "resident_medical"),
            ("城乡居民医疗保险缴款信息查询", "payment_query", "resident_medical"),
        ],
        "城乡居民养老保险": [
            ("城乡居民养老保险自缴", "self_pay", "resident_pension"),
            ("城乡居民养老保险代缴", "pay_for_others", "resident_pension"),
            ("城乡居民养老保险缴款信息查询", "payment_query", "resident_pension"),
        ],
        "灵活就业人员保险": [
            ("灵活就业人员保险", "self_pay", None),
            ("灵活就业人员代缴", "pay_for_others", None),
            ("灵活就业人员保险缴款信息查询", "payment_query", None),
        ],
    }
    flexible = hubei.menus[2].items[0]
    assert flexible.insurance_types == ("flexible_pension", "flexible_medical")
    assert hubei.channels == ("wechat_pay", "alipay", "bank_agreement")
    assert hubei.channels_for_others == ("wechat_pay", "alipay")  # 代缴: 第三方支付（微信、支付宝）
    assert hubei.saved_payers_mode == "list" and hubei.refund_deadline_working_days == 7
    assert hubei.bank_agreement.face_verification and hubei.bank_agreement.self_only  # 扫脸支付
    assert set(hubei.batch_debit_types) == {"resident_medical", "resident_pension"}


def test_hubei_rules_and_certificate_cutoffs(profiles: dict[str, RegionProfile]) -> None:
    hubei = profiles["hubei"]
    medical = hubei.rule("resident_medical")
    assert (medical.assessment_mode, medical.period_unit, medical.fixed_amount_fen) == ("fixed", "year", 40000)
    assert not medical.demo_figures and medical.department == "healthcare_security"
    assert hubei.rule("resident_pension").payment_kinds == ("normal", "back_payment")
    assert hubei.department_of("flexible_pension") == "hrss"
    flexible = hubei.rule("flexible_pension")
    assert flexible.assessment_mode == "by_grade" and flexible.demo_figures
    assert all(g.amount_fen == g.base_fen * 2000 // 10000 for g in flexible.grades if g.base_fen)
    assert hubei.rule("flexible_medical").assessment_mode == "by_base"
    cert = hubei.certificate
    assert set(cert.styles) == {"table", "document"} and cert.offer_after_payment and cert.album_image
    assert not cert.allows("resident_medical", date(2021, 9, 15))  # 2021年9月15日（含）之前 … 暂不提供
    assert cert.allows("resident_pension", date(2021, 9, 16))
    assert cert.allows("flexible_pension", date(2019, 1, 1))
    assert not cert.allows("flexible_medical", date(2018, 12, 31))
    assert any("到账确认失败" in n for n in hubei.notices)
    assert any("7个工作日" in n for n in hubei.notices)


def test_guizhou_follows_the_wechat_function_list(profiles: dict[str, RegionProfile]) -> None:
    guizhou = profiles["guizhou"]
    assert _titles(guizhou) == {
        "灵活就业社保费业务": [
            ("自主缴费", "self_pay", "flexible_pension"),
            ("代他人缴费", "pay_for_others", "flexible_pension"),
        ],
        "城乡居民社保费业务": [  # issue 3: Guizhou's resident figures, beyond the manual's screens
            ("城乡居民养老保险缴费", "self_pay", "resident_pension"),
            ("城乡居民医疗保险缴费", "self_pay", "resident_medical"),
            ("城乡居民代他人缴费", "pay_for_others", None),
        ],
        "社保费查询": [
            ("社保费申报查询", "social_insurance_query", None),
            ("完税证明查询", "certificate_request", None),
        ],
    }
    assert list(guizhou.insurance_types) == ["flexible_pension", "resident_pension", "resident_medical"]
    grades = [g.amount_fen // 100 for g in guizhou.rule("resident_pension").grades]
    assert grades == [300, 400, 600, 800, 1000, 1500, 2000, 2500, 3000]
    assert guizhou.rule("resident_medical").fixed_amount_fen == 40000
    assert guizhou.rule("flexible_pension").payment_kinds == ("normal", "back_payment")
    assert guizhou.channels == ("wechat_pay",) and guizhou.saved_payers_mode == "each_time"
    assert (guizhou.refund_earliest_working_days, guizhou.refund_deadline_working_days) == (2, 5)
    cert = guizhou.certificate
    assert cert.treasury_delay_working_days == 3 and cert.requires_treasury_entry and cert.captcha_required
    refund_notice = "扣款成功后可能会存在缴费失败情况，这时将在2-5个工作日按原渠道退还费款。请保留支付凭证备查。"
    assert refund_notice in guizhou.notices
    assert any("延迟一天" in n for n in guizhou.notices)


def test_beijing_follows_the_mobile_e_tax_bureau(profiles: dict[str, RegionProfile]) -> None:
    beijing = profiles["beijing"]
    assert _titles(beijing) == {
        "城乡居民养老": [
            ("缴费办理", "self_pay", "resident_pension"),
            ("申报记录查询", "declaration_query", "resident_pension"),
            ("缴费记录查询", "payment_query", "resident_pension"),
            ("批量扣款缴费金额设置", "batch_debit_setting", "resident_pension"),
            ("批量扣款缴费金额作废", "batch_debit_void", "resident_pension"),
        ],
        "城乡居民医疗": [
            ("缴费办理", "self_pay", "resident_medical"),
            ("已申报作废", "void_declaration", "resident_medical"),
            ("缴费记录查询", "payment_query", "resident_medical"),
        ],
        "缴费协议办理": [("缴费协议", "bank_agreement", None)],
        "开具社保缴费记录": [
            ("记录打印", "certificate_request", None),
            ("记录下载", "certificate_download", None),
            ("记录查验", "certificate_verify", None),
        ],
    }
    assert beijing.menus[1].items[0].for_others  # 选择他人: 委托人
    pension = beijing.rule("resident_pension")
    assert pension.payment_kinds == ("normal", "special")
    amounts = [g.amount_fen for g in pension.grades]
    assert amounts[0] == 100_000 and amounts[-1] == 900_000 and amounts == sorted(amounts)
    assert beijing.rule("resident_medical").demo_figures
    agreement = beijing.bank_agreement
    assert agreement.self_only and agreement.cardholder_must_match and agreement.tax_office_must_match
    assert agreement.effective_next_day
    assert beijing.batch_debit_types == ("resident_pension",)
    assert beijing.certificate.asynchronous and beijing.certificate.captcha_required
    assert beijing.refund_deadline_demo


def test_declaration_expiry_and_real_name(profiles: dict[str, RegionProfile]) -> None:
    assert {p.declaration_expiry_hours for p in profiles.values()} == {24}  # no manual gives a figure
    assert {code for code, p in profiles.items() if p.real_name.face_verification} == {"hubei"}  # 选择实名认证方式
    assert all(p.real_name.upstream_check for p in profiles.values())


def test_profiles_are_frozen(profiles: dict[str, RegionProfile]) -> None:
    hubei = profiles["hubei"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hubei.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hubei.insurance_types["x"] = hubei.rule("resident_medical")  # type: ignore[index]


def test_amounts_are_integer_fen(profiles: dict[str, RegionProfile]) -> None:
    for p in profiles.values():
        for rule in p.insurance_types.values():
            amounts = [g.amount_fen for g in rule.grades] + [rule.fixed_amount_fen or 1]
            assert all(type(a) is int and a > 0 for a in amounts), (p.code, rule.code)


# ---- broken profiles ----

def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _hubei() -> str:
    return (REGIONS_DIR / "hubei.toml").read_text(encoding="utf-8")


def _refused(directory: Path) -> str:
    with pytest.raises(RegionProfileError) as caught:
        load_region_profiles(directory)
    return str(caught.value)


def test_a_copy_of_a_good_profile_loads(tmp_path: Path) -> None:
    assert set(load_region_profiles(_write(tmp_path, "hubei.toml", _hubei()))) == {"hubei"}


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    anchor = "max_months = 12\nfixed_amount_fen = 40000"
    text = _hubei().replace(anchor, anchor + "\nfoo = 1")
    message = _refused(_write(tmp_path, "hubei.toml", text))
    assert "hubei.toml" in message and "insurance_types.resident_medical" in message and "'foo'" in message


@pytest.mark.parametrize("amount", ["400.0", "-40000", '"40000"', "0", "true"])
def test_bad_amount_is_refused(tmp_path: Path, amount: str) -> None:
    text = _hubei().replace("fixed_amount_fen = 40000", f"fixed_amount_fen = {amount}")
    assert "fixed_amount_fen" in _refused(_write(tmp_path, "hubei.toml", text))


def test_grade_inconsistent_with_base_and_rate_is_refused(tmp_path: Path) -> None:
    text = _hubei().replace("base_fen = 360000,  amount_fen = 72000", "base_fen = 360000,  amount_fen = 72001")
    assert "p60" in _refused(_write(tmp_path, "hubei.toml", text))


def test_menu_item_for_an_insurance_type_the_region_lacks_is_refused(tmp_path: Path) -> None:
    text = (REGIONS_DIR / "guizhou.toml").read_text(encoding="utf-8").replace(
        'action = "pay_for_others"\n  insurance_type = "flexible_pension"',
        'action = "pay_for_others"\n  insurance_type = "flexible_medical"',
    )
    message = _refused(_write(tmp_path, "guizhou.toml", text))
    assert "menus[0].items[1].insurance_type" in message and "flexible_medical" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('action = "self_pay"', 'action = "pay_now"', "action"),
        ('department = "hrss"', 'department = "tax"', "department"),
        ('assessment_mode = "fixed"', 'assessment_mode = "by_grade"', "needs at least one grade"),
        ('channels = ["wechat_pay", "alipay", "bank_agreement"]', 'channels = ["cash"]', "channels"),
        ('code = "hubei"', 'code = "wuhan"', "must match the file name"),
        ("resident_medical = 2021-09-16", 'resident_medical = "2021-09-16"', "available_from"),
        ('saved_payers = 30 ', 'saved_payers = 0 ', "saved_payers"),
        ('code = "hubei"\n', 'code = "hubei"\nfoo = 1\n', "hubei.toml: unknown key 'foo'"),
        ('platform = "楚税通"\n', "", "hubei.toml: missing key 'platform'"),
        ('platform = "楚税通"', 'platform = " "', "platform: expected a non-empty string"),
        ('division_code = "420000"', 'division_code = "4200"', "division_code"),
        ('id_types = ["resident_id_card",', 'id_types = ["army_card",', "id_types[0]: unknown id type 'army_card'"),
        ('channels = ["wechat_pay", "alipay", "bank_agreement"]', 'channels = ["wechat_pay", "bank_agreement"]',
         "channels_for_others: must be among channels"),
        ('channels_for_others = ["wechat_pay", "alipay"]', 'channels_for_others = ["alipay", "alipay"]',
         "channels_for_others: values must be distinct"),
        ("refund_earliest_working_days = 0", "refund_earliest_working_days = 8",
         "refund_earliest_working_days: must not exceed refund_deadline_working_days"),
        ('batch_debit_types = ["resident_medical", "resident_pension"]', 'batch_debit_types = ["employee_medical"]',
         "batch_debit_types: 'employee_medical' is not an insurance type of this region"),
        ("flexible_medical = 2019-01-01", "employee_medical = 2019-01-01",
         "certificate.available_from: 'employee_medical' is not an insurance type of this region"),
        ('styles = ["table", "document"]', 'styles = ["table", "table"]',
         "certificate.styles: values must be distinct"),
        ('department = "healthcare_security"', 'department = "healthcare_security"\ncode = "resident_medical"',
         "insurance_types.resident_medical: unknown key 'code'"),
        ("[insurance_types.flexible_medical]", "[insurance_types.flexible_dental]",
         "insurance_types.flexible_dental: unknown insurance type 'flexible_dental'"),
        ('payment_kinds = ["normal"]', 'payment_kinds = ["back_payment"]',
         "insurance_types.resident_medical.payment_kinds: must include 'normal'"),
        ("max_months = 60", "max_months = 18",
         "insurance_types.resident_pension.max_months: a yearly type needs whole years"),
        ('{ code = "p80",', '{ code = "p60",',
         "hubei.toml: insurance_types.flexible_pension.grades: codes must be distinct"),
        ("fixed_amount_fen = 40000 ", "# fixed_amount_fen = 40000 ", "assessment_mode 'fixed' needs fixed_amount_fen"),
        ("base_range_fen = [360000, 1800000]", "",
         "assessment_mode 'by_base' needs base_range_fen and rate_basis_points"),
        ("base_range_fen = [360000, 1800000]", "base_range_fen = [1800000, 360000]",
         "insurance_types.flexible_medical.base_range_fen: expected [low, high] with low <= high"),
        ('closes = "12-31"', 'closes = "08-31"', "insurance_types.resident_medical.collection_window: opens after it"),
        ('opens = "09-01"', 'opens = "02-29"', "collection_window.opens: expected 'MM-DD'"),
        ('source = "demo: base 3600–18000 元/月 × 8%"',
         'source = "demo"\n[insurance_types.flexible_medical.collection_window]\nopens = "09-01"\ncloses = "12-31"',
         "insurance_types.flexible_medical.collection_window: only yearly types have a collection window"),
        ('  action = "self_pay"\n  insurance_type = "resident_medical"',
         '  action = "self_pay"\n  insurance_type = "resident_medical"\n  insurance_types = ["resident_pension"]',
         "menus[0].items[0].insurance_types: must include insurance_type 'resident_medical'"),
        ('insurance_types = ["flexible_pension", "flexible_medical"]', 'insurance_types = ["employee_medical"]',
         "menus[2].items[0].insurance_types: 'employee_medical' is not an insurance type of this region"),
        ('code = "resident_pension_self_pay"', 'code = "resident_medical_self_pay"',
         "menus: group and item codes must be distinct"),
    ],
)
def test_other_rule_breaks_are_refused(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = _hubei()
    assert old in text
    assert expected in _refused(_write(tmp_path, "hubei.toml", text.replace(old, new, 1)))


@pytest.mark.parametrize("hours", ["0", "721", '"24"', "24.0", "true"])
def test_declaration_expiry_must_be_1_to_720_hours(tmp_path: Path, hours: str) -> None:
    text = _hubei().replace("declaration_expiry_hours = 24 ", f"declaration_expiry_hours = {hours} ")
    assert "hubei.toml: declaration_expiry_hours: " in _refused(_write(tmp_path, "hubei.toml", text))


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("face_verification = true\nupstream_check", 'face_verification = "yes"\nupstream_check',
     "real_name.face_verification"),
    ("upstream_check = true ", "upstream_check = 1 ", "real_name.upstream_check"),
    ("[real_name] ", "[real_name]\nliveness = true\n#", "real_name: unknown key 'liveness'"),
])
def test_real_name_rules_are_checked(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = _hubei()
    assert text.count(old) == 1
    assert expected in _refused(_write(tmp_path, "hubei.toml", text.replace(old, new)))


def test_declaration_expiry_and_real_name_have_defaults(tmp_path: Path) -> None:
    text = re.sub(r"declaration_expiry_hours = .*\n", "", _hubei())
    text = re.sub(r"\[real_name\].*\n(.*\n){2}", "", text)
    assert "declaration_expiry_hours" not in text and "real_name" not in text
    hubei = load_region_profiles(_write(tmp_path, "hubei.toml", text))["hubei"]
    assert hubei.declaration_expiry_hours == 24
    assert hubei.real_name == RealNameRules(face_verification=False, upstream_check=True)


def test_unreadable_or_missing_profiles_are_refused(tmp_path: Path) -> None:
    assert "no region profiles" in _refused(tmp_path)
    assert "cannot read" in _refused(_write(tmp_path, "hubei.toml", "code = [unclosed"))


def test_each_region_says_which_devices_pay_each_channel(profiles: dict[str, RegionProfile]) -> None:
    """扫码缴款 is the Hubei PC e-tax bureau's: Hubei offers the computer's QR code for both third-party
    channels; the others pay inside WeChat (or by agreement) only. Every device named is one its
    channel has."""
    from payment_channels.registry import CHANNELS

    hubei = profiles["hubei"]
    assert dict(hubei.devices) == {"wechat_pay": ("mini_program", "pc"), "alipay": ("mini_program", "app", "pc"),
                                   "bank_agreement": ("agreement",)}
    assert hubei.offers_device("alipay", "pc") and not hubei.offers_device("bank_agreement", "pc")
    assert not any(p.offers_device("wechat_pay", "pc") for code, p in profiles.items() if code != "hubei")
    for profile in profiles.values():
        for channel, devices in profile.devices.items():
            assert set(devices) <= {d.name for d in CHANNELS[channel].devices}, (profile.code, channel)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('alipay = ["mini_program", "app", "pc"]\n', "", "devices: list the devices of each channel, and only of channels"),
    ('alipay = ["mini_program", "app", "pc"]', "alipay = []", "devices: list the devices of each channel"),
    ('wechat_pay = ["mini_program", "pc"]', 'wechat_pay = ["pc", "pc"]', "devices.wechat_pay: values must be distinct"),
    ('wechat_pay = ["mini_program", "pc"]', 'wechat_pay = ["kiosk"]', "devices.wechat_pay[0]"),
    ('bank_agreement = ["agreement"]\n', 'bank_agreement = ["agreement"]\ncash = ["pc"]\n', "devices.cash"),
])
def test_device_lists_are_checked(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = _hubei()
    assert old in text
    assert expected in _refused(_write(tmp_path, "hubei.toml", text.replace(old, new, 1)))
