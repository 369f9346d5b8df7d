"""The table of payer-facing reason codes in docs/api.md, generated from the catalogue
(`app.words.REASONS`) and the refusals that carry each code: `python -m app reasons`."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import app
import miniprogram_api
from app.errors import DomainError
from app.words import REASONS
from miniprogram_api.errors import STATUS_BY_KIND

API_DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"
BEGIN, END = "<!-- reasons:begin (python -m app reasons) -->", "<!-- reasons:end -->"
STAFF_ONLY = ("app.operations",)  # the dashboard's refusals: read by staff, not payers
# codes given at the raise (no class of their own) and the edge's own answers, by status
LOOSE = {
    "bad_request": 400, "route_not_found": 404, "method_not_allowed": 405, "payload_too_large": 413,
    "internal_error": 500, "store_unavailable": 503, "id_type_unknown": 400, "id_number_format": 400,
    "id_number_checksum": 400,
    "id_number_birth_date": 400, "sign_in_code_missing": 400, "sign_in_code_ambiguous": 400,
    # upstream's own codes, passed on by UpstreamRefused
    "already_paid": 400, "period_not_allowed": 400, "no_assessment": 400, "amount_mismatch": 400,
}


def payer_refusals() -> list[type[DomainError]]:
    """Every refusal class a payer may receive (the whole family, imported)."""
    for package in (app, miniprogram_api):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not module.name.startswith("app.commands") and module.name != "app.__main__":
                importlib.import_module(module.name)
    found, todo = [], [DomainError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [c for c in found if not c.__module__.startswith(STAFF_ONLY)]


def statuses() -> dict[str, int]:
    """Each catalogued code's HTTP status."""
    by_code = {c.code: STATUS_BY_KIND.get(c.kind, 400) for c in payer_refusals()}
    return {code: by_code.get(code, LOOSE.get(code, 0)) for code in REASONS}


def table() -> str:
    status = statuses()
    rows = ["| code | HTTP | 中文说明 |", "|---|---|---|"]
    for code, words in REASONS.items():
        shown = re.sub(r"\[\[(.*?)\]\]", r"\1", words)  # optional parts, shown with their placeholders
        rows.append(f"| `{code}` | {status[code]} | {shown} |")
    return "\n".join(rows)


def documented(text: str) -> str:
    """The api document with its table between the markers replaced by the current one."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + table() + "\n" + text[end:]


def write(path: Path = API_DOC) -> None:
    path.write_text(documented(path.read_text(encoding="utf-8")), encoding="utf-8")
