"""Region rules for paying for others, as data: which types, which channels, the 委托人 form."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.regions import REGIONS_DIR, RegionProfileError, load_region_profiles

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
