"""Every identifier the code writes where the dashboard shows it has its words in
dashboard/labels.py: event actions, audit actions, notification refusals, reason codes and
system actors, found by reading the source (a new one without its label fails here)."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard import labels

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for folder in ("app", "payment_channels", "dashboard") for p in (ROOT / folder).rglob("*.py")]


def found(pattern: str, folders: tuple[str, ...] = ("app", "payment_channels")) -> set[str]:
    words: set[str] = set()
    for path in SOURCES:
        if path.relative_to(ROOT).parts[0] in folders:
            words.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return words


def test_every_event_action_has_its_words() -> None:
    actions = found(r'\baction="([a-z_]+)"') - {"store_true"}
    actions |= found(r'\brecord\(\s*"[a-z_]+",\s*[^,]+,\s*"([a-z_]+)"')
    assert len(actions) > 20
    assert not {a for a in actions if a not in labels.EVENT_ACTIONS and a not in labels.AUDIT_ACTIONS}


def test_every_audit_action_has_its_words() -> None:
    actions = found(r'\baudit\(\s*[\w.]+,\s*"([a-z_]+)"', ("app", "dashboard"))
    assert {"retry_refund", "csrf_refused", "refused", "operator_add"} <= actions
    assert not {a for a in actions if a not in labels.AUDIT_ACTIONS}


def test_every_refusal_and_reason_code_has_its_words() -> None:
    refusals = found(r'NotificationRejected\(\s*"([a-z_]+)"') | found(r'reject_reason="([a-z_]+)"')
    assert "bad_signature" in refusals and "unknown_order" in refusals
    assert not {r for r in refusals if r not in labels.NOTIFICATION_REASONS}
    codes = found(r'reason_code="([a-z_]+)"')
    assert "posting_deadline_passed" in codes
    assert not {c for c in codes if c not in labels.REASON_CODES}


def test_every_system_actor_has_its_words() -> None:
    actors = found(r'"system:([a-z_]+)"')
    assert "reconciliation" in actors
    assert not {a for a in actors if a not in labels.SYSTEM_ACTORS}
