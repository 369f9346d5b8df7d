"""The operations team's refund dashboard: server-rendered pages (Jinja2) under /dashboard.

    auth.py     sign-in, session cookie, CSRF, roles, and the error pages
    render.py   templates, labels and the overview's charts
    pages.py    the pages: overview, queues, search, a payment's timeline, the audit trail
    actions.py  the forms: each action needs a remark and is recorded
    filters.py  the filter bar of every list (dates, region, channel, amounts, sort), kept in the address
    exports.py  every list as CSV or Excel, streamed, audited
    bulk.py     the same action on the rows ticked in a queue, each row done and audited on its own
    casework.py claims and notes on exceptions, my claims, waiting for me; reconciliation runs
"""

from __future__ import annotations

from pathlib import Path

from sanic import Blueprint
from sanic.blueprint_group import BlueprintGroup

from dashboard import actions, auth, bulk, casework, exports, pages

STATIC = Path(__file__).resolve().parent / "static"


def blueprint() -> BlueprintGroup:
    """A fresh group each call (Sanic binds a blueprint to one app)."""
    return Blueprint.group(auth.bp.copy(auth.bp.name), pages.bp.copy(pages.bp.name),
                           actions.bp.copy(actions.bp.name), exports.bp.copy(exports.bp.name),
                           bulk.bp.copy(bulk.bp.name), casework.bp.copy(casework.bp.name),
                           url_prefix="/dashboard")
