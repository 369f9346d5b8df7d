"""The WeChat Pay adapter against our sandbox on loopback, with real keys on both sides."""

from __future__ import annotations

import asyncio
import base64
import json
import os
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from sanic import Request, Sanic
from sanic.response import HTTPResponse, empty
from sanic.response import json as json_response

from app.server import serve_in_loop
from payment_channels.interfaces import (
    ChannelRejected,
    ChannelResultUnknown,
    ChannelUnavailable,
    NotificationRejected,
    OrderRequest,
    RefundRequest,
    RefundState,
    TradeState,
)
from payment_channels.wechat_pay import (
    DemoKeys,
    WeChatPayChannel,
    WeChatPayConfig,
    fen,
    generate_demo_keys,
    load_or_create_demo_keys,
    parse_trade_bill,
)
from sandboxes.wechat_pay import WeChatPaySandbox
from sandboxes.wechat_pay.protocol import signed_headers
from sandboxes.wechat_pay.state import SHANGHAI

MakeConfig = Callable[..., WeChatPayConfig]
NOTIFY_URL = "http://127.0.0.1:9/notify/wechat"


def order(out_trade_no: str = "P20260105000001", amount_fen: int = 40_000) -> OrderRequest:
    return OrderRequest(out_trade_no=out_trade_no, description="城乡居民养老保险 2026", amount_fen=amount_fen,
                        payer_ref="oPayer0000000000000000000001", notify_url=NOTIFY_URL)


def refund(out_refund_no: str, amount_fen: int, total_fen: int = 40_000,
           out_trade_no: str = "P20260105000001") -> RefundRequest:
    return RefundRequest(out_trade_no=out_trade_no, out_refund_no=out_refund_no, amount_fen=amount_fen,
                         total_fen=total_fen, reason="多缴退费", notify_url=NOTIFY_URL)


async def paid_order(channel: WeChatPayChannel, sandbox: WeChatPaySandbox, number: str = "P20260105000001",
                     amount_fen: int = 40_000) -> None:
    await channel.create_order(order(number, amount_fen))
    sandbox.confirm_payment(number)


# --- orders -----------------------------------------------------------------------------------

async def test_client_params_pay_sign_verifies_with_merchant_public_key(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox, demo_keys: DemoKeys) -> None:
    result = await channel.create_order(order())
    params = result.client_params
    assert params["package"] == f"prepay_id={result.prepay_id}" and params["signType"] == "RSA"
    assert params["appId"] == sandbox.appid
    message = f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n"
    key = load_pem_public_key(demo_keys.merchant_public_key_pem.encode())
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(base64.b64decode(params["paySign"]), message.encode(), padding.PKCS1v15(), hashes.SHA256())
    fresh = await channel.client_params(result.prepay_id)
    assert fresh["nonceStr"] != params["nonceStr"] and fresh["package"] == params["package"]


async def test_create_is_idempotent_per_out_trade_no(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    first = await channel.create_order(order())
    again = await channel.create_order(order())
    assert again.prepay_id == first.prepay_id
    assert sandbox.create_order_calls == 2 and len(sandbox.orders) == 1
    with pytest.raises(ChannelRejected) as caught:
        await channel.create_order(order(amount_fen=40_001))
    assert caught.value.code == "INVALID_REQUEST"


async def test_query_pending_then_paid(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await channel.create_order(order())
    pending = await channel.query_order("P20260105000001")
    assert (pending.state, pending.provider_state, pending.amount_fen) == (TradeState.PENDING, "NOTPAY", 40_000)
    transaction_id = sandbox.confirm_payment("P20260105000001")
    paid = await channel.query_order("P20260105000001")
    assert (paid.state, paid.transaction_id, paid.amount_fen, paid.payer_amount_fen) == (
        TradeState.PAID, transaction_id, 40_000, 40_000)
    assert paid.success_time is not None and paid.success_time.tzinfo is not None


async def test_query_unknown_order_is_not_found(channel: WeChatPayChannel) -> None:
    status = await channel.query_order("P20260105999999")
    assert status.state == TradeState.NOT_FOUND


async def test_close_pending_order_then_paid_order_is_rejected(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await channel.create_order(order("P20260105000002"))
    await channel.close_order("P20260105000002")
    await channel.close_order("P20260105000002")  # repeatable
    assert (await channel.query_order("P20260105000002")).state == TradeState.CLOSED
    await paid_order(channel, sandbox)
    with pytest.raises(ChannelRejected) as caught:
        await channel.close_order("P20260105000001")
    assert caught.value.code == "ORDERPAID"


# --- refunds ----------------------------------------------------------------------------------

async def test_refund_query_and_completion(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await paid_order(channel, sandbox)
    started = await channel.refund(refund("R20260105000001", 10_000))
    assert (started.state, started.amount_fen, started.out_trade_no) == (
        RefundState.PROCESSING, 10_000, "P20260105000001")
    assert (await channel.refund(refund("R20260105000001", 10_000))).refund_id == started.refund_id
    sandbox.complete_refund("R20260105000001")
    done = await channel.query_refund("R20260105000001")
    assert done.state == RefundState.SUCCEEDED
    assert (await channel.query_order("P20260105000001")).state == TradeState.REFUNDED
    assert (await channel.query_refund("R20260105999999")).state == RefundState.NOT_FOUND


async def test_refund_never_exceeds_paid(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await paid_order(channel, sandbox)
    await channel.refund(refund("R20260105000001", 30_000))
    with pytest.raises(ChannelRejected) as caught:
        await channel.refund(refund("R20260105000002", 10_001))
    assert caught.value.code == "NOT_ENOUGH"
    await channel.refund(refund("R20260105000003", 10_000))
    assert sandbox.refunded_fen("P20260105000001") == 40_000


async def test_parallel_refunds_cannot_exceed_paid(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await paid_order(channel, sandbox)
    outcomes = await asyncio.gather(
        *(channel.refund(refund(f"R2026010500000{i}", 15_000)) for i in range(4)), return_exceptions=True)
    assert sum(not isinstance(o, Exception) for o in outcomes) == 2
    assert all(isinstance(o, ChannelRejected) for o in outcomes if isinstance(o, Exception))
    assert sandbox.refunded_fen("P20260105000001") == 30_000


async def test_refund_of_unpaid_order_is_rejected(channel: WeChatPayChannel) -> None:
    await channel.create_order(order())
    with pytest.raises(ChannelRejected):
        await channel.refund(refund("R20260105000001", 1_000))


# --- notifications ----------------------------------------------------------------------------

async def test_good_payment_notification_passes(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await paid_order(channel, sandbox)
    headers, body = sandbox.build_payment_notification("P20260105000001")
    verified = await channel.parse_notification(headers, body)
    assert (verified.kind, verified.event_type) == ("payment", "TRANSACTION.SUCCESS")
    assert verified.trade is not None and verified.trade.state == TradeState.PAID
    assert (verified.trade.out_trade_no, verified.trade.amount_fen) == ("P20260105000001", 40_000)
    lower = {k.lower(): v for k, v in headers.items()}
    upper = {k.upper(): v for k, v in headers.items()}
    assert (await channel.parse_notification(lower, body)).notification_id == verified.notification_id
    assert (await channel.parse_notification(upper, body)).notification_id == verified.notification_id


@pytest.mark.parametrize(("forge", "reason"), [
    ("bad_signature", "bad_signature"),
    ("wrong_mchid", "wrong_mchid"),
    ("wrong_appid", "wrong_appid"),
    ("stale_timestamp", "stale_timestamp"),
    ("bad_ciphertext", "decrypt_failed"),
])
async def test_forged_payment_notification_is_rejected(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox, forge: str, reason: str) -> None:
    await paid_order(channel, sandbox)
    headers, body = sandbox.build_payment_notification("P20260105000001", forge=forge)
    with pytest.raises(NotificationRejected) as caught:
        await channel.parse_notification(headers, body)
    assert caught.value.reason == reason


@pytest.mark.parametrize("forge", ["wrong_amount", "unknown_order"])
async def test_signed_notification_with_foreign_data_passes_to_the_service(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox, forge: str) -> None:
    # correctly signed and encrypted: only our own records can tell (the payment service checks)
    await paid_order(channel, sandbox)
    headers, body = sandbox.build_payment_notification("P20260105000001", forge=forge)
    trade = (await channel.parse_notification(headers, body)).trade
    assert trade is not None
    assert (trade.out_trade_no, trade.amount_fen) != ("P20260105000001", 40_000)


async def test_stale_timestamp_rejected_even_when_correctly_signed(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await paid_order(channel, sandbox)
    headers, body = sandbox.build_payment_notification("P20260105000001")
    sent = datetime.fromtimestamp(int(headers["Wechatpay-Timestamp"]), SHANGHAI)
    assert (await channel.parse_notification(headers, body, now=sent + timedelta(seconds=299))).trade
    for skew in (301, -301, 86_400):
        with pytest.raises(NotificationRejected) as caught:
            await channel.parse_notification(headers, body, now=sent + timedelta(seconds=skew))
        assert caught.value.reason == "stale_timestamp"


async def test_missing_headers_and_malformed_body(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox, demo_keys: DemoKeys) -> None:
    await paid_order(channel, sandbox)
    headers, body = sandbox.build_payment_notification("P20260105000001")
    for name in ("Wechatpay-Signature", "Wechatpay-Serial", "Wechatpay-Signature-Type"):
        partial = {k: v for k, v in headers.items() if k != name}
        with pytest.raises(NotificationRejected) as caught:
            await channel.parse_notification(partial, body)
        assert caught.value.reason == "missing_headers"
    for text in ('["not", "an", "object"]', "not json", '{"id": "1", "resource": {}}'):
        signed = signed_headers(sandbox._platform_key, demo_keys.platform_public_key_id,
                                int(headers["Wechatpay-Timestamp"]), text)
        with pytest.raises(NotificationRejected) as caught:
            await channel.parse_notification(signed, text.encode())
        assert caught.value.reason == "malformed"


async def test_notification_signed_by_another_platform_key_is_rejected(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox, make_config: MakeConfig) -> None:
    await paid_order(channel, sandbox)
    other = generate_demo_keys().platform_public_key_pem
    stranger = WeChatPayChannel(make_config(platform_public_key_pem=other))
    headers, body = sandbox.build_payment_notification("P20260105000001")
    with pytest.raises(NotificationRejected) as caught:
        await stranger.parse_notification(headers, body)
    assert caught.value.reason == "bad_signature"


async def test_refund_notification_passes_and_forges_fail(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await paid_order(channel, sandbox)
    sandbox.auto_complete_refunds = True
    await channel.refund(refund("R20260105000001", 5_000))
    headers, body = sandbox.build_refund_notification("R20260105000001")
    verified = await channel.parse_notification(headers, body)
    assert (verified.kind, verified.event_type) == ("refund", "REFUND.SUCCESS")
    assert verified.refund is not None
    assert (verified.refund.state, verified.refund.amount_fen) == (RefundState.SUCCEEDED, 5_000)
    for forge, reason in [("bad_signature", "bad_signature"), ("wrong_mchid", "wrong_mchid"),
                          ("stale_timestamp", "stale_timestamp"), ("bad_ciphertext", "decrypt_failed")]:
        headers, body = sandbox.build_refund_notification("R20260105000001", forge=forge)
        with pytest.raises(NotificationRejected) as caught:
            await channel.parse_notification(headers, body)
        assert caught.value.reason == reason


@pytest.fixture
async def receiver(channel: WeChatPayChannel) -> AsyncIterator[tuple[str, list[str]]]:
    """A merchant endpoint on loopback that feeds what it receives to parse_notification."""
    seen: list[str] = []
    app = Sanic("contract_notify_receiver", configure_logging=False)

    @app.post("/notify/wechat")
    async def notify(request: Request) -> HTTPResponse:
        try:
            verified = await channel.parse_notification(request.headers, request.body)
        except NotificationRejected as exc:
            return json_response({"code": "FAIL", "message": exc.reason}, status=400)
        seen.append(verified.notification_id)
        return empty(status=204)

    async with serve_in_loop(app) as base_url:
        yield f"{base_url}/notify/wechat", seen
    Sanic.unregister_app(app)


async def test_delivery_reaches_the_notify_url_twice(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox, receiver: tuple[str, list[str]]) -> None:
    url, seen = receiver
    await channel.create_order(OrderRequest("P20260105000001", "养老保险", 40_000, "oPayer01", url))
    sandbox.confirm_payment("P20260105000001")
    assert await sandbox.deliver_payment_notification("P20260105000001", times=2) == [204, 204]
    assert len(seen) == 2 and seen[0] == seen[1]  # the same notification id: handle it idempotently
    assert await sandbox.deliver_payment_notification("P20260105000001", forge="bad_signature") == [400]


# --- faults -----------------------------------------------------------------------------------

async def test_down_is_unavailable(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    sandbox.set_fault("*", "down")
    with pytest.raises(ChannelUnavailable):
        await channel.create_order(order())
    with pytest.raises(ChannelUnavailable):
        await channel.query_order("P20260105000001")
    with pytest.raises(ChannelUnavailable):
        await channel.refund(refund("R20260105000001", 1))
    assert sandbox.create_order_calls == 0
    sandbox.clear_faults()
    await channel.create_order(order())


async def test_unreachable_gateway_is_unavailable(make_config: MakeConfig) -> None:
    adapter = WeChatPayChannel(make_config(gateway_url="http://127.0.0.1:9"))
    await adapter.start()
    try:
        with pytest.raises(ChannelUnavailable):
            await adapter.create_order(order())
    finally:
        await adapter.close()


async def test_timeout_after_the_work_is_result_unknown(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    sandbox.set_fault("create_order", "unknown", count=1)
    with pytest.raises(ChannelResultUnknown) as caught:
        await channel.create_order(order())
    assert caught.value.code == "TIMEOUT"
    assert "P20260105000001" in sandbox.orders  # it did take effect: only a query settles it
    assert (await channel.create_order(order())).prepay_id == sandbox.orders["P20260105000001"].prepay_id


@pytest.mark.parametrize("style", ["error_500", "bad_signature"])
async def test_untrustworthy_answer_to_a_refund_is_result_unknown(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox, style: str) -> None:
    await paid_order(channel, sandbox)
    sandbox.set_fault("refund", "unknown", count=1, style=style)
    with pytest.raises(ChannelResultUnknown):
        await channel.refund(refund("R20260105000001", 1_000))
    assert (await channel.query_refund("R20260105000001")).state == RefundState.PROCESSING


async def test_query_faults(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await channel.create_order(order())
    sandbox.set_fault("query_order", "unknown", count=1, style="error_500")
    with pytest.raises(ChannelUnavailable):  # a query changes nothing: just ask again later
        await channel.query_order("P20260105000001")
    sandbox.set_fault("query_order", "unknown", count=1, style="bad_signature")
    with pytest.raises(ChannelResultUnknown) as caught:
        await channel.query_order("P20260105000001")
    assert caught.value.code == "UNVERIFIED_RESPONSE"
    assert (await channel.query_order("P20260105000001")).state == TradeState.PENDING


async def test_slow_still_succeeds(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    sandbox.set_fault("create_order", "slow")
    assert (await channel.create_order(order())).prepay_id


# --- the protocol itself ----------------------------------------------------------------------

async def test_request_with_bad_signature_gets_401(
        make_config: MakeConfig, sandbox: WeChatPaySandbox, sandbox_url: str) -> None:
    async with httpx.AsyncClient(base_url=sandbox_url) as client:
        answer = await client.get(f"/v3/pay/transactions/out-trade-no/P20260105000001?mchid={sandbox.mchid}")
        assert answer.status_code == 401 and answer.json()["code"] == "SIGN_ERROR"
    impostor = WeChatPayChannel(make_config(merchant_private_key_pem=generate_demo_keys().merchant_private_key_pem))
    await impostor.start()
    try:
        with pytest.raises(ChannelRejected) as caught:
            await impostor.create_order(order())
    finally:
        await impostor.close()
    assert caught.value.code == "SIGN_ERROR" and sandbox.create_order_calls == 0


async def test_trade_bill_download_parses(channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    await paid_order(channel, sandbox, "P20260105000001", 40_000)
    await paid_order(channel, sandbox, "P20260105000002", 12_345)
    await channel.create_order(order("P20260105000003"))  # unpaid: not on the bill
    sandbox.auto_complete_refunds = True
    await channel.refund(refund("R20260105000001", 5_000))
    text = await channel.download_trade_bill(datetime.now(SHANGHAI).date())
    bill = parse_trade_bill(text)
    assert len(bill.rows) == 3
    paid = {r["商户订单号"]: fen(r["订单金额"]) for r in bill.rows if r["交易状态"] == "SUCCESS"}
    assert paid == {"P20260105000001": 40_000, "P20260105000002": 12_345}
    assert [fen(r["退款金额"]) for r in bill.rows if r["交易状态"] == "REFUND"] == [5_000]
    assert bill.summary["总交易单数"] == "3" and fen(bill.summary["退款总金额"]) == 5_000
    assert parse_trade_bill(await channel.download_trade_bill(datetime(2020, 1, 1).date())).rows == []


async def test_http_controls(channel: WeChatPayChannel, sandbox: WeChatPaySandbox, sandbox_url: str) -> None:
    result = await channel.create_order(order())
    async with httpx.AsyncClient(base_url=sandbox_url) as client:
        confirmed = await client.post("/sandbox/pay/confirm", json={"prepay_id": result.prepay_id})
        assert confirmed.status_code == 200, confirmed.text
        fault = await client.post("/sandbox/faults", json={"operation": "query_order", "mode": "down", "count": 1})
        assert fault.status_code == 200
        assert (await client.post("/sandbox/faults", json={"operation": "x", "mode": "down"})).status_code == 400
        assert (await client.post("/sandbox/pay/confirm", json={"out_trade_no": "nope"})).status_code == 404
        state = (await client.get("/sandbox/state")).json()
    assert json.dumps(state) and state["orders"]["P20260105000001"]["trade_state"] == "SUCCESS"
    with pytest.raises(ChannelUnavailable):
        await channel.query_order("P20260105000001")
    assert (await channel.query_order("P20260105000001")).state == TradeState.PAID


def test_demo_keys_are_created_once_private_and_masked(tmp_path: Path) -> None:
    created = load_or_create_demo_keys(tmp_path / "keys")
    assert load_or_create_demo_keys(tmp_path / "keys") == created
    for path in (tmp_path / "keys").iterdir():
        assert path.stat().st_mode & 0o777 == 0o600
    assert len(created.apiv3_key) == 32 and created.platform_public_key_id.startswith("PUB_KEY_ID_")
    config = WeChatPayConfig.from_demo_keys(created, mchid="1", appid="wx", gateway_url="http://127.0.0.1:9")
    assert created.apiv3_key not in repr(config) + repr(created)
    assert "PRIVATE" not in repr(config) + repr(created)
    os.remove(tmp_path / "keys" / "merchant_public_key.pem")
    with pytest.raises(ValueError):
        load_or_create_demo_keys(tmp_path / "keys")


async def test_orders_written_out_of_memory_are_still_queried_refunded_and_on_the_bill(
        channel: WeChatPayChannel, sandbox: WeChatPaySandbox) -> None:
    sandbox.orders.limit = 3  # a long run's bound, tiny
    numbers = [f"P2026010500{n:04d}" for n in range(12)]
    for number in numbers:
        await paid_order(channel, sandbox, number, 10_000)
    await channel.create_order(order("P20260105009999"))  # unpaid: never written out
    assert sandbox.orders.in_memory() <= 4 and sandbox.orders.spilled > 0
    first = await channel.query_order(numbers[0])
    assert first.state == TradeState.PAID and first.amount_fen == 10_000
    sandbox.auto_complete_refunds = True
    await channel.refund(refund("R20260105000001", 4_000, total_fen=10_000, out_trade_no=numbers[1]))
    assert (await channel.query_order(numbers[1])).state == TradeState.REFUNDED
    bill = parse_trade_bill(await channel.download_trade_bill(datetime.now(SHANGHAI).date()))
    assert sorted(r["商户订单号"] for r in bill.rows if r["交易状态"] == "SUCCESS") == numbers
    assert [fen(r["退款金额"]) for r in bill.rows if r["交易状态"] == "REFUND"] == [4_000]
    assert fen(bill.summary["应结订单总金额"]) == 120_000
