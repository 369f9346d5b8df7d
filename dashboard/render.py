"""Templates (Jinja2, autoescaped), the Chinese labels of every state, and the overview's charts
(inline SVG: no script, nothing fetched from elsewhere)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic.response import HTTPResponse, html

from app.operations import Role
from dashboard import labels
from dashboard.labels import label, local_time, yuan

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

CHANNELS = labels.CHANNELS
PAYMENT_STATES = labels.PAYMENT_STATES
POSTING_STATES = labels.POSTING_STATES
REFUND_STATES = labels.REFUND_STATES
DIFFERENCE_KINDS = labels.DIFFERENCE_KINDS
DIFFERENCE_STATES = labels.DIFFERENCE_STATES
AUDIT_ACTIONS = labels.AUDIT_ACTIONS
ENTITIES = labels.ENTITIES


ENV = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True, enable_async=False)
ENV.filters.update(yuan=yuan, time=local_time, plain=labels.plain, mask_name=labels.mask_name, age=labels.age)
ENV.globals.update(
    CHANNELS=CHANNELS, PAYMENT_STATES=PAYMENT_STATES, POSTING_STATES=POSTING_STATES, REFUND_STATES=REFUND_STATES,
    DIFFERENCE_KINDS=DIFFERENCE_KINDS, DIFFERENCE_STATES=DIFFERENCE_STATES, AUDIT_ACTIONS=AUDIT_ACTIONS,
    ENTITIES=ENTITIES, STATES=labels.STATES, EVENT_ACTIONS=labels.EVENT_ACTIONS,
    NOTIFICATION_VERDICTS=labels.NOTIFICATION_VERDICTS, NOTIFICATION_REASONS=labels.NOTIFICATION_REASONS,
    NOTIFICATION_EVENTS=labels.NOTIFICATION_EVENTS, REFUND_FAILURES=labels.REFUND_FAILURES,
    ROLE_LABELS=labels.ROLES, MANUAL_REFUND_LABELS=labels.STATES["manual_refund"], label=label, Role=Role,
    state_label=labels.state_label, actor_label=labels.actor_label, reason_label=labels.reason_label,
    days_left=labels.days_left, technical=labels.technical,
)


def render(template: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTTPResponse:
    body = ENV.get_template(template).render(**context)
    return html(body, status=status, headers={**SECURITY_HEADERS, **(headers or {})})
