"""扫码缴款 through WeChat Pay Native (POST /v3/pay/transactions/native → code_url), the adapter
against our sandbox on loopback with real keys both ways: the order, its QR code, a phone scanning
and paying it, the same number giving the same code, closing an unscanned one — and the merchant's
other calls (query, close, refund, notification, 交易账单) unchanged for a Native order."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from payment_channels import scan
from payment_channels.interfaces import (
    LOCAL_PREPAY_ID,
    ChannelRejected,
    ChannelResultUnknown,
    OrderRequest,
    RefundRequest,
    RefundState,
    TradeState,
)
from payment_channels.wechat_pay import WeChatPayChannel, fen, parse_trade_bill
from sandboxes.wechat_pay import WeChatPaySandbox
from sandboxes.wechat_pay.state import SHANGHAI
from tests.qr_check import assert_scan_to_pay

NOTIFY_URL = "http://127.0.0.1:9/notify/wechat"
NUMBER = "SBP20261207000000000001"


def qr_order(number: str = NUMBER, amount_fen: int = 38_000, minutes: int = 30) -> OrderRequest:
    expire = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=minutes)
    return OrderRequest(out_trade_no=number, description="湖北城乡居民医疗保险", amount_fen=amount_fen, payer_ref="",
                        notify_url=NOTIFY_URL, time_expire=expire, device=scan.DEVICE)


async def test_the_order_is_a_code_to_scan_and_the_same_number_gives_the_same_code(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    request = qr_order()
    made = await channel.create_order(request)
    assert made.prepay_id == LOCAL_PREPAY_ID  # asked for again each time it is shown
    code = assert_scan_to_pay(made.client_params, "weixin://wxpay/bizpayurl?pr=")
    assert request.time_expire is not None
    assert datetime.fromisoformat(made.client_params["expires_at"]) == request.time_expire
    order = sandbox.orders[NUMBER]
    assert (order.trade_type, order.openid, order.total_fen) == ("NATIVE", "", 38_000)  # nobody yet: whoever scans
    again = await channel.create_order(request)
    assert again.client_params["code_url"] == code and sandbox.create_order_calls == 2 and len(sandbox.orders) == 1
    pending = await channel.query_order(NUMBER)
    assert (pending.state, pending.provider_state, pending.amount_fen) == (TradeState.PENDING, "NOTPAY", 38_000)
    with pytest.raises(ChannelRejected) as changed:  # the same number for another order
        await channel.create_order(qr_order(amount_fen=38_001))
    assert changed.value.code == "INVALID_REQUEST"


async def test_a_phone_scans_and_pays_then_the_query_says_paid(channel: WeChatPayChannel,
                                                               sandbox: WeChatPaySandbox) -> None:
    code = (await channel.create_order(qr_order())).client_params["code_url"]
    assert sandbox.scan(code, openid="oScanner000000000000000000001") == NUMBER
    paid = await channel.query_order(NUMBER)
    assert (paid.state, paid.amount_fen, paid.payer_amount_fen) == (TradeState.PAID, 38_000, 38_000)
    assert paid.raw["trade_type"] == "NATIVE" and paid.raw["payer"] == {"openid": "oScanner000000000000000000001"}
    assert sandbox.scan(code) == NUMBER and sandbox.orders[NUMBER].transaction_id == paid.transaction_id  # once
    with pytest.raises(ChannelResultUnknown) as asked_again:  # paid already: only a query says what holds
        await channel.create_order(qr_order())
    assert asked_again.value.code == "ORDERPAID"
    with pytest.raises(ChannelRejected) as closing:
        await channel.close_order(NUMBER)
    assert closing.value.code == "ORDERPAID"


async def test_an_unscanned_code_is_closed_and_cannot_be_paid_after(channel: WeChatPayChannel,
                                                                    sandbox: WeChatPaySandbox) -> None:
    code = (await channel.create_order(qr_order())).client_params["code_url"]
    await channel.close_order(NUMBER)
    await channel.close_order(NUMBER)  # repeatable
    assert (await channel.query_order(NUMBER)).state == TradeState.CLOSED
    with pytest.raises(ValueError, match="closed"):
        sandbox.scan(code)
    with pytest.raises(ChannelRejected) as again:
        await channel.create_order(qr_order())
    assert again.value.code == "ORDER_CLOSED"


async def test_an_expired_code_cannot_be_paid(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    code = (await channel.create_order(qr_order(minutes=-1))).client_params["code_url"]
    with pytest.raises(ValueError, match="expired"):
        sandbox.scan(code)
    assert (await channel.query_order(NUMBER)).state == TradeState.PENDING


async def test_a_qr_order_needs_its_expiry_and_a_jsapi_number_is_not_reused(channel: WeChatPayChannel,
                                                                             sandbox: WeChatPaySandbox) -> None:
    without = OrderRequest(NUMBER, "湖北城乡居民医疗保险", 38_000, "", NOTIFY_URL, device=scan.DEVICE)
    with pytest.raises(ChannelRejected) as refused:
        await channel.create_order(without)
    assert refused.value.code == "PARAM_ERROR" and sandbox.create_order_calls == 0
    await channel.create_order(OrderRequest("SBP20261207000000000002", "湖北城乡居民医疗保险", 38_000, "oPayer01",
                                            NOTIFY_URL))
    with pytest.raises(ChannelRejected) as reused:
        await channel.create_order(qr_order("SBP20261207000000000002"))
    assert reused.value.code == "INVALID_REQUEST"


async def test_the_native_endpoint_checks_the_merchant_s_signature(sandbox_url: str) -> None:
    body = json.dumps({"appid": "x", "mchid": "1900000109", "description": "d", "out_trade_no": NUMBER,
                       "notify_url": NOTIFY_URL, "amount": {"total": 1}})
    async with httpx.AsyncClient(base_url=sandbox_url) as client:
        r = await client.post("/v3/pay/transactions/native", content=body,
                              headers={"Authorization": 'WECHATPAY2-SHA256-RSA2048 mchid="1900000109"'})
    assert (r.status_code, r.json()["code"]) == (401, "SIGN_ERROR")


async def test_scan_and_pay_notifies_and_the_notification_verifies(channel: WeChatPayChannel,
                                                                   sandbox: WeChatPaySandbox) -> None:
    received: list[tuple[str, dict[str, str], bytes]] = []

    async def merchant(url: str, headers: dict[str, str], body: bytes) -> int:
        received.append((url, headers, body))
        return 200

    sandbox._deliver = merchant
    code = (await channel.create_order(qr_order())).client_params["code_url"]
    result = await sandbox.scan_and_pay(code)
    assert result["out_trade_no"] == NUMBER and result["deliveries"] == [200]
    [(url, headers, body)] = received
    verified = await channel.parse_notification(headers, body)
    assert url == NOTIFY_URL and verified.event_type == "TRANSACTION.SUCCESS" and verified.trade is not None
    assert (verified.trade.state, verified.trade.out_trade_no, verified.trade.amount_fen) == (
        TradeState.PAID, NUMBER, 38_000)
    assert verified.resource["trade_type"] == "NATIVE" and verified.trade.transaction_id == result["transaction_id"]
    await sandbox.scan_and_pay(code, notify=False)  # paid already: nothing more, nothing sent
    assert len(received) == 1


async def test_refund_and_the_trade_bill_work_unchanged_for_a_native_order(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    code = (await channel.create_order(qr_order())).client_params["code_url"]
    sandbox.scan(code)
    refund = await channel.refund(RefundRequest(NUMBER, "SBR20261207000000000001", 8_000, 38_000, "到账确认失败退费",
                                                NOTIFY_URL))
    assert refund.state == RefundState.PROCESSING
    sandbox.complete_refund("SBR20261207000000000001")
    assert (await channel.query_refund("SBR20261207000000000001")).state == RefundState.SUCCEEDED
    bill = parse_trade_bill(await channel.download_trade_bill(datetime.now(SHANGHAI).date()))
    rows = [r for r in bill.rows if r["商户订单号"] == NUMBER]
    assert sorted((r["交易类型"], r["交易状态"]) for r in rows) == [("NATIVE", "REFUND"), ("NATIVE", "SUCCESS")]
    assert [fen(r["退款金额"]) for r in rows if r["交易状态"] == "REFUND"] == [8_000]


async def test_the_scan_control_over_http(channel: WeChatPayChannel, sandbox: WeChatPaySandbox,
                                          sandbox_url: str) -> None:
    code = (await channel.create_order(qr_order())).client_params["code_url"]
    async with httpx.AsyncClient(base_url=sandbox_url) as client:
        scanned = await client.post("/sandbox/pay/scan", json={"code_url": code, "notify": False})
        unknown = await client.post("/sandbox/pay/scan", json={"code_url": "weixin://wxpay/bizpayurl?pr=nothing"})
    assert scanned.status_code == 200 and scanned.json()["result"]["out_trade_no"] == NUMBER
    assert unknown.status_code == 404
    assert (await channel.query_order(NUMBER)).state == TradeState.PAID
