"""The catalogue of payer-facing words (app/words.py): one place per reason code."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

from app import words
from app.errors import DomainError
from miniprogram_api import reasons


def _all_errors() -> list[type[DomainError]]:
    return reasons.payer_refusals()


def test_every_payer_facing_refusal_takes_its_words_from_the_catalogue() -> None:
    errors = _all_errors()
    assert len(errors) > 100
    missing = sorted(f"{c.__module__}.{c.__name__} ({c.code})" for c in errors if c.code not in words.REASONS)
    assert missing == []
    own_words = sorted(f"{c.__module__}.{c.__name__}" for c in errors
                       if c.__dict__.get("message") != words.REASONS.get(c.code))
    assert own_words == [], "a refusal's words belong in app/words.py, not in its class"


def test_two_classes_never_share_a_code_with_different_kinds() -> None:
    kinds: dict[str, set[str]] = {}
    for c in _all_errors():
        kinds.setdefault(c.code, set()).add(c.kind)
    assert {code: k for code, k in kinds.items() if len(k) > 1} == {}


def test_the_words_carry_no_internal_identifiers() -> None:
    tables = [words.REASONS, words.PAYER_STATUS_LABELS, words.DECLARATION_STATE_LABELS,
              words.DECLARATION_PAYMENT_LABELS, words.REFUND_STATE_LABELS, words.CERTIFICATE_STATE_LABELS,
              words.BATCH_DEBIT_STATE_LABELS, words.AGREEMENT_STATUS_LABELS, words.POSTING_WORDS,
              words.VOID_REASONS, words.PAID_FOR_ME]
    found = [(key, text) for table in tables for key, text in table.items()
             if words.INTERNAL.search(re.sub(r"\{[a-z_]+\}", "", text))]  # placeholders are filled
    assert found == []
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for table in tables for text in table.values())


def test_say_fills_placeholders_and_leaves_out_the_parts_it_cannot_fill() -> None:
    template = "所选费款所属期与已有申报[[（{period_start}-{period_end}）]]重叠"
    assert words.say(template, {"period_start": "202601", "period_end": "202603"}) == \
        "所选费款所属期与已有申报（202601-202603）重叠"
    assert words.say(template, {"period_start": "202601"}) == "所选费款所属期与已有申报重叠"
    assert words.say(template, {"period_start": "202601", "period_end": None}) == "所选费款所属期与已有申报重叠"


def test_a_share_not_yet_posted_says_what_happens_next_and_never_upstream_s_words() -> None:
    due = date(2026, 12, 15)
    for code, reason in [("held_upstream", "到账确认失败"), ("result_unknown", "healthcare_security 应答无法识别"),
                         ("unavailable", "hrss 系统暂时无法访问"), (None, None)]:
        shown = words.posting_words("not_posted", code, reason, due)
        assert shown == "正在确认到账，如未成功，本笔费款将于2026年12月15日前原路退回", code
    assert words.posting_words("unknown", "result_unknown", "healthcare_security 应答无法识别", None) == "正在确认到账"
    assert words.posting_words("posted", None, None, None) is None


def test_a_refused_share_passes_on_upstream_s_reason_only_in_plain_words() -> None:
    assert words.posting_words("failed", "not_enrolled", "该人员未参加该险种", None) == \
        "社保经办机构未确认到账：该人员未参加该险种，本笔费款将按原渠道退还"
    assert words.posting_words("failed", "x", "hrss rejected: posting_failed", None) == \
        "社保经办机构未确认到账，本笔费款将按原渠道退还"
    assert words.posting_words("failed", "declaration_voided", "anything", None) == words.POSTING_WORDS[
        "declaration_voided"]


def test_the_api_document_lists_every_reason_code_with_its_current_words() -> None:
    text = reasons.API_DOC.read_text(encoding="utf-8")
    assert reasons.documented(text) == text, "docs/api.md's reason codes are stale: run python -m app reasons"
    assert {code: status for code, status in reasons.statuses().items() if not 400 <= status <= 503} == {}
    for code in ("period_already_paid", "card_not_usable", "payment_face_verification_required"):
        assert f"| `{code}` |" in text and words.REASONS[code] in text


def test_a_refusal_raised_without_data_still_reads_whole() -> None:
    outside = {code: text for code, text in words.REASONS.items()
               if re.search(r"\{[a-z_]+\}", re.sub(r"\[\[.*?\]\]", "", text))}
    assert outside == {}, "a placeholder outside [[ ]] would be left unfilled when the data lacks it"
    for cls in _all_errors():
        said = cls().message
        assert "{" not in said and "[[" not in said and said == words.say(words.REASONS[cls.code], {})


# refusals still given their words where they are raised, in work being done elsewhere at the
# time (issue 16's certificates, issue 17's sign-ins and Hubei batch debit): to move into the catalogue
GIVEN_AT_RAISE = {
    ("app/certificates/services.py", "BeforeCutoff"), ("app/certificates/services.py", "TreasuryWait"),
    ("app/certificates/services.py", "CertificateNotFound"), ("app/identity/services.py", "LoginCodeInvalid"),
    ("app/identity/services.py", "LoginUnavailable"), ("app/paying/checkout.py", "AlipayAuthCodeInvalid"),
    ("app/batch_debit/services.py", "BatchDebitNotOffered"), ("miniprogram_api/payers.py", "FieldMissing"),
}


def test_no_refusal_is_given_literal_words_where_it_is_raised() -> None:
    names = {c.__name__ for c in _all_errors()}
    root = Path(reasons.__file__).resolve().parents[1]
    found = set()
    for folder in ("app", "miniprogram_api"):
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                literal = isinstance(node.args[0], ast.JoinedStr) or (
                    isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))
                if called in names and literal:
                    found.add((str(path.relative_to(root)), called))
    assert found - GIVEN_AT_RAISE == set(), "a refusal's words belong in app/words.py (a template of its code)"
    assert GIVEN_AT_RAISE - found == set(), "moved into the catalogue: take it off GIVEN_AT_RAISE"
