"""Channel notification endpoints. Every notification is acknowledged once it is kept."""

from __future__ import annotations

import asyncio

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json
from sanic_ext import openapi

from app.payments.notifications import handle_notification
from miniprogram_api.schemas import NotificationAck

bp = Blueprint("notify", url_prefix="/notify")


@bp.post("/wechat_pay")
@openapi.definition(summary="微信支付 API v3 支付/退款通知（签名、时间窗、解密、商户号/金额校验）", tag="channels",
                    description="Body: WeChat Pay's encrypted notification, verified with the Wechatpay-* headers. "
                                "Always acknowledged once kept; rejected ones are flagged, never applied.",
                    response=[openapi.definitions.Response({"application/json": NotificationAck}, status=200)])
async def wechat_pay(request: Request) -> HTTPResponse:
    # Shielded: if WeChat gives up waiting (5 s) and disconnects, the work still finishes, so a
    # debit is never left half-applied (paid but its posting abandoned mid-way).
    await asyncio.shield(
        handle_notification(request.app.ctx.services, "wechat_pay", dict(request.headers), request.body)
    )
    # Acknowledged whatever the verdict: rejected ones are kept and flagged, never applied.
    return json({"code": "SUCCESS", "message": "成功"})
