"""Hubei's 批扣 (manual 000 补充说明, line 209): a 批扣协议 is signed at the bank and run through the tax
bureau's system. Upstream knows who is inside a batch window; meanwhile checkout refuses every other
channel with the manual's words; the bank's payment shows in the records (全渠道) and is certified
after the daily reconciliation."""

from __future__ import annotations

from datetime import timedelta

from app.payments.models import Payment
from app.upstream import PersonRef
from tests.api.support import checkout, declare, options_for, signed_in_person
from tests.conftest import TODAY, move_clock

MANUAL = ("已签约批扣协议的缴费人，在批扣清册生成至签约银行返回批扣结果期间，"
          "大厅、楚税通、代征银行等渠道均无法完成缴款。批扣协议终止后，可通过大厅、楚税通、代征银行等渠道缴款。")


def _move_clock(services, days: int) -> None:  # type: ignore[no-untyped-def]
    """The one place this file moves time: `days` after TODAY (app.clock)."""
    move_clock(TODAY + timedelta(days=days))


async def test_a_bank_batch_window_holds_the_payer_then_its_payment_shows_and_is_certified(
        client, services, wechat_sandbox, upstream) -> None:
    headers, who = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    ref = PersonRef(who.id_type, who.id_number, who.name)
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_medical"))

    # a window for another type does not hold this one
    upstream.open_batch_window(ref, "hubei", "resident_pension")
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 200, r.text
    upstream.return_batch_result(ref, "hubei", "resident_pension", paid=False)

    # the bank generates a 批扣清册 holding the payer for the type: no channel takes the money meanwhile
    upstream.open_batch_window(ref, "hubei", "resident_medical", bank_name="湖北农信")
    calls = upstream.calls["list_batch_debit_windows"]
    for channel in ("wechat_pay", "alipay"):
        r = await client.post("/api/v1/payments", headers=headers,
                              json={"declaration_ids": [declaration["id"]], "channel": channel, "device": "pc"})
        assert (r.status_code, r.json()["error"]["code"]) == (409, "batch_debit_in_progress"), r.text
        assert r.json()["error"]["message"] == MANUAL
    assert upstream.calls["list_batch_debit_windows"] == calls + 2  # asked of upstream each time
    assert await Payment.all().count() == 1  # only the order made before the window

    # the bank returns its result: the window closes, the payment is upstream's 银行批扣 record
    record = upstream.return_batch_result(ref, "hubei", "resident_medical", paid=True,
                                          period=("202701", "202712"), amount_fen=38000)
    assert record is not None
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 200, r.text  # other channels pay again
    r = await client.get("/api/v1/payments", params={"period_from": "202701", "period_to": "202712"},
                         headers=headers)
    assert r.status_code == 200, r.text
    shown = [(x["channel_label"], x["amount_fen"], x["receipt_no"]) for x in r.json()["other_channel_records"]]
    assert shown == [("银行批扣", 38000, record.receipt_no)]

    # certified after the daily reconciliation (日切对账): not on the day of the debit, from the next day
    r = await client.post("/api/v1/record-certificates", json={"receipt_no": record.receipt_no}, headers=headers)
    assert (r.status_code, r.json()["error"]["code"]) == (409, "certificate_after_daily_reconciliation"), r.text
    _move_clock(services, 1)
    r = await client.post("/api/v1/record-certificates", json={"receipt_no": record.receipt_no}, headers=headers)
    assert r.status_code == 202, r.text
    again = await client.post("/api/v1/record-certificates", json={"receipt_no": record.receipt_no}, headers=headers)
    assert again.json()["certificates"][0]["id"] == r.json()["certificates"][0]["id"]  # asked twice: one certificate


async def test_regions_without_bank_batches_never_ask(client, services, wechat_sandbox, upstream) -> None:
    headers, _ = await signed_in_person(client, wechat_sandbox, "guizhou", "flexible_pension")
    declaration = await declare(client, headers, options_for(services, "guizhou", "flexible_pension"))
    r = await checkout(client, headers, declaration["id"])
    assert r.status_code == 200, r.text
    assert upstream.calls["list_batch_debit_windows"] == 0
