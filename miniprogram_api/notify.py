"""Channel notification endpoints. A notification is acknowledged once it is kept and decided;
only when we could not decide (our database, or the channel we ask to confirm it) do we answer
so that the channel sends it again."""

from __future__ import annotations

import asyncio

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json, raw, text

from app.notifications.services import handle_notification
from miniprogram_api.account import client_address
from miniprogram_api.errors import error_body
from miniprogram_api.openapi import route_doc
from miniprogram_api.responses import NotificationAck

bp = Blueprint("notify", url_prefix="/notify")
MAX_NOTIFICATION_BYTES = 64 * 1024  # WeChat's are a few hundred bytes


async def _decided(request: Request, channel: str) -> str:
    """Keep and decide the notification. Shielded: if the sender gives up waiting and disconnects,
    the work still finishes, so a debit is never left half-applied (paid but its posting
    abandoned mid-way)."""
    return await asyncio.shield(handle_notification(
        request.app.ctx.services, channel, dict(request.headers), request.body, client_address(request)))


def _too_large(request: Request) -> HTTPResponse | None:
    if len(request.body) > MAX_NOTIFICATION_BYTES:
        return json(error_body("payload_too_large", "通知内容过大"), status=413)
    return None


def _json_ack(verdict: str) -> HTTPResponse:
    """WeChat's and the bank's answer: 200 SUCCESS once decided, 503 FAIL to be sent again."""
    if verdict == "unconfirmed":
        return _ack("FAIL", "暂时无法确认，请稍后重发", 503)
    return _ack("SUCCESS", "成功", 200)


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
    return _too_large(request) or _json_ack(await _decided(request, "wechat_pay"))


@bp.post("/alipay")
@route_doc("支付宝异步通知（trade_status_sync）：RSA2 验签、app_id/seller_id/金额校验，并向支付宝查询确认后才入账",
           tag="channels", ok=None, secured=False, errors=(413,),
           description="Body: Alipay's form (application/x-www-form-urlencoded), signed with RSA2 by Alipay. "
                       "Answers the text `success` once kept and decided (rejected ones are flagged, never "
                       "applied); `fail` when the order could not be confirmed with Alipay: any answer but "
                       "`success` makes Alipay send it again (up to 8 times in 25 hours).")
async def alipay(request: Request) -> HTTPResponse:
    return _too_large(request) or text("fail" if await _decided(request, "alipay") == "unconfirmed" else "success")


@bp.post("/bank_agreement")
@route_doc("银行代扣网关的扣款/退款结果通知：验签（X-Bank-*）、商户号、时间窗、金额校验，并向银行查询确认后才入账",
           tag="channels", ok=NotificationAck, secured=False, errors=(413,), also={503: NotificationAck},
           description="Body: the gateway's signed JSON callback (DEBIT.SUCCESS, DEBIT.FAILED, REFUND.SUCCESS). "
                       "200 SUCCESS once kept and decided (rejected ones are flagged, never applied); 503 FAIL "
                       "when the result could not be confirmed with the bank, so that it sends it again.")
async def bank_agreement(request: Request) -> HTTPResponse:
    return _too_large(request) or _json_ack(await _decided(request, "bank_agreement"))
