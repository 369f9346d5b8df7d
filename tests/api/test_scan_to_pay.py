"""扫码缴款 (the Hubei e-tax PC manual: 【缴款】, 通过扫码完成缴款), end to end through the real HTTP API
and the sandboxes, for each channel that offers it: declare → POST /api/v1/payments with
`device: "pc"` → the answer's QR code (a PNG that is the code's QR symbol) → a phone scans and pays
→ the channel's notification → paid and posted → the day's reconciliation matches. The money rules
of every path: a notification delivered twice applies once, checkouts at once make one payment
and one code; a device the region does not offer is refused; an unscanned code is closed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from app import clock
from app.declarations.models import Declaration, DeclarationState
from app.notifications.models import ChannelNotification
from app.payments.jobs import close_expired_payments
from app.payments.models import Payment, PaymentItem, PaymentState, PostingState
from app.reconciliation.models import ReconciliationDifference, RunState
from app.reconciliation.services import reconcile
from tests.api.support import declare, options_for, signed_in_person
from tests.conftest import drain
from tests.qr_check import assert_scan_to_pay


@dataclass
class Scanner:
    """A channel's side of 扫码缴款 in these tests: its name, the code's kind, and the phone."""

    channel: str
    code_prefix: str
    box: Any  # the channel's sandbox

    async def scan_and_pay(self, code: str, notify: bool = True) -> str:
        """A phone scans the code and pays; the channel notifies us (and the worker runs)."""
        result = await self.box.scan_and_pay(code, notify=notify)
        await drain()
        return str(result["out_trade_no"])

    async def notify_again(self, out_trade_no: str) -> None:
        if self.channel == "wechat_pay":
            assert await self.box.deliver_payment_notification(out_trade_no) == [200]
        else:
            assert await self.box.deliver(out_trade_no) == 200
        await drain()

    def code_of(self, out_trade_no: str) -> Any:
        """The channel's record of the code (WeChat: the Native order; Alipay: the precreated code)."""
        return self.box.orders[out_trade_no] if self.channel == "wechat_pay" else self.box.codes[out_trade_no]


@pytest.fixture(params=["wechat_pay", "alipay"])
def scanner(request, wechat_sandbox, alipay_sandbox) -> Scanner:  # type: ignore[no-untyped-def]
    if request.param == "wechat_pay":
        return Scanner("wechat_pay", "weixin://wxpay/bizpayurl?pr=", wechat_sandbox)
    return Scanner("alipay", "https://qr.alipay.com/", alipay_sandbox)


async def _declared(client: httpx.AsyncClient, services: Any, sandbox: Any, region: str = "hubei",
                    kind: str = "resident_medical") -> tuple[dict[str, str], dict[str, Any]]:
    headers, _ = await signed_in_person(client, sandbox, region, kind)
    return headers, await declare(client, headers, options_for(services, region, kind))


async def _pay_on_pc(client: httpx.AsyncClient, headers: dict[str, str], channel: str, declaration_id: int,
                     device: str = "pc") -> httpx.Response:
    return await client.post("/api/v1/payments", headers=headers,
                             json={"declaration_ids": [declaration_id], "channel": channel, "device": device})


async def test_a_hubei_payer_pays_by_scanning_and_the_day_reconciles(client, services, wechat_sandbox, upstream,
                                                                    scanner):
    upstream.clock = lambda: clock.now()  # postings on the real day, as the channel pays on it
    wechat_sandbox.orders.clear()  # the session's sandboxes forget earlier tests' trades
    wechat_sandbox.refunds.clear()
    if scanner.channel == "alipay":
        scanner.box.trades.clear()
    headers, declaration = await _declared(client, services, wechat_sandbox)
    r = await _pay_on_pc(client, headers, scanner.channel, declaration["id"])
    assert r.status_code == 200, r.text
    out = r.json()
    payment = out["payment"]
    code = assert_scan_to_pay(out["scan_to_pay"], scanner.code_prefix)
    assert out["request_payment"] is None and out["trade_pay"] is None and out["alipay_app"] is None
    expiry = datetime.fromisoformat(payment["expires_at"]).replace(microsecond=0)  # channels count in seconds
    assert datetime.fromisoformat(out["scan_to_pay"]["expires_at"]) == expiry
    assert (payment["channel"], payment["status_label"]) == (scanner.channel, "缴款中")
    stored = await Payment.get(id=payment["id"])
    assert (stored.device, stored.payer_ref, stored.amount_fen) == ("pc", "", declaration["amount_due_fen"])
    # the computer asks again (a reload): the same payment, the same code
    again = await _pay_on_pc(client, headers, scanner.channel, declaration["id"])
    assert again.json()["payment"]["id"] == payment["id"] and again.json()["scan_to_pay"]["code_url"] == code

    assert await scanner.scan_and_pay(code) == payment["out_trade_no"]

    stored = await Payment.get(id=payment["id"])
    assert stored.state == PaymentState.PAID and stored.transaction_id
    assert [i.posting_state for i in await PaymentItem.filter(payment_id=stored.id)] == [PostingState.POSTED]
    assert len(upstream.postings) == 1 and upstream.calls["post_payment"] == 1
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert shown["status_label"] == "缴款成功"
    run = await reconcile(services, scanner.channel, clock.business_date())
    assert run.state == RunState.DONE, run.error
    assert (run.statement_lines, run.matched, run.differences) == (1, 1, 0)
    assert await ReconciliationDifference.filter(run_id=run.id).count() == 0


async def test_a_notification_delivered_twice_pays_and_posts_once(client, services, wechat_sandbox, upstream,
                                                                  scanner):
    headers, declaration = await _declared(client, services, wechat_sandbox)
    code = (await _pay_on_pc(client, headers, scanner.channel, declaration["id"])).json()["scan_to_pay"]["code_url"]
    out_trade_no = await scanner.scan_and_pay(code)
    await scanner.notify_again(out_trade_no)
    assert await Payment.filter(state=PaymentState.PAID).count() == 1
    assert len(upstream.postings) == 1 and upstream.calls["post_payment"] == 1
    verdicts = sorted(n.verdict for n in await ChannelNotification.filter(channel=scanner.channel))
    assert verdicts == ["applied", "duplicate"]


async def test_checkouts_at_once_make_one_payment_and_one_code(client, services, wechat_sandbox, upstream, scanner):
    headers, declaration = await _declared(client, services, wechat_sandbox, "hubei", "flexible_pension")
    answers = await asyncio.gather(*(_pay_on_pc(client, headers, scanner.channel, declaration["id"])
                                     for _ in range(10)))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    assert len({a.json()["scan_to_pay"]["code_url"] for a in answers}) == 1
    assert len({a.json()["payment"]["id"] for a in answers}) == 1 and await Payment.all().count() == 1
    out_trade_no = answers[0].json()["payment"]["out_trade_no"]
    assert scanner.code_of(out_trade_no).total_fen == declaration["amount_due_fen"]


async def test_an_unscanned_code_past_its_expiry_is_closed_and_can_no_longer_be_paid(
        client, services, wechat_sandbox, upstream, scanner):
    headers, declaration = await _declared(client, services, wechat_sandbox)
    out = (await _pay_on_pc(client, headers, scanner.channel, declaration["id"])).json()
    payment, code = out["payment"], out["scan_to_pay"]["code_url"]
    assert await close_expired_payments(services) == 0  # not yet
    # the payer walked away from the computer: its expiry passed (only our row is moved in time)
    await Payment.filter(id=payment["id"]).update(expires_at=clock.now() - timedelta(minutes=10))
    assert await close_expired_payments(services) == 1
    assert (await Payment.get(id=payment["id"])).state == PaymentState.CLOSED
    with pytest.raises(ValueError):  # closed at the channel too: a phone scanning it now is refused
        await scanner.box.scan_and_pay(code)
    d = await Declaration.get(id=declaration["id"])
    assert (d.state, d.current_payment_id) == (DeclarationState.DECLARED, None)
    fresh = await _pay_on_pc(client, headers, scanner.channel, declaration["id"])  # paid anew: a new code
    assert fresh.status_code == 200 and fresh.json()["scan_to_pay"]["code_url"] != code
    assert await close_expired_payments(services) == 0


async def test_moving_from_the_phone_to_the_computer_closes_the_phone_s_order(client, services, wechat_sandbox,
                                                                             upstream):
    headers, declaration = await _declared(client, services, wechat_sandbox)
    phone = await client.post("/api/v1/payments", headers=headers,
                              json={"declaration_ids": [declaration["id"]], "channel": "wechat_pay"})
    assert phone.status_code == 200 and phone.json()["request_payment"]
    first = phone.json()["payment"]
    pc = await _pay_on_pc(client, headers, "wechat_pay", declaration["id"])
    assert pc.status_code == 200, pc.text
    assert pc.json()["payment"]["id"] != first["id"] and pc.json()["scan_to_pay"]["code_url"]
    assert (await Payment.get(id=first["id"])).state == PaymentState.CLOSED
    assert wechat_sandbox.orders[first["out_trade_no"]].trade_state == "CLOSED"  # asked, then closed there


async def test_a_payment_the_phone_made_while_the_computer_asks_is_not_paid_twice(client, services, wechat_sandbox,
                                                                                 upstream):
    headers, declaration = await _declared(client, services, wechat_sandbox)
    phone = (await client.post("/api/v1/payments", headers=headers,
                               json={"declaration_ids": [declaration["id"]], "channel": "wechat_pay"})).json()
    wechat_sandbox.confirm_payment(phone["payment"]["out_trade_no"])  # paid on the phone, not notified yet
    pc = await _pay_on_pc(client, headers, "wechat_pay", declaration["id"])
    assert (pc.status_code, pc.json()["error"]["code"]) == (409, "declaration_already_paid")
    assert await Payment.all().count() == 1
    assert (await Payment.get(id=phone["payment"]["id"])).state == PaymentState.PAID


@pytest.mark.parametrize(("region", "channel", "kind"), [("guizhou", "wechat_pay", "flexible_pension"),
                                                          ("beijing", "wechat_pay", "resident_medical")])
async def test_a_region_that_does_not_offer_the_computer_refuses_it(client, services, wechat_sandbox, upstream,
                                                                    region, channel, kind):
    headers, declaration = await _declared(client, services, wechat_sandbox, region, kind)
    r = await _pay_on_pc(client, headers, channel, declaration["id"])
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "device_not_offered"
    assert error["message"] == "该缴款方式不支持所选的缴款终端，请选择其他缴款方式"
    assert error["data"]["devices"] == ["mini_program"] and await Payment.all().count() == 0


async def test_the_menus_say_which_devices_each_channel_is_paid_on(client, services, wechat_sandbox, upstream):
    hubei = (await client.get("/api/v1/regions/hubei/menus")).json()
    assert "pc" in hubei["devices"]["wechat_pay"] and "pc" in hubei["devices"]["alipay"]
    assert set(hubei["devices"]) == set(hubei["channels"])
    guizhou = (await client.get("/api/v1/regions/guizhou/menus")).json()
    assert all("pc" not in devices for devices in guizhou["devices"].values())
