"""扫码缴款 through Alipay (alipay.trade.precreate → qr_code), the official SDK against our Alipay
sandbox on loopback, RSA2 both ways: the code, a phone scanning and paying it (the trade exists at
Alipay only from then on), the same number giving the same code, closing an unscanned one — and
query, close, refund, notification and the bill unchanged for a scanned trade."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import httpx
import pytest
from sanic import Request, Sanic
from sanic.response import HTTPResponse, text

from app.clock import SHANGHAI
from app.server import serve_in_loop
from payment_channels import interfaces as ch
from payment_channels import scan
from payment_channels.alipay import AlipayChannel, AlipayConfig
from payment_channels.alipay.bill import parse
from payment_channels.demo_key_pairs import generate, private_pem, public_pem
from sandboxes.alipay import AlipaySandbox, create_alipay_blueprint, generate_keys
from tests.qr_check import assert_scan_to_pay

APP_ID = "2021004100000001"
SELLER_ID = "2088000000000001"
KEYS = generate_keys()
NUMBER = "SBP20261207000000000011"
NOTIFY_URL = "http://127.0.0.1:9/notify/alipay"


@pytest.fixture
def sandbox() -> AlipaySandbox:
    app_key, alipay_key = KEYS
    return AlipaySandbox(APP_ID, SELLER_ID, alipay_key, app_key.public_key())


@pytest.fixture
async def base_url(sandbox: AlipaySandbox) -> AsyncIterator[str]:
    app = Sanic(f"alipay_precreate_{id(sandbox)}")
    app.blueprint(create_alipay_blueprint(sandbox))
    async with serve_in_loop(app) as url:
        sandbox.base_url = url
        yield url


@pytest.fixture
def channel(base_url: str) -> AlipayChannel:
    app_key, alipay_key = KEYS
    return AlipayChannel(AlipayConfig(APP_ID, SELLER_ID, private_pem(app_key), public_pem(alipay_key),
                                      f"{base_url}/alipay/gateway.do", timeout_seconds=2))


def qr_order(number: str = NUMBER, fen: int = 38_000, minutes: int = 30) -> ch.OrderRequest:
    return ch.OrderRequest(out_trade_no=number, description="湖北城乡居民医疗保险", amount_fen=fen, payer_ref="",
                           notify_url=NOTIFY_URL, device=scan.DEVICE,
                           time_expire=datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=minutes))


async def test_the_code_is_no_trade_until_scanned_and_the_same_number_gives_the_same_code(
        channel: AlipayChannel, sandbox: AlipaySandbox) -> None:
    request = qr_order()
    made = await channel.create_order(request)
    assert made.prepay_id == ch.LOCAL_PREPAY_ID
    code = assert_scan_to_pay(made.client_params, "https://qr.alipay.com/")
    assert datetime.fromisoformat(made.client_params["expires_at"]) == request.time_expire
    assert sandbox.codes[NUMBER].total_fen == 38_000  # "380.00" on the wire
    assert NUMBER not in sandbox.trades and (await channel.query_order(NUMBER)).state == ch.TradeState.NOT_FOUND
    assert (await channel.create_order(request)).client_params["code_url"] == code and len(sandbox.codes) == 1
    with pytest.raises(ch.ChannelRejected) as changed:  # the same number for another amount
        await channel.create_order(qr_order(fen=38_001))
    assert changed.value.code == "ACQ.CONTEXT_INCONSISTENT"


async def test_a_phone_scans_and_pays_then_the_query_says_paid(channel: AlipayChannel,
                                                               sandbox: AlipaySandbox) -> None:
    code = (await channel.create_order(qr_order())).client_params["code_url"]
    assert sandbox.scan(code, open_id="074scanner") == NUMBER
    paid = await channel.query_order(NUMBER)
    assert (paid.state, paid.provider_state, paid.amount_fen, paid.payer_amount_fen) == (
        ch.TradeState.PAID, "TRADE_SUCCESS", 38_000, 38_000)
    assert paid.raw["buyer_open_id"] == "074scanner" and paid.transaction_id == sandbox.trades[NUMBER].trade_no
    assert sandbox.scan(code) == NUMBER and len(sandbox.trades) == 1  # paid once
    with pytest.raises(ch.ChannelResultUnknown) as asked_again:  # paid already: only a query says what holds
        await channel.create_order(qr_order())
    assert asked_again.value.code == "ORDERPAID"
    with pytest.raises(ch.ChannelRejected) as closing:
        await channel.close_order(NUMBER)
    assert closing.value.code == "ORDERPAID"


async def test_an_unscanned_code_is_closed_and_cannot_be_paid_after(channel: AlipayChannel,
                                                                    sandbox: AlipaySandbox) -> None:
    code = (await channel.create_order(qr_order())).client_params["code_url"]
    await channel.close_order(NUMBER)  # Alipay: no trade to close (ACQ.TRADE_NOT_EXIST), the code is locked
    await channel.close_order(NUMBER)
    assert sandbox.codes[NUMBER].closed and (await channel.query_order(NUMBER)).state == ch.TradeState.NOT_FOUND
    with pytest.raises(ValueError, match="交易已关闭"):
        sandbox.scan(code)
    assert NUMBER not in sandbox.trades


async def test_an_expired_code_cannot_be_paid(channel: AlipayChannel, sandbox: AlipaySandbox) -> None:
    code = (await channel.create_order(qr_order(minutes=-1))).client_params["code_url"]
    with pytest.raises(ValueError, match="交易已过期"):
        sandbox.scan(code)


async def test_precreate_is_signed_both_ways(channel: AlipayChannel, sandbox: AlipaySandbox, base_url: str) -> None:
    stranger_key = generate()
    app_key, alipay_key = KEYS
    stranger = AlipayChannel(AlipayConfig(APP_ID, SELLER_ID, private_pem(stranger_key), public_pem(alipay_key),
                                          f"{base_url}/alipay/gateway.do", timeout_seconds=2))
    with pytest.raises(ch.ChannelRejected) as refused:  # the request's signature is not the app's
        await stranger.create_order(qr_order())
    assert refused.value.code == "isv.invalid-signature" and not sandbox.codes
    wary = AlipayChannel(AlipayConfig(APP_ID, SELLER_ID, private_pem(app_key), public_pem(stranger_key),
                                      f"{base_url}/alipay/gateway.do", timeout_seconds=2))
    with pytest.raises(ch.ChannelResultUnknown):  # the answer's signature is not Alipay's
        await wary.create_order(qr_order())
    without = ch.OrderRequest(NUMBER, "湖北城乡居民医疗保险", 38_000, "", NOTIFY_URL, device=scan.DEVICE)
    with pytest.raises(ch.ChannelRejected) as no_expiry:
        await channel.create_order(without)
    assert no_expiry.value.code == "PARAM_ERROR"


async def test_the_notification_refund_and_bill_of_a_scanned_trade(channel: AlipayChannel,
                                                                    sandbox: AlipaySandbox) -> None:
    code = (await channel.create_order(qr_order())).client_params["code_url"]
    result = await sandbox.scan_and_pay(code, notify=False)
    verified = await channel.parse_notification({}, urlencode(sandbox.notification(NUMBER)).encode())
    assert verified.event_type == "TRANSACTION.SUCCESS" and verified.trade is not None
    assert (verified.trade.out_trade_no, verified.trade.amount_fen, verified.trade.transaction_id) == (
        NUMBER, 38_000, result["trade_no"])
    refund = await channel.refund(ch.RefundRequest(NUMBER, "SBR20261207000000000011", 8_000, 38_000, "到账确认失败退费",
                                                   NOTIFY_URL))
    assert (refund.state, refund.amount_fen) == (ch.RefundState.SUCCEEDED, 8_000)
    assert (await channel.query_refund("SBR20261207000000000011", NUMBER)).state == ch.RefundState.SUCCEEDED
    lines = parse(await channel.download_trade_bill(datetime.now(SHANGHAI).date()))
    assert sorted((line.kind, line.out_trade_no, line.amount_fen) for line in lines) == [
        ("payment", NUMBER, 38_000), ("refund", NUMBER, 8_000)]


async def test_the_scan_control_over_http_notifies(channel: AlipayChannel, sandbox: AlipaySandbox,
                                                   base_url: str) -> None:
    received: list[str] = []
    app = Sanic(f"alipay_merchant_{id(sandbox)}", configure_logging=False)

    @app.post("/notify/alipay")
    async def notify(request: Request) -> HTTPResponse:
        verified = await channel.parse_notification(request.headers, request.body)
        received.append(verified.trade.out_trade_no)  # type: ignore[union-attr]
        return text("success")

    async with serve_in_loop(app) as merchant:
        request = qr_order()
        made = await channel.create_order(ch.OrderRequest(
            request.out_trade_no, request.description, request.amount_fen, "", f"{merchant}/notify/alipay",
            time_expire=request.time_expire, device=scan.DEVICE))
        async with httpx.AsyncClient(base_url=base_url) as client:
            scanned = await client.post("/sandbox/alipay/scan", json={"qr_code": made.client_params["code_url"]})
            unknown = await client.post("/sandbox/alipay/scan", json={"qr_code": "https://qr.alipay.com/none"})
    Sanic.unregister_app(app)
    assert scanned.status_code == 200 and scanned.json()["result"]["delivery"] == 200, scanned.text
    assert unknown.status_code == 404 and received == [NUMBER]
    assert (await channel.query_order(NUMBER)).state == ch.TradeState.PAID
