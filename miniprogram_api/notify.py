"""Channel notification endpoints, one per registered channel (`/notify/<channel>`), each answering
in its channel's own format. A notification is acknowledged once it is kept and decided; only when
we could not decide (our database, or the channel we ask to confirm it) do we answer so that the
channel sends it again."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json, raw

from app.notifications import handle_notification
from miniprogram_api.account import client_address
from miniprogram_api.errors import error_body
from miniprogram_api.openapi import route_doc
from miniprogram_api.responses import NotificationAck
from payment_channels.registry import CHANNELS
from payment_channels.spec import ChannelSpec

bp = Blueprint("notify", url_prefix="/notify")
MAX_NOTIFICATION_BYTES = 64 * 1024  # WeChat's are a few hundred bytes


async def _decided(request: Request, channel: str) -> str:
    """Keep and decide the notification. Shielded: if the sender gives up waiting and disconnects,
    the work still finishes, so a debit is never left half-applied (paid but its posting
    abandoned mid-way)."""
    return await asyncio.shield(handle_notification(
        request.app.ctx.services, channel, dict(request.headers), request.body, client_address(request)))


def _endpoint(channel: ChannelSpec) -> Callable[[Request], Coroutine[Any, Any, HTTPResponse]]:
    async def notified(request: Request) -> HTTPResponse:
        if len(request.body) > MAX_NOTIFICATION_BYTES:
            return json(error_body("payload_too_large", "通知内容过大"), status=413)
        answer = channel.notification.acknowledge(await _decided(request, channel.name) == "unconfirmed")
        return raw(answer.body.encode("utf-8"), status=answer.status, content_type=answer.content_type)

    notified.__name__ = f"notify_{channel.name}"
    ack = NotificationAck if channel.notification.json_ack else None
    documented = route_doc(channel.notification.summary, tag="channels", ok=ack, secured=False, errors=(413,),
                           also={503: NotificationAck} if ack else None, description=channel.notification.description)
    return documented(notified)


for _channel in CHANNELS.values():
    bp.add_route(_endpoint(_channel), f"/{_channel.name}", methods=["POST"], name=f"notify_{_channel.name}")
