"""Region rules for paying for others, as data: which types, which channels, the 委托人 form."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.regions import REGIONS_DIR, RegionProfile, RegionProfileError, load_region_profiles

PROFILES = load_region_profiles()


@pytest.mark.parametrize(("region", "for_others"), [
    ("hubei", {"resident_medical", "resident_pension", "flexible_pension", "flexible_medical"}),  # 代缴 menus
    ("guizhou", {"flexible_pension", "resident_pension", "resident_medical"}),  # 代他人缴费 (+ issue 3's group)
    ("beijing", {"resident_medical"}),  # 城乡居民医疗 缴费办理: 选择他人（委托人）
])
def test_types_offered_for_others(region: str, for_others: set[str]) -> None:
    profile = PROFILES[region]
    assert {t for t in profile.insurance_types if profile.offers_for_others(t)} == for_others
    assert not profile.offers_for_others("unemployment")


def test_only_beijing_asks_nationality() -> None:
    assert {code for code, p in PROFILES.items() if p.nationality_required_for_others} == {"beijing"}


def test_nationality_flag_must_be_a_boolean(tmp_path: Path) -> None:
    text = (REGIONS_DIR / "beijing.toml").read_text(encoding="utf-8")
    broken = text.replace("nationality_required_for_others = true", 'nationality_required_for_others = "yes"')
    assert broken != text
    (tmp_path / "beijing.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(RegionProfileError, match="nationality_required_for_others"):
        load_region_profiles(tmp_path)


def _load_changed(tmp_path: Path, region: str, old: str, new: str) -> dict[str, RegionProfile]:
    text = (REGIONS_DIR / f"{region}.toml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    (tmp_path / f"{region}.toml").write_text(text.replace(old, new), encoding="utf-8")
    return load_region_profiles(tmp_path)


def test_channels_for_others_default_to_all_channels(tmp_path: Path) -> None:
    hubei = _load_changed(tmp_path, "hubei", 'channels_for_others = ["wechat_pay", "alipay"]\n', "")["hubei"]
    assert hubei.channels_for_others == hubei.channels == ("wechat_pay", "alipay", "bank_agreement")


def test_channels_for_others_must_be_channels_of_the_region(tmp_path: Path) -> None:
    with pytest.raises(RegionProfileError, match=r"^guizhou\.toml: channels_for_others: must be among channels"):
        _load_changed(tmp_path, "guizhou", 'channels_for_others = ["wechat_pay"]', 'channels_for_others = ["alipay"]')
