"""The bank agreement adapter against our bank gateway sandbox, over loopback: RSA signatures both
ways, agreements, asynchronous debits settled later with signed callbacks (caught by a real
receiver), idempotent numbers, refunds, unknown and unavailable results, forged callbacks, and the
daily statement with its trailer."""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sanic import Request, Sanic
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from app.server import serve_in_loop
from payment_channels import interfaces as ch
from payment_channels.bank import BankAgreementChannel, BankConfig
from payment_channels.bank.statement import StatementUnreadable, parse
from payment_channels.demo_key_pairs import private_pem, public_pem
from sandboxes.alipay import rsa2_sign
from sandboxes.bank import (
    BankSandbox,
    answer_message,
    create_bank_blueprint,
    generate_keys,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
MERCHANT_NO = "SBF4200000000001"
KEYS = generate_keys()  # (our merchant key, the bank's key)
CLIENT_TIMEOUT = 0.5
TAX_OFFICE = "14201060000"
ICBC = dict(bank_code="ICBC", account_no="6222020200112345678", holder_name="张三", id_number="420102199001011236")
POOR = dict(bank_code="ABC", account_no="6228480010123456789", holder_name="李四", id_number="42010619850505234X")
_apps = itertools.count(1)


@dataclass
class Callbacks:
    """Our side of the callbacks: a real receiver that verifies with the channel."""

    channel: BankAgreementChannel | None = None
    url: str = ""
    accepted: list[ch.VerifiedNotification] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    fail_with: int = 0  # answer this status instead of verifying (the merchant is down)


def _app(kind: str) -> Sanic:  # type: ignore[type-arg]
    app = Sanic(f"bank_{kind}_{next(_apps)}")
    app.config.AUTO_EXTEND = False
    return app


def _config(base_url: str, **changes: object) -> BankConfig:
    merchant_key, bank_key = KEYS
    config = BankConfig(MERCHANT_NO, private_pem(merchant_key), public_pem(bank_key), base_url,
                        timeout_seconds=CLIENT_TIMEOUT)
    return replace(config, **changes)  # type: ignore[arg-type]


@pytest.fixture
def bank() -> BankSandbox:
    merchant_key, bank_key = KEYS
    sandbox = BankSandbox(MERCHANT_NO, bank_key, merchant_key.public_key(), timeout_sleep_seconds=CLIENT_TIMEOUT * 3)
    sandbox.seed_demo_accounts()
    return sandbox


@pytest.fixture
def callbacks() -> Callbacks:
    return Callbacks()


@pytest.fixture
async def base_url(bank: BankSandbox, callbacks: Callbacks) -> AsyncIterator[str]:
    """The sandbox and our callback receiver, both served on loopback."""
    gateway = _app("sandbox")
    gateway.blueprint(create_bank_blueprint(bank))
    receiver = _app("receiver")

    @receiver.post("/notify/bank")
    async def notify(request: Request) -> HTTPResponse:
        if callbacks.fail_with:
            return json_response({"code": "FAIL", "message": "down"}, status=callbacks.fail_with)
        assert callbacks.channel is not None
        try:
            verified = await callbacks.channel.parse_notification(dict(request.headers), request.body)
        except ch.NotificationRejected as exc:
            callbacks.refused.append(exc.reason)
            return json_response({"code": "FAIL", "message": exc.reason}, status=400)
        callbacks.accepted.append(verified)
        return json_response({"code": "SUCCESS"})

    async with serve_in_loop(gateway) as url, serve_in_loop(receiver) as receiver_url:
        callbacks.url = f"{receiver_url}/notify/bank"
        yield url


@pytest.fixture
async def channel(base_url: str, callbacks: Callbacks) -> AsyncIterator[BankAgreementChannel]:
    adapter = BankAgreementChannel(_config(base_url))
    await adapter.start()
    callbacks.channel = adapter
    yield adapter
    await adapter.close()


async def control(base_url: str, method: str, path: str, body: object = None) -> dict[str, object]:
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.request(method, base_url + path, json=body)
    answer = response.json()
    assert response.status_code == 200, answer
    return answer  # type: ignore[no-any-return]


def order(agreement_no: str, no: str = "SBP20261130000000000001", fen: int = 38_000,
          notify_url: str = "http://127.0.0.1:9/notify/bank") -> ch.OrderRequest:
    return ch.OrderRequest(out_trade_no=no, description="湖北城乡居民医疗保险 2027", amount_fen=fen,
                           payer_ref=agreement_no, notify_url=notify_url)


def refund_request(out_refund_no: str, fen: int, no: str = "SBP20261130000000000001", total: int = 38_000,
                   notify_url: str = "http://127.0.0.1:9/notify/bank") -> ch.RefundRequest:
    return ch.RefundRequest(no, out_refund_no, fen, total, "多缴退费", notify_url)


async def signed(channel: BankAgreementChannel, account: dict[str, str] = ICBC) -> str:
    return (await channel.sign_agreement(**account, tax_office_code=TAX_OFFICE)).agreement_no


async def paid(channel: BankAgreementChannel, bank: BankSandbox, no: str = "SBP20261130000000000001",
               fen: int = 38_000, notify_url: str = "http://127.0.0.1:9/notify/bank") -> str:
    made = await channel.create_order(order(await signed(channel), no, fen, notify_url))
    await bank.settle(no)
    return made.prepay_id


def today() -> date:
    return datetime.now(SHANGHAI).date()


# ---- agreements ----

async def test_signing_an_agreement_is_idempotent_and_refusals_name_the_reason(channel: BankAgreementChannel,
                                                                               bank: BankSandbox) -> None:
    first = await channel.sign_agreement(**ICBC, tax_office_code=TAX_OFFICE)
    again = await channel.sign_agreement(**ICBC, tax_office_code=TAX_OFFICE)
    assert first.agreement_no.startswith("AG") and again.agreement_no == first.agreement_no
    assert len(bank.agreements) == 1 and first.raw["account_tail"] == "5678"
    explicit = await channel.sign_agreement(**ICBC, id_type="resident_id_card", tax_office_code="")  # ours → ID_CARD
    assert explicit.agreement_no == first.agreement_no
    bank.seed_account("CCB", "6217000010099990002", "John Smith", "E12345678", 10_000, id_type="PASSPORT")
    foreigner = dict(bank_code="CCB", account_no="6217000010099990002", holder_name="John Smith",
                     id_number="E12345678")
    assert (await channel.sign_agreement(**foreigner, id_type="passport")).agreement_no != first.agreement_no
    with pytest.raises(ch.ChannelRejected) as refused:  # the same number, another document type
        await channel.sign_agreement(**foreigner)
    assert refused.value.code == "ID_MISMATCH"
    assert len(bank.agreements) == 2
    refusals = [
        ({**ICBC, "holder_name": "张四"}, "NAME_MISMATCH", "持卡人姓名与账户不符"),
        ({**ICBC, "account_no": "6222020200199999999"}, "ACCOUNT_NOT_FOUND", "账户不存在"),
        ({**ICBC, "id_number": "420102199001019999"}, "ID_MISMATCH", "证件号码与账户不符"),
        (dict(bank_code="BOC", account_no="6217850100012345678", holder_name="王五", id_number="420111197803123456"),
         "ACCOUNT_FROZEN", "账户已冻结"),
        ({**ICBC, "bank_code": "CMB"}, "BANK_NOT_SUPPORTED", "暂不支持该银行"),
    ]
    for account, code, message in refusals:
        with pytest.raises(ch.ChannelRejected) as refused:
            await channel.sign_agreement(**account, tax_office_code=TAX_OFFICE)
        assert (refused.value.code, str(refused.value)) == (code, message)
    assert len(bank.agreements) == 2


async def test_a_cancelled_agreement_takes_no_more_debits(channel: BankAgreementChannel, bank: BankSandbox) -> None:
    agreement = await signed(channel)
    await channel.create_order(order(agreement, "SBP20261130000000000011"))  # accepted before the cancel
    await channel.cancel_agreement(agreement)
    await channel.cancel_agreement(agreement)  # again: fine
    with pytest.raises(ch.ChannelRejected) as refused:
        await channel.create_order(order(agreement, "SBP20261130000000000012"))
    assert refused.value.code == "AGREEMENT_CANCELLED" and "SBP20261130000000000012" not in bank.debits
    await bank.settle()
    status = await channel.query_order("SBP20261130000000000011")
    assert (status.state, status.provider_state) == (ch.TradeState.CLOSED, "AGREEMENT_CANCELLED")
    assert bank.account("ICBC", ICBC["account_no"]).balance_fen == 500_000
    assert await signed(channel) != agreement  # signing again makes a new agreement
    with pytest.raises(ch.ChannelRejected) as refused:
        await channel.cancel_agreement("AG00000000000000000000")
    assert refused.value.code == "AGREEMENT_NOT_FOUND"


# ---- debits ----

async def test_a_debit_is_accepted_then_settled_with_a_signed_callback(channel: BankAgreementChannel,
                                                                       bank: BankSandbox, callbacks: Callbacks,
                                                                       base_url: str) -> None:
    agreement = await signed(channel)
    made = await channel.create_order(order(agreement, notify_url=callbacks.url), batch_no="PL202611300001")
    debit = bank.debits["SBP20261130000000000001"]
    assert (made.prepay_id, made.client_params) == (debit.bank_serial, {})
    assert await channel.client_params(made.prepay_id) == {}
    status = await channel.query_order("SBP20261130000000000001")
    assert (status.state, status.provider_state, status.amount_fen, status.transaction_id) == (
        ch.TradeState.PENDING, "PROCESSING", 38_000, made.prepay_id)
    assert bank.account("ICBC", ICBC["account_no"]).balance_fen == 500_000  # nothing taken yet
    settled = await control(base_url, "POST", "/sandbox/bank/settle", {})
    assert settled["result"] == {"debits_succeeded": 1, "debits_failed": 0, "refunds_succeeded": 0,
                                 "refunds_failed": 0, "delivered": 1}
    [note] = callbacks.accepted
    assert note.trade is not None and (note.event_type, note.kind, note.trade.state, note.trade.amount_fen,
                                       note.trade.transaction_id) == (
        "TRANSACTION.SUCCESS", "payment", ch.TradeState.PAID, 38_000, made.prepay_id)
    assert note.resource["batch_no"] == "PL202611300001" and note.notification_id
    status = await channel.query_order("SBP20261130000000000001")
    assert (status.state, status.provider_state, status.payer_amount_fen) == (ch.TradeState.PAID, "SUCCESS", 38_000)
    assert status.success_time is not None and status.success_time.utcoffset() == timedelta(hours=8)
    assert bank.account("ICBC", ICBC["account_no"]).balance_fen == 500_000 - 38_000
    await bank.settle()  # nothing new: no second callback
    assert len(callbacks.accepted) == 1 and [d.acknowledged for d in bank.deliveries] == [True]
    assert (await channel.query_order("SBP-never-sent")).state == ch.TradeState.NOT_FOUND


async def test_insufficient_balance_fails_the_debit(channel: BankAgreementChannel, bank: BankSandbox,
                                                    callbacks: Callbacks) -> None:
    agreement = await signed(channel, POOR)  # 1 元 on the account
    await channel.create_order(order(agreement, "SBP20261130000000000002", notify_url=callbacks.url))
    await bank.settle()
    status = await channel.query_order("SBP20261130000000000002")
    assert (status.state, status.provider_state, status.success_time) == (ch.TradeState.CLOSED,
                                                                          "INSUFFICIENT_BALANCE", None)
    [note] = callbacks.accepted
    assert note.trade is not None and (note.event_type, note.trade.state, note.trade.provider_state) == (
        "TRANSACTION.CLOSED", ch.TradeState.CLOSED, "INSUFFICIENT_BALANCE")
    assert note.resource["fail_reason"] == "账户余额不足"
    assert bank.account("ABC", POOR["account_no"]).balance_fen == 100


async def test_the_same_number_debits_once_even_ten_at_a_time(channel: BankAgreementChannel,
                                                              bank: BankSandbox) -> None:
    agreement = await signed(channel)
    first = await channel.create_order(order(agreement))
    again = await channel.create_order(order(agreement))
    assert again.prepay_id == first.prepay_id
    with pytest.raises(ch.ChannelRejected) as refused:
        await channel.create_order(order(agreement, fen=38_001))
    assert refused.value.code == "DUPLICATE_ORDER"
    many = await asyncio.gather(*(channel.create_order(order(agreement, "SBP20261130000000000003"))
                                  for _ in range(10)))
    assert len({m.prepay_id for m in many}) == 1
    assert bank.calls["debit"] == 13 and len(bank.debits) == 2
    await bank.settle()
    assert bank.account("ICBC", ICBC["account_no"]).balance_fen == 500_000 - 2 * 38_000  # each number once
    assert (await channel.create_order(order(agreement))).prepay_id == first.prepay_id  # after settling too
    await bank.settle()
    assert bank.account("ICBC", ICBC["account_no"]).balance_fen == 500_000 - 2 * 38_000


async def test_a_debit_not_yet_settled_can_be_closed_a_paid_one_not(channel: BankAgreementChannel,
                                                                    bank: BankSandbox) -> None:
    agreement = await signed(channel)
    await channel.create_order(order(agreement, "SBP20261130000000000004"))
    await channel.close_order("SBP20261130000000000004")
    await channel.close_order("SBP20261130000000000004")  # again: fine
    await channel.close_order("SBP20261130000000000099")  # never sent: nothing can be debited under it
    await bank.settle()
    status = await channel.query_order("SBP20261130000000000004")
    assert (status.state, status.provider_state) == (ch.TradeState.CLOSED, "CLOSED")
    assert bank.account("ICBC", ICBC["account_no"]).balance_fen == 500_000
    await channel.create_order(order(agreement, "SBP20261130000000000005"))
    await bank.settle()
    with pytest.raises(ch.ChannelRejected) as refused:
        await channel.close_order("SBP20261130000000000005")
    assert refused.value.code == "ORDERPAID"
    assert (await channel.query_order("SBP20261130000000000005")).state == ch.TradeState.PAID


# ---- refunds ----

async def test_a_refund_is_taken_once_never_beyond_the_debit_and_settled_later(
        channel: BankAgreementChannel, bank: BankSandbox, callbacks: Callbacks) -> None:
    await paid(channel, bank)
    await channel.create_order(order(await signed(channel), "SBP20261130000000000006"))
    with pytest.raises(ch.ChannelRejected) as refused:  # not paid (yet): nothing to refund
        await channel.refund(refund_request("SBR20261130000000000006", 100, "SBP20261130000000000006"))
    assert refused.value.code == "ORDER_NOT_PAID"
    first = await channel.refund(refund_request("SBR20261130000000000001", 10_000, notify_url=callbacks.url))
    again = await channel.refund(refund_request("SBR20261130000000000001", 10_000, notify_url=callbacks.url))
    assert (first.state, first.provider_state, first.amount_fen) == (ch.RefundState.PROCESSING, "PROCESSING", 10_000)
    assert first.refund_id is not None and again.refund_id == first.refund_id and len(bank.refunds) == 1
    with pytest.raises(ch.ChannelRejected) as refused:
        await channel.refund(refund_request("SBR20261130000000000002", 28_001))
    assert refused.value.code == "REFUND_EXCEEDS"
    assert (await channel.query_refund("SBR20261130000000000001", "SBP20261130000000000001")).state == \
        ch.RefundState.PROCESSING
    balance = bank.account("ICBC", ICBC["account_no"]).balance_fen
    await bank.settle("SBP20261130000000000001")
    assert bank.account("ICBC", ICBC["account_no"]).balance_fen == balance + 10_000
    [note] = callbacks.accepted
    assert note.refund is not None and (note.event_type, note.kind, note.refund.state, note.refund.amount_fen,
                                        note.refund.out_refund_no, note.refund.refund_id) == (
        "REFUND.SUCCESS", "refund", ch.RefundState.SUCCEEDED, 10_000, "SBR20261130000000000001", first.refund_id)
    found = await channel.query_refund("SBR20261130000000000001")
    assert (found.state, found.amount_fen, found.out_trade_no) == (ch.RefundState.SUCCEEDED, 10_000,
                                                                   "SBP20261130000000000001")
    assert (await channel.query_refund("SBR20261130000000000009")).state == ch.RefundState.NOT_FOUND
    assert (await channel.query_refund("SBR20261130000000000001", "SBP20261130000000000099")).state == \
        ch.RefundState.NOT_FOUND  # another order's number
    last = await channel.refund(refund_request("SBR20261130000000000003", 28_000))  # exactly what is left
    assert last.state == ch.RefundState.PROCESSING
    with pytest.raises(ch.ChannelRejected) as refused:
        await channel.refund(refund_request("SBR20261130000000000004", 1))
    assert refused.value.code == "REFUND_EXCEEDS"


# ---- callbacks ----

def _signed_body(bank: BankSandbox, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    stamp, nonce = str(timestamp or int(bank.clock())), secrets.token_hex(8)
    return {"X-Bank-Merchant": MERCHANT_NO, "X-Bank-Timestamp": stamp, "X-Bank-Nonce": nonce,
            "X-Bank-Signature": rsa2_sign(bank.bank_key, answer_message(stamp, nonce, body.decode()))}


async def test_forged_callbacks_are_refused_with_the_right_reason(channel: BankAgreementChannel, bank: BankSandbox,
                                                                  callbacks: Callbacks, base_url: str) -> None:
    await paid(channel, bank, notify_url=callbacks.url)
    assert len(callbacks.accepted) == 1
    headers, body = bank.build_callback(out_trade_no="SBP20261130000000000001")
    assert (await channel.parse_notification(headers, body)).event_type == "TRANSACTION.SUCCESS"
    for forge, reason in (("bad_signature", "bad_signature"), ("stale", "stale_timestamp"),
                          ("wrong_merchant", "wrong_mchid"), ("tampered", "bad_signature")):
        forged_headers, forged = bank.build_callback(out_trade_no="SBP20261130000000000001", forge=forge)
        with pytest.raises(ch.NotificationRejected) as refused:
            await channel.parse_notification(forged_headers, forged)
        assert refused.value.reason == reason, forge
    # signed by the bank with a wrong amount: verified here, caught by the payment service's check
    wrong_headers, wrong = bank.build_callback(out_trade_no="SBP20261130000000000001", forge="wrong_amount")
    verified = await channel.parse_notification(wrong_headers, wrong)
    assert verified.trade is not None and verified.trade.amount_fen == 38_001
    with pytest.raises(ch.NotificationRejected) as refused:  # genuine, but seen 10 minutes later
        await channel.parse_notification(headers, body, now=datetime.now(SHANGHAI) + timedelta(minutes=10))
    assert refused.value.reason == "stale_timestamp"
    with pytest.raises(ch.NotificationRejected) as refused:
        await channel.parse_notification({k: v for k, v in headers.items() if k != "X-Bank-Nonce"}, body)
    assert refused.value.reason == "missing_headers"
    for junk in (b"not json", b"[]", json.dumps({"event": "DEBIT.SUCCESS"}).encode()):
        with pytest.raises(ch.NotificationRejected) as refused:
            await channel.parse_notification(_signed_body(bank, junk), junk)
        assert refused.value.reason == "malformed", junk
    inconsistent = json.loads(body)
    inconsistent["status"] = "FAILED"
    odd = json.dumps(inconsistent).encode()
    with pytest.raises(ch.NotificationRejected) as refused:
        await channel.parse_notification(_signed_body(bank, odd), odd)
    assert refused.value.reason == "inconsistent_event"
    # one forged callback over the wire: our receiver refuses it, the bank sees no acknowledgement
    sent = await control(base_url, "POST", "/sandbox/bank/callbacks/forge",
                         {"forge": "bad_signature", "out_trade_no": "SBP20261130000000000001"})
    assert sent["result"]["status"] == 400 and sent["result"]["acknowledged"] is False  # type: ignore[index]
    assert callbacks.refused == ["bad_signature"] and len(callbacks.accepted) == 1


async def test_an_unacknowledged_callback_is_delivered_again(channel: BankAgreementChannel, bank: BankSandbox,
                                                             callbacks: Callbacks) -> None:
    callbacks.fail_with = 500
    await paid(channel, bank, notify_url=callbacks.url)
    assert [(d.status, d.acknowledged) for d in bank.deliveries] == [(500, False)] and not callbacks.accepted
    callbacks.fail_with = 0
    assert await bank.deliver_pending() == 1
    assert [d.acknowledged for d in bank.deliveries] == [False, True] and len(callbacks.accepted) == 1
    assert await bank.deliver_pending() == 0 and len(bank.deliveries) == 2


# ---- faults ----

async def test_a_timeout_is_unknown_and_a_query_settles_it(channel: BankAgreementChannel, bank: BankSandbox,
                                                           base_url: str) -> None:
    agreement = await signed(channel)
    await control(base_url, "POST", "/sandbox/bank/faults", {"operation": "debit", "mode": "timeout"})
    with pytest.raises(ch.ChannelResultUnknown) as unknown:
        await channel.create_order(order(agreement, "SBP20261130000000000007"))
    assert unknown.value.code == "TIMEOUT"
    status = await channel.query_order("SBP20261130000000000007")  # it did reach the bank
    assert (status.state, status.provider_state) == (ch.TradeState.PENDING, "PROCESSING")
    again = await channel.create_order(order(agreement, "SBP20261130000000000007"))  # the same number: no new one
    assert again.prepay_id == bank.debits["SBP20261130000000000007"].bank_serial and len(bank.debits) == 1
    await bank.settle()
    assert (await channel.query_order("SBP20261130000000000007")).state == ch.TradeState.PAID
    assert bank.account("ICBC", ICBC["account_no"]).balance_fen == 500_000 - 38_000


async def test_503_is_unavailable_and_nothing_was_done(channel: BankAgreementChannel, bank: BankSandbox) -> None:
    agreement = await signed(channel)
    bank.set_fault("debit", "unavailable")
    with pytest.raises(ch.ChannelUnavailable) as down:
        await channel.create_order(order(agreement, "SBP20261130000000000008"))
    assert down.value.code == "SYSTEM_BUSY" and "SBP20261130000000000008" not in bank.debits
    assert (await channel.query_order("SBP20261130000000000008")).state == ch.TradeState.NOT_FOUND
    await channel.create_order(order(agreement, "SBP20261130000000000008"))  # the fault was for one call
    assert "SBP20261130000000000008" in bank.debits


async def test_unsigned_or_failed_answers_are_unknown(channel: BankAgreementChannel, bank: BankSandbox) -> None:
    agreement = await signed(channel)
    bank.set_fault("debit", "bad_signature")
    with pytest.raises(ch.ChannelResultUnknown) as unknown:
        await channel.create_order(order(agreement, "SBP20261130000000000009"))
    assert unknown.value.code == "BAD_SIGNATURE" and "SBP20261130000000000009" in bank.debits  # it was done
    bank.set_fault("refund", "error_500")
    await bank.settle()
    with pytest.raises(ch.ChannelResultUnknown):  # a change may have happened
        await channel.refund(refund_request("SBR20261130000000000009", 100, "SBP20261130000000000009"))
    assert "SBR20261130000000000009" in bank.refunds
    bank.set_fault("query_debit", "error_500")
    with pytest.raises(ch.ChannelUnavailable):  # a query changes nothing: try again later
        await channel.query_order("SBP20261130000000000009")
    bank.set_fault("sign_agreement", "bad_signature")
    with pytest.raises(ch.ChannelResultUnknown):
        await signed(channel)


async def test_keys_must_match_both_ways(channel: BankAgreementChannel, base_url: str) -> None:
    stranger, _ = generate_keys()
    ours_unknown = BankAgreementChannel(_config(base_url, merchant_private_key=private_pem(stranger)))
    bank_unknown = BankAgreementChannel(_config(base_url, bank_public_key=public_pem(stranger)))
    nowhere = BankAgreementChannel(_config("http://127.0.0.1:9"))
    for adapter in (ours_unknown, bank_unknown, nowhere):
        await adapter.start()
    try:
        with pytest.raises(ch.ChannelRejected) as refused:  # the bank checks our signature
            await ours_unknown.sign_agreement(**ICBC, tax_office_code=TAX_OFFICE)
        assert refused.value.code == "SIGN_ERROR"
        with pytest.raises(ch.ChannelResultUnknown) as unknown:  # we check the bank's
            await bank_unknown.sign_agreement(**ICBC, tax_office_code=TAX_OFFICE)
        assert unknown.value.code == "BAD_SIGNATURE"
        with pytest.raises(ch.ChannelUnavailable) as down:
            await nowhere.query_order("SBP20261130000000000001")
        assert down.value.code == "CONNECT_FAILED"
    finally:
        for adapter in (ours_unknown, bank_unknown, nowhere):
            await adapter.close()
    with pytest.raises(RuntimeError):  # closed: not started
        await ours_unknown.query_order("SBP20261130000000000001")


# ---- statements ----

async def test_the_daily_statement_lists_debits_and_refunds_with_totals(channel: BankAgreementChannel,
                                                                        bank: BankSandbox) -> None:
    agreement = await signed(channel)
    await channel.create_order(order(agreement, "SBP20261130000000000021"), batch_no="PL202611300001")
    await channel.create_order(order(agreement, "SBP20261130000000000022", fen=12_345))
    await channel.create_order(order(await signed(channel, POOR), "SBP20261130000000000023"))  # fails: 1 元
    await channel.create_order(order(agreement, "SBP20261130000000000024"))  # stays PROCESSING
    await bank.settle("SBP20261130000000000021")
    await bank.settle("SBP20261130000000000022")
    await bank.settle("SBP20261130000000000023")
    await channel.refund(refund_request("SBR20261130000000000021", 8_000, "SBP20261130000000000021"))
    await bank.settle("SBP20261130000000000021")
    text = await channel.download_trade_bill(today())
    assert text.splitlines()[0] == "bank_serial,out_trade_no,kind,amount_fen,status,finished_at,out_refund_no,batch_no"
    assert text.splitlines()[-1] == "TOTAL,3,50345,8000"
    lines = parse(text)
    debits = sorted((line.out_trade_no, line.amount_fen, line.batch_no) for line in lines if line.kind == "payment")
    assert debits == [("SBP20261130000000000021", 38_000, "PL202611300001"), ("SBP20261130000000000022", 12_345, None)]
    [back] = [line for line in lines if line.kind == "refund"]
    assert (back.out_trade_no, back.out_refund_no, back.amount_fen, back.transaction_id) == (
        "SBP20261130000000000021", "SBR20261130000000000021", 8_000,
        bank.refunds["SBR20261130000000000021"].refund_serial)
    assert all(line.at is not None and line.at.date() == today() for line in lines)
    assert parse(await channel.download_trade_bill(date(2020, 1, 1))) == []
    with pytest.raises(ch.ChannelRejected) as refused:
        await channel.download_trade_bill(today() + timedelta(days=2))
    assert refused.value.code == "STATEMENT_NOT_READY"
    bank.set_fault("statement", "bad_signature")  # changed on the way: never taken
    with pytest.raises(ch.ChannelResultUnknown):
        await channel.download_trade_bill(today())


def test_a_statement_that_is_not_whole_is_refused() -> None:
    text = ("bank_serial,out_trade_no,kind,amount_fen,status,finished_at,out_refund_no,batch_no\n"
            "DK1,SBP1,DEBIT,38000,SUCCESS,2026-11-30T10:00:00+08:00,,\n"
            "DK2,SBP2,DEBIT,12345,SUCCESS,2026-11-30T10:05:00+08:00,,PL1\n"
            "TK1,SBP1,REFUND,8000,SUCCESS,2026-11-30T11:00:00+08:00,SBR1,\n"
            "TOTAL,3,50345,8000\n")
    assert [line.amount_fen for line in parse(text)] == [38_000, 12_345, 8_000]
    lines = text.splitlines()
    broken = {
        "truncated: no trailer": "\n".join(lines[:3]),
        "cut in the middle of a line": text[:text.index("TK1") + 10],
        "a line lost": "\n".join(lines[:2] + lines[3:]),
        "a changed amount": text.replace("12345", "12346"),
        "something after the trailer": text + "DK3,SBP3,DEBIT,1,SUCCESS,,,\n",
        "no header": "\n".join(lines[1:]),
        "an amount in yuan": text.replace("38000", "380.00"),
        "a refund without its number": text.replace("SBR1", ""),
        "empty": "",
    }
    for what, body in broken.items():
        with pytest.raises(StatementUnreadable):
            parse(body)
            pytest.fail(what)


# ---- controls ----

async def test_the_sandbox_controls_over_http(channel: BankAgreementChannel, bank: BankSandbox,
                                              base_url: str) -> None:
    seeded = await control(base_url, "POST", "/sandbox/bank/accounts", {
        "bank_code": "HUBEI_RCB", "account_no": "6230520010099990001", "holder_name": "吴八",
        "id_number": "420102197511116784", "balance_fen": 5_000, "frozen": False})
    assert seeded["result"]["balance_fen"] == 5_000  # type: ignore[index]
    agreement = await channel.sign_agreement(bank_code="HUBEI_RCB", account_no="6230520010099990001",
                                             holder_name="吴八", id_number="420102197511116784",
                                             tax_office_code=TAX_OFFICE)
    await channel.create_order(order(agreement.agreement_no, "SBP20261130000000000031", fen=5_000))
    await control(base_url, "POST", "/sandbox/bank/settle", {"out_trade_no": "SBP20261130000000000031"})
    state = await control(base_url, "GET", "/sandbox/bank/state")
    assert state["debits"]["SBP20261130000000000031"]["status"] == "SUCCESS"  # type: ignore[index]
    assert bank.account("HUBEI_RCB", "6230520010099990001").balance_fen == 0
    async with httpx.AsyncClient(timeout=5) as client:
        bad = await client.post(base_url + "/sandbox/bank/faults", json={"operation": "debit", "mode": "explode"})
        assert bad.status_code == 400
        assert (await client.post(base_url + "/sandbox/bank/accounts", json={"bank_code": "CMB"})).status_code == 404
        unsigned = await client.post(base_url + "/bank/debits", json={"out_trade_no": "SBP1"})
        assert unsigned.status_code == 401 and unsigned.json()["code"] == "MERCHANT_MISMATCH"
    await control(base_url, "POST", "/sandbox/bank/faults", {"operation": "*", "mode": "unavailable", "count": None})
    with pytest.raises(ch.ChannelUnavailable):
        await channel.query_order("SBP20261130000000000031")
    await control(base_url, "DELETE", "/sandbox/bank/faults")
    assert (await channel.query_order("SBP20261130000000000031")).state == ch.TradeState.PAID
