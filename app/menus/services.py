"""The service list for a region, as its manual shows it, from the region profile."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from config.regions import RegionProfile


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def menus_for(profile: RegionProfile) -> dict[str, Any]:
    """Menus, insurance types with their grades and amounts (fen), channels, limits, notices."""
    return {
        "region": profile.code,
        "name": profile.name,
        "tax_bureau": profile.tax_bureau,
        "menus": _plain(profile.menus),
        "insurance_types": _plain(profile.insurance_types),
        "channels": list(profile.channels),
        "id_types": list(profile.id_types),
        "limits": _plain(profile.limits),
        "saved_payers_mode": profile.saved_payers_mode,
        "refund_deadline_working_days": profile.refund_deadline_working_days,
        "certificate": _plain(profile.certificate),
        "notices": list(profile.notices),
    }
