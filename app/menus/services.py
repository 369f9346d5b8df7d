"""The service list for a region, as its manual shows it, from the region profile."""

from __future__ import annotations

import dataclasses
import json
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


_rendered: dict[int, dict[str, Any]] = {}
_encoded: dict[int, bytes] = {}


def menus_for(profile: RegionProfile) -> dict[str, Any]:
    """Menus, insurance types with their grades and amounts (fen), channels, limits, notices.

    Profiles are frozen, so each is rendered once per process.
    """
    rendered = _rendered.get(id(profile))
    if rendered is None or rendered["region"] != profile.code:
        rendered = _rendered[id(profile)] = _render(profile)
    return rendered


def menus_json(profile: RegionProfile) -> bytes:
    """`menus_for` encoded once: the menus endpoint is the hottest read of the mini-program."""
    encoded = _encoded.get(id(profile))
    if encoded is None:
        encoded = _encoded[id(profile)] = json.dumps(menus_for(profile), ensure_ascii=False).encode()
    return encoded


def _render(profile: RegionProfile) -> dict[str, Any]:
    return {
        "region": profile.code,
        "name": profile.name,
        "tax_bureau": profile.tax_bureau,
        "menus": _plain(profile.menus),
        "insurance_types": _plain(profile.insurance_types),
        "channels": list(profile.channels),
        "channels_for_others": list(profile.channels_for_others),
        "for_others_insurance_types": [t for t in profile.insurance_types if profile.offers_for_others(t)],
        "nationality_required_for_others": profile.nationality_required_for_others,
        "batch_debit_types": list(profile.batch_debit_types),
        "id_types": list(profile.id_types),
        "limits": _plain(profile.limits),
        "saved_payers_mode": profile.saved_payers_mode,
        "refund_deadline_working_days": profile.refund_deadline_working_days,
        "certificate": _plain(profile.certificate),
        "notices": list(profile.notices),
    }
