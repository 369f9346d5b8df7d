"""The service list for a region, as its manual shows it, from the region profile — and honest:
what the service cannot do yet (a channel without an adapter, agreements) is
listed as not yet offered, never as something to tap and be refused."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from app.batch_debit import settable_types
from config.regions import CollectionWindow, InsuranceTypeRule, MenuItem, RegionProfile
from payment_channels.registry import by_payer
from payment_channels.spec import PayerKind

# the menu actions this service performs today; any other action is shown as not yet offered.
# 缴费协议's action is named after the channel that debits agreements, as the region profiles name it.
_AGREEMENTS = by_payer(PayerKind.AGREEMENT)
IMPLEMENTED_ACTIONS = frozenset({
    "self_pay", "pay_for_others", "declaration_query", "payment_query", "void_declaration",
    "social_insurance_query", "batch_debit_setting", "batch_debit_void",
    "certificate_request", "certificate_download", "certificate_verify",
    *([_AGREEMENTS.name] if _AGREEMENTS else []),
})
NOT_YET_OFFERED = "该功能暂未开通"


def _item(item: MenuItem) -> dict[str, Any]:
    available = item.action in IMPLEMENTED_ACTIONS
    return {
        "code": item.code, "title": item.title, "action": item.action, "insurance_type": item.insurance_type,
        "insurance_types": list(item.insurance_types), "for_others": item.for_others, "available": available,
        "unavailable_reason": None if available else NOT_YET_OFFERED,
    }


def _window(w: CollectionWindow | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {"opens": w.opens, "closes": w.closes, "off_window": w.off_window,
            "off_window_notice": w.off_window_notice, "demo_figures": w.demo_figures}


def _rule(r: InsuranceTypeRule) -> dict[str, Any]:
    return {
        "code": r.code, "name": r.name, "department": r.department, "payment_kinds": list(r.payment_kinds),
        "assessment_mode": r.assessment_mode, "period_unit": r.period_unit, "max_months": r.max_months,
        "grades": [{"code": g.code, "name": g.name, "amount_fen": g.amount_fen, "base_fen": g.base_fen}
                   for g in r.grades],
        "fixed_amount_fen": r.fixed_amount_fen,
        "base_range_fen": list(r.base_range_fen) if r.base_range_fen else None,
        "rate_basis_points": r.rate_basis_points, "demo_figures": r.demo_figures, "source": r.source,
        "collection_window": _window(r.collection_window),
    }


def menus_for(profile: RegionProfile, offered_channels: Collection[str]) -> dict[str, Any]:
    """Menus (each item marked available or not), insurance types with their grades and amounts
    (fen), the channels usable now and those the region names but are not offered yet, limits,
    rules and notices. `offered_channels`: the channels this service has adapters for."""
    cert = profile.certificate
    return {
        "region": profile.code, "name": profile.name, "tax_bureau": profile.tax_bureau, "platform": profile.platform,
        "menus": [{"code": g.code, "title": g.title, "items": [_item(i) for i in g.items]} for g in profile.menus],
        "insurance_types": {code: _rule(rule) for code, rule in profile.insurance_types.items()},
        "channels": [c for c in profile.channels if c in offered_channels],
        "channels_not_yet_offered": [c for c in profile.channels if c not in offered_channels],
        "channels_for_others": [c for c in profile.channels_for_others if c in offered_channels],
        # how each channel may be paid here: the mini-program, a phone app, a computer's QR code …
        "devices": {c: list(profile.devices[c]) for c in profile.channels if c in offered_channels},
        "for_others_insurance_types": [t for t in profile.insurance_types if profile.offers_for_others(t)],
        "nationality_required_for_others": profile.nationality_required_for_others,
        "batch_debit_types": settable_types(profile),
        "id_types": list(profile.id_types),
        "limits": {"saved_payers": profile.limits.saved_payers,
                   "query_default_period": profile.limits.query_default_period},
        "saved_payers_mode": profile.saved_payers_mode,
        "refund_deadline_working_days": profile.refund_deadline_working_days,
        "declaration_expiry_hours": profile.declaration_expiry_hours,
        "real_name": {"face_verification": profile.real_name.face_verification,
                      "upstream_check": profile.real_name.upstream_check},
        "certificate": {
            "available": True, "document_name": cert.document_name,
            "verify_url": f"/certificates/verify/{profile.code}", "styles": list(cert.styles),
            "query_captcha": cert.query_captcha,
            "treasury_delay_working_days": cert.treasury_delay_working_days,
            "requires_treasury_entry": cert.requires_treasury_entry, "offer_after_payment": cert.offer_after_payment,
            "album_image": cert.album_image, "asynchronous": cert.asynchronous,
            "captcha_required": cert.captcha_required,
            "available_from": {k: v.isoformat() for k, v in cert.available_from.items()},
        },
        "notices": list(profile.notices),
    }
