"""Synthetic payers for load runs: valid resident ids, one flexible-pension enrollment each."""

from __future__ import annotations

from datetime import date, timedelta

from app.identity.id_numbers import make_resident_id
from app.upstream.interfaces import Enrollment
from sandboxes.upstream.demo_data import DemoPerson

_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def synthetic_people(count: int, region: str = "guizhou", region6: str = "520102") -> list[DemoPerson]:
    people = []
    for i in range(count):
        birth = date(1970, 1, 1) + timedelta(days=i // 500)
        id_number = make_resident_id(region6, birth, f"{i % 500:03d}")
        name = _SURNAMES[i % len(_SURNAMES)] + _GIVEN[(i // len(_SURNAMES)) % len(_GIVEN)] + _GIVEN[i % len(_GIVEN)]
        enrollment = Enrollment(
            insurance_type="flexible_pension", region=region, agency="贵阳市南明区社会保险事业局",
            enrollment_region="贵州省贵阳市南明区", tax_office="国家税务总局贵阳市南明区税务局",
            since=date(2015, 1, 1),
        )
        people.append(DemoPerson("resident_id_card", id_number, name, region, (enrollment,)))
    return people
