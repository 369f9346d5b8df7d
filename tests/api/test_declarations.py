"""申报 (declarations): a previewed assessment holds nothing back; periods never overlap per payer
and insurance type, even declared at once; the person comes before a stranger's unpaid declaration
for them; voiding while the payment is busy at the channel says busy; unpaid declarations expire
(also those made before expiry existed) and free what they held; 申报记录查询 counts its to-date's
day and refuses dates at the edges of the calendar."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from app import clock
from app.declarations.models import Declaration, DeclarationState
from app.payments.models import Payment, PaymentItem, PostingState
from app.tasks import SWEEPS
from tests.api.payer_steps import assert_error, demo, payer_body, signed_in_as
from tests.api.support import BACK, checkout, current, declare, declared
from tests.conftest import TEST_DATABASE_URL, TODAY

CHEN_BACK = {"insurance_type": "flexible_pension", "payment_kind": "back_payment"}  # 陈刚 owes 202507–202510


async def test_a_preview_assessment_holds_back_nothing(client, services, wechat_sandbox, upstream):
    from tests.api.payer_steps import signed_in_as
    from tests.api.support import options_for

    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    r = await client.post("/api/v1/assessments", json=options_for(services, "hubei", "resident_medical"),
                          headers=headers)
    assert r.status_code == 200, r.text
    assert upstream.assessments[r.json()["assessment"]["assessment_no"]].status == "voided"


# ---- periods never overlap ----

async def test_overlapping_periods_are_refused_per_payer_and_type(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "陈刚")
    first = await declare(client, headers, {**CHEN_BACK, "period_start": "202507", "period_end": "202508"})
    r = await client.post("/api/v1/declarations", headers=headers,
                          json={**CHEN_BACK, "period_start": "202507", "period_end": "202510"})
    error = assert_error(r, 409, "declaration_overlaps")
    assert (error["data"]["period_start"], error["data"]["declaration_no"]) == ("202507", first["declaration_no"])
    same = await client.post("/api/v1/declarations", headers=headers,
                             json={**CHEN_BACK, "period_start": "202507", "period_end": "202508"})
    assert_error(same, 409, "declaration_exists")
    # another insurance type, or the months after, are not an overlap
    assert (await client.post("/api/v1/declarations", headers=headers, json={
        "insurance_type": "flexible_medical", "payment_kind": "back_payment", "period_start": "202509",
        "period_end": "202510"})).status_code == 201
    await declare(client, headers, {**CHEN_BACK, "period_start": "202509", "period_end": "202510"})
    assert await Declaration.filter(insurance_type="flexible_pension").count() == 2


async def test_concurrent_overlapping_declarations_make_one(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "陈刚")
    ranges = [("202507", "202508"), ("202507", "202510"), ("202508", "202509"), ("202508", "202508"),
              ("202507", "202509"), ("202508", "202510")] * 2  # every two of them overlap (202508)
    results = await asyncio.gather(*(client.post("/api/v1/declarations", headers=headers, json={
        **CHEN_BACK, "period_start": a, "period_end": b}) for a, b in ranges))
    assert sorted(r.status_code for r in results).count(201) == 1, [r.text for r in results]
    assert {r.json()["error"]["code"] for r in results if r.status_code != 201} <= {
        "declaration_overlaps", "declaration_exists", "declaration_busy"}
    assert await Declaration.filter(insurance_type="flexible_pension").exclude(
        state=DeclarationState.VOIDED).count() == 1


async def test_the_person_comes_before_a_strangers_unpaid_declaration(client, services, wechat_sandbox, upstream):
    stranger = await signed_in_as(client, wechat_sandbox, "刘芳")
    squat = await declare(client, stranger, {**current(services), "payer": payer_body(demo("杨波"))})
    assert squat["expires_at"] is not None
    me = await signed_in_as(client, wechat_sandbox, "杨波")
    mine = await declare(client, me, current(services))
    assert mine["relation"] == "self_pay"
    voided = await Declaration.get(id=squat["id"])
    assert voided.state == DeclarationState.VOIDED and "本人已申报" in (voided.void_reason or "")
    # the other way round, the payer's own declaration stands
    r = await client.post("/api/v1/declarations", headers=stranger,
                          json={**current(services), "payer": payer_body(demo("杨波"))})
    error = assert_error(r, 409, "declaration_overlaps")
    assert error["data"]["declaration_no"] is None  # another account's number is never shown


# ---- voiding and expiry ----

async def test_voiding_while_the_payment_is_busy_with_the_channel_says_busy(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    held, release = asyncio.Event(), asyncio.Event()

    async def slow_channel_call() -> None:  # e.g. the close job: query + close + query, each slow
        async with services.kv.lock(f"payment:{payment['out_trade_no']}", 60, 1):
            held.set()
            await release.wait()

    holder = asyncio.create_task(slow_channel_call())
    await held.wait()
    try:
        r = await client.post(f"/api/v1/declarations/{declaration['id']}/void", headers=headers)
    finally:
        release.set()
        await holder
    assert r.status_code in (409, 503), r.text  # busy, try again: never an internal error


async def test_unpaid_declarations_expire_and_free_what_they_held(client, services, wechat_sandbox, upstream):
    stranger = await signed_in_as(client, wechat_sandbox, "刘芳")
    back = await declare(client, stranger, {**BACK, "payer": payer_body(demo("吴强"))})  # nobody pays it
    wu = await signed_in_as(client, wechat_sandbox, "吴强")
    later = await declare(client, wu, current(services))
    payment = (await checkout(client, wu, later["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=wu)).json()["payment"]
    item = shown["items"][0]
    assert item["posting_state"] == "not_posted" and item["posting_deadline"] is not None
    deadline_day = item["posting_deadline"][:10]
    assert "到期自动作废" in item["posting_reason"] and deadline_day in item["posting_reason"]
    assert await SWEEPS["expire_declarations"].work(services) == 0  # not yet
    await Declaration.filter(id=back["id"]).update(expires_at=clock.now() - timedelta(seconds=1))
    assert await SWEEPS["expire_declarations"].work(services) == 1
    assert (await Declaration.get(id=back["id"])).state == DeclarationState.VOIDED
    assert upstream.assessments[back["assessment_no"]].status == "voided"
    assert (await PaymentItem.get(payment_id=payment["id"])).posting_state == PostingState.POSTED
    r = await client.post("/api/v1/payments", json={"declaration_ids": [back["id"]]}, headers=stranger)
    assert_error(r, 409, "declaration_voided")


async def test_an_expired_declaration_cannot_be_paid(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    await Declaration.filter(id=declaration["id"]).update(expires_at=clock.now() - timedelta(minutes=1))
    assert_error(await checkout(client, headers, declaration["id"]), 409, "declaration_expired")
    assert (await Declaration.get(id=declaration["id"])).state == DeclarationState.VOIDED
    assert await Payment.all().count() == 0


async def test_a_declaration_from_before_expiry_existed_gets_one_and_expires(
    client, services, wechat_sandbox, upstream
):
    from datetime import timedelta

    from app.tasks import SWEEPS

    _, declaration = await declared(client, services, wechat_sandbox)
    made = clock.now() - timedelta(days=3)
    await Declaration.filter(id=declaration["id"]).update(expires_at=None, created_at=made)  # as migrated
    assert await SWEEPS["expire_declarations"].work(services) == 1
    d = await Declaration.get(id=declaration["id"])
    assert d.state == DeclarationState.VOIDED and d.expires_at == made + timedelta(hours=24)


# ---- 申报记录查询: dates ----

async def test_the_to_date_of_declaration_records_includes_its_day(client, services, wechat_sandbox, owing, upstream):
    await declare(client, owing, current(services))
    today = datetime.now(TODAY.tzinfo).strftime("%Y-%m-%d")  # declared_at is the real clock
    r = await client.get(f"/api/v1/declarations?from={today}&to={today}", headers=owing)
    assert r.json()["total"] == 1, r.json()


async def _refused_or_answered(client, services, wechat_sandbox, query: str) -> None:  # type: ignore[no-untyped-def]
    headers, _ = await declared(client, services, wechat_sandbox)
    r = await client.get(f"/api/v1/declarations?{query}", headers=headers)
    if r.status_code != 200:
        assert_error(r, 400, "field_invalid")


async def test_the_last_day_of_the_calendar_as_to_date_is_refused(client, services, wechat_sandbox, upstream):
    # the inclusive end date adds a day past datetime.max: OverflowError (both databases)
    await _refused_or_answered(client, services, wechat_sandbox, "to=9999-12-31")


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="SQLite stores the date as text; PostgreSQL converts it")
async def test_the_first_day_of_the_calendar_as_from_date_is_refused_on_postgres(
    client, services, wechat_sandbox, upstream
):
    # 0001-01-01 in Asia/Shanghai (LMT +08:05:43) is before year 1 in UTC: the driver overflows
    await _refused_or_answered(client, services, wechat_sandbox, "from=0001-01-01")
