"""Channel notification endpoints. A notification is acknowledged once it is kept and decided;
only when we could not decide (our database, or the channel we ask to confirm it) do we answer
so that the channel sends it again."""

from __future__ import annotations

import asyncio

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json, raw

from app.payments.notifications import handle_notification
from miniprogram_api.account import client_address
from miniprogram_api.errors import error_body
from miniprogram_api.openapi import route_doc
from miniprogram_api.responses import NotificationAck

bp = Blueprint("notify", url_prefix="/notify")
MAX_NOTIFICATION_BYTES = 64 * 1024  # WeChat's are a few hundred bytes


def _ack(code: str, message: str, status: int) -> HTTPResponse:
    return raw(NotificationAck(code=code, message=message).model_dump_json(), status=status,  # type: ignore[arg-type]
               content_type="application/json")


@bp.post("/wechat_pay")
@route_doc("微信支付 API v3 支付/退款通知：验签、时间窗、解密、商户号/应用号/金额校验，并向微信查询确认后才入账",
           tag="channels", ok=NotificationAck, secured=False, errors=(413,), also={503: NotificationAck},
           description="Body: WeChat Pay's encrypted notification, verified with the Wechatpay-* headers. "
                       "200 once kept and decided (rejected ones are flagged, never applied); 503 FAIL when "
                       "the order could not be confirmed with WeChat, so that WeChat sends it again.")
async def wechat_pay(request: Request) -> HTTPResponse:
    if len(request.body) > MAX_NOTIFICATION_BYTES:
        return json(error_body("payload_too_large", "通知内容过大"), status=413)
    # Shielded: if WeChat gives up waiting (5 s) and disconnects, the work still finishes, so a
    # debit is never left half-applied (paid but its posting abandoned mid-way).
    verdict = await asyncio.shield(handle_notification(
        request.app.ctx.services, "wechat_pay", dict(request.headers), request.body, client_address(request)))
    if verdict == "unconfirmed":
        return _ack("FAIL", "暂时无法确认，请稍后重发", 503)
    return _ack("SUCCESS", "成功", 200)
