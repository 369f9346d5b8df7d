"""The Alipay adapter (official SDK, off the loop) against our Alipay sandbox, over loopback:
signatures both ways, amounts in yuan only inside, idempotent numbers, unknown results, forged
notifications."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sanic import Sanic

from app.server import serve_in_loop
from payment_channels import interfaces as ch
from payment_channels.alipay import AlipayChannel, AlipayConfig
from payment_channels.demo_key_pairs import private_pem, public_pem
from sandboxes.alipay import (
    AlipaySandbox,
    create_alipay_blueprint,
    generate_keys,
)

APP_ID = "2021004100000001"
SELLER_ID = "2088000000000001"
KEYS = generate_keys()


@pytest.fixture
def sandbox() -> AlipaySandbox:
    app_key, alipay_key = KEYS
    return AlipaySandbox(APP_ID, SELLER_ID, alipay_key, app_key.public_key(), unknown_sleep_seconds=1.4)


@pytest.fixture
async def channel(sandbox: AlipaySandbox) -> AsyncIterator[AlipayChannel]:
    app = Sanic(f"alipay_sandbox_{id(sandbox)}")
    app.blueprint(create_alipay_blueprint(sandbox))
    async with serve_in_loop(app) as base_url:
        sandbox.base_url = base_url
        app_key, alipay_key = KEYS
        yield AlipayChannel(AlipayConfig(APP_ID, SELLER_ID, private_pem(app_key), public_pem(alipay_key),
                                         f"{base_url}/alipay/gateway.do", timeout_seconds=1))


def order(no: str = "SBP20261130000000000001", fen: int = 38_000) -> ch.OrderRequest:
    return ch.OrderRequest(out_trade_no=no, description="湖北城乡居民医疗保险", amount_fen=fen,
                           payer_ref="074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5",
                           notify_url="http://127.0.0.1:9/notify/alipay",
                           time_expire=datetime.now(UTC) + timedelta(minutes=30))


async def test_a_trade_is_created_once_paid_queried_and_refunded_once(channel: AlipayChannel,
                                                                      sandbox: AlipaySandbox) -> None:
    made = await channel.create_order(order())
    again = await channel.create_order(order())
    assert made.prepay_id == again.prepay_id and made.client_params == {"tradeNO": made.prepay_id}
    assert sandbox.trades["SBP20261130000000000001"].total_fen == 38_000  # "380.00" on the wire
    status = await channel.query_order("SBP20261130000000000001")
    assert (status.state, status.provider_state, status.amount_fen) == (ch.TradeState.PENDING, "WAIT_BUYER_PAY",
                                                                        38_000)
    sandbox.pay("SBP20261130000000000001")
    status = await channel.query_order("SBP20261130000000000001")
    assert (status.state, status.transaction_id, status.payer_amount_fen) == (ch.TradeState.PAID, made.prepay_id,
                                                                              38_000)
    with pytest.raises(ch.ChannelRejected) as refused:
        await channel.close_order("SBP20261130000000000001")
    assert refused.value.code == "ORDERPAID"
    request = ch.RefundRequest("SBP20261130000000000001", "SBR20261130000000000001", 38_000, 38_000, "到账确认失败退费",
                               "http://127.0.0.1:9/notify/alipay")
    refund = await channel.refund(request)
    assert (refund.state, refund.amount_fen) == (ch.RefundState.SUCCEEDED, 38_000)
    assert (await channel.refund(request)).state == ch.RefundState.SUCCEEDED  # the same number: nothing more
    assert sum(sandbox.trades["SBP20261130000000000001"].refunds.values()) == 38_000
    with pytest.raises(ch.ChannelRejected):  # a second number for more than is left
        await channel.refund(ch.RefundRequest("SBP20261130000000000001", "SBR20261130000000000002", 1, 38_000,
                                              "再退", "http://127.0.0.1:9/notify/alipay"))
    found = await channel.query_refund("SBR20261130000000000001", "SBP20261130000000000001")
    assert (found.state, found.amount_fen) == (ch.RefundState.SUCCEEDED, 38_000)
    missing = await channel.query_refund("SBR20261130000000000009", "SBP20261130000000000001")
    assert missing.state == ch.RefundState.NOT_FOUND


async def test_unknown_and_unpaid_orders(channel: AlipayChannel, sandbox: AlipaySandbox) -> None:
    assert (await channel.query_order("SBP-none")).state == ch.TradeState.NOT_FOUND
    await channel.create_order(order("SBP20261130000000000003"))
    await channel.close_order("SBP20261130000000000003")
    assert (await channel.query_order("SBP20261130000000000003")).state == ch.TradeState.CLOSED
    await channel.close_order("SBP-never-created")  # nothing to pay under it: fine


async def test_down_is_unknown_and_slow_is_unknown(channel: AlipayChannel, sandbox: AlipaySandbox) -> None:
    sandbox.faults["alipay.trade.create"] = "down"
    with pytest.raises(ch.ChannelResultUnknown):
        await channel.create_order(order("SBP20261130000000000004"))
    sandbox.faults["alipay.trade.create"] = "unknown"  # answers after the client gave up
    with pytest.raises(ch.ChannelResultUnknown):
        await channel.create_order(order("SBP20261130000000000005"))
    sandbox.faults.clear()
    await asyncio.sleep(0.8)  # Alipay finishes what the client stopped waiting for
    # the slow create did reach Alipay: a query settles it, the same number creates nothing new
    assert (await channel.query_order("SBP20261130000000000005")).state == ch.TradeState.PENDING


async def test_a_signed_notification_is_verified_and_forged_ones_are_refused(channel: AlipayChannel,
                                                                            sandbox: AlipaySandbox) -> None:
    from urllib.parse import urlencode

    await channel.create_order(order("SBP20261130000000000006"))
    sandbox.pay("SBP20261130000000000006")
    body = urlencode(sandbox.notification("SBP20261130000000000006")).encode()
    verified = await channel.parse_notification({}, body)
    assert (verified.event_type, verified.trade.state, verified.trade.amount_fen) == (  # type: ignore[union-attr]
        "TRANSACTION.SUCCESS", ch.TradeState.PAID, 38_000)
    for forge, reason in (("bad_signature", "bad_signature"), ("wrong_app_id", "wrong_appid"),
                          ("wrong_seller", "wrong_mchid")):
        forged = urlencode(sandbox.notification("SBP20261130000000000006", forge=forge)).encode()
        with pytest.raises(ch.NotificationRejected) as refused:
            await channel.parse_notification({}, forged)
        assert refused.value.reason == reason, forge
    # an amount changed after signing fails the signature; one signed wrong is caught by the service
    changed = sandbox.notification("SBP20261130000000000006")
    changed["total_amount"] = "0.01"
    with pytest.raises(ch.NotificationRejected) as refused:
        await channel.parse_notification({}, urlencode(changed).encode())
    assert refused.value.reason == "bad_signature"
    for junk in (b"", b"\xff\xfe", b"sign=x", b"out_trade_no=\x00"):
        with pytest.raises(ch.NotificationRejected):
            await channel.parse_notification({}, junk)


async def test_the_daily_bill_lists_payments_and_refunds_in_fen(channel: AlipayChannel, sandbox: AlipaySandbox) -> None:
    from payment_channels.alipay.bill import parse

    for no in ("SBP20261130000000000007", "SBP20261130000000000008"):
        await channel.create_order(order(no))
        sandbox.pay(no)
    await channel.create_order(order("SBP20261130000000000009"))  # never paid: not in the bill
    await channel.refund(ch.RefundRequest("SBP20261130000000000008", "SBR20261130000000000008", 10_000, 38_000,
                                          "部分退费", "http://127.0.0.1:9/notify/alipay"))
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
    lines = parse(await channel.download_trade_bill(today))
    paid = sorted((line.out_trade_no, line.amount_fen) for line in lines if line.kind == "payment")
    assert paid == [("SBP20261130000000000007", 38_000), ("SBP20261130000000000008", 38_000)]
    [refund] = [line for line in lines if line.kind == "refund"]
    assert (refund.out_trade_no, refund.out_refund_no, refund.amount_fen) == (
        "SBP20261130000000000008", "SBR20261130000000000008", 10_000)
    assert parse(await channel.download_trade_bill(date(2020, 1, 1))) == []


def test_a_bill_that_is_not_alipays_is_refused() -> None:
    from payment_channels.alipay.bill import BillUnreadable, detail_csv, parse

    with pytest.raises(BillUnreadable):
        detail_csv(b"not a zip")
    with pytest.raises(BillUnreadable):
        parse("#only comments\n")
    with pytest.raises(BillUnreadable):
        parse("商户订单号,业务类型\nSBP1,交易\n")  # columns missing
    with pytest.raises(BillUnreadable):
        parse("支付宝交易号,商户订单号,业务类型,完成时间,订单金额（元）,退款批次号/请求号\n1,SBP1,交易,,abc,\n")


async def test_a_notification_the_merchant_cannot_take_is_not_delivered_not_an_error(
        channel: AlipayChannel, sandbox: AlipaySandbox) -> None:
    """Found by bench/deadline_day.py: an API worker killed mid-delivery made the sandbox's notify
    control answer 500; Alipay records the delivery as failed and sends it again later."""
    await channel.create_order(order())  # its notify_url is a closed port
    sandbox.pay("SBP20261130000000000001")
    assert await sandbox.deliver("SBP20261130000000000001") == 0
    assert sandbox.delivered[-1]["out_trade_no"] == "SBP20261130000000000001"
