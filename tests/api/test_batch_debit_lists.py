"""批扣清册: the bank's batch debit of the amounts payers set (and no other), through their agreements
of the collecting tax office; while a batch is out for a payer no other channel takes their money;
the set amount pre-fills 正常缴费; a list is done when its last result comes, not before."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from app import clock
from app.batch_debit.models import BatchDebitList, BatchDebitListState
from app.paying.batch_lists import finish_lists, issue
from app.paying.checkout import BATCH_OUT_MESSAGE
from app.payments.models import OPEN_PAYMENT_STATES, Payment, PaymentState
from sandboxes.upstream.demo_data import DEMO_PEOPLE
from tests.api.agreement_steps import (
    ACCOUNT,
    agreement_form,
    pay_by_agreement,
    pension_grade,
    set_batch_amount,
    signed_agreement,
)
from tests.api.support import Person, bind, checkout, declare, options_for, sign_in, signed_in_person
from tests.conftest import TODAY, drain, move_clock

XICHENG = "国家税务总局北京市西城区税务局"  # a valid choice, but not where the Beijing demo payers are collected


async def test_a_batch_debits_the_set_amount_and_blocks_other_channels_until_the_bank_answers(
        client, services, wechat_sandbox, bank_sandbox, upstream):
    headers, person, agreement = await signed_agreement(client, services, wechat_sandbox, bank_sandbox)
    grade = pension_grade(services)
    await set_batch_amount(client, headers, grade.amount_fen)
    run = await issue(services, "beijing", "resident_pension")
    assert (run.state, run.debits, run.skipped) == (BatchDebitListState.OUT, 1, [])
    payment = await Payment.get(batch_debit_list_id=run.id)
    assert (payment.channel, payment.agreement_id, payment.amount_fen) == ("bank_agreement", agreement["id"],
                                                                           grade.amount_fen)
    debit = bank_sandbox.debits[payment.out_trade_no]
    assert debit.status == "PROCESSING" and debit.batch_no == run.batch_no
    # 补充说明4: while the 批扣清册 is out, no other channel takes this payer's money
    medical = await declare(client, headers, options_for(services, "beijing", "resident_medical"))
    r = await checkout(client, headers, medical["id"])
    assert (r.status_code, r.json()["error"]["code"]) == (409, "batch_debit_in_progress")
    assert r.json()["error"]["message"] == BATCH_OUT_MESSAGE
    assert await finish_lists() == 0  # still out
    await bank_sandbox.settle()
    await drain()
    assert (await Payment.get(id=payment.id)).state == PaymentState.PAID
    shown = (await client.get(f"/api/v1/payments/{payment.id}", headers=headers)).json()["payment"]
    assert (shown["batch_debit"], shown["agreement_id"], shown["status_label"]) == (True, agreement["id"], "缴款成功")
    # its last result finished the list at once; the sweep finds nothing left to finish
    assert (await BatchDebitList.get(id=run.id)).state == BatchDebitListState.DONE
    assert await finish_lists() == 0
    r = await checkout(client, headers, medical["id"])
    assert r.status_code == 200, r.text
    # the year is paid: the next run does not debit it again
    again = await issue(services, "beijing", "resident_pension")
    assert again.debits == 0 and again.skipped[0]["reason"] == "本年度已缴费"
    assert again.state == BatchDebitListState.DONE


async def test_a_batch_debits_the_amount_the_payer_set_and_no_other(
        client, services, wechat_sandbox, bank_sandbox, upstream):
    """批量扣款缴费金额设置: the payer chose the amount the bank takes. An open declaration of the
    year at another grade (here the highest) must not be debited in its place."""
    headers, person, agreement = await signed_agreement(client, services, wechat_sandbox, bank_sandbox)
    rule = services.profile("beijing").rule("resident_pension")
    chosen, other = rule.grades[0], rule.grades[-1]
    assert chosen.amount_fen != other.amount_fen
    await declare(client, headers, {**options_for(services, "beijing", "resident_pension"), "grade": other.code})
    await set_batch_amount(client, headers, chosen.amount_fen)
    run = await issue(services, "beijing", "resident_pension")
    debited = [d.amount_fen for d in bank_sandbox.debits.values()]
    assert all(amount == chosen.amount_fen for amount in debited), (
        f"set {chosen.amount_fen} fen, the batch sent debits of {debited} ({run.skipped})")


async def test_no_other_channel_takes_the_payer_s_money_while_the_batch_is_out(
        client, services, wechat_sandbox, bank_sandbox, upstream):
    """补充说明4: from the 批扣清册 to the bank's results, no other channel takes the payer's money.
    A WeChat order opened before the list was issued is handed out again (paySign) and can be paid
    while the batch debit is out."""
    headers, person, agreement = await signed_agreement(client, services, wechat_sandbox, bank_sandbox)
    medical = await declare(client, headers, options_for(services, "beijing", "resident_medical"))
    r = await checkout(client, headers, medical["id"])
    assert r.status_code == 200, r.text
    await set_batch_amount(client, headers, pension_grade(services).amount_fen)
    run = await issue(services, "beijing", "resident_pension")
    if run.debits:  # the batch is out for this payer
        r = await checkout(client, headers, medical["id"])
        assert r.status_code == 409, f"WeChat cashier handed out while the batch is out: {r.text}"
        wechat_order = await Payment.get(channel="wechat_pay")
        assert wechat_order.state not in (PaymentState.AWAITING_PAYMENT, PaymentState.CREATED)


async def test_settings_without_an_agreement_in_effect_or_voided_are_not_debited(client, services, wechat_sandbox,
                                                                                 bank_sandbox, upstream):
    headers, person = await signed_in_person(client, wechat_sandbox, "beijing", "resident_pension")
    setting = await set_batch_amount(client, headers, pension_grade(services).amount_fen)
    run = await issue(services, "beijing", "resident_pension")
    assert run.debits == 0 and [s["reason"] for s in run.skipped] == ["无生效的缴费协议"]
    assert await Payment.all().count() == 0
    r = await client.post(f"/api/v1/batch-debit-settings/{setting['id']}/void", headers=headers)
    assert r.status_code == 200
    run = await issue(services, "beijing", "resident_pension")
    assert (run.debits, run.skipped) == (0, [])
    # an agreement signed today is not in effect until tomorrow: not debited today
    bank_sandbox.seed_account("ICBC", "6222020200177770001", person.name, person.id_number, balance_fen=10**7)
    await client.post("/api/v1/agreements", headers=headers, json={
        "division_code": "110101", "bank_code": "ICBC", "account_no": "6222020200177770001",
        "holder_name": person.name, "tax_office": "国家税务总局北京市东城区税务局"})
    await set_batch_amount(client, headers, pension_grade(services).amount_fen)
    run = await issue(services, "beijing", "resident_pension")
    assert [s["reason"] for s in run.skipped] == ["无生效的缴费协议"] and bank_sandbox.debits == {}
    move_clock(TODAY + timedelta(days=1))
    assert (await issue(services, "beijing", "resident_pension")).debits == 1


async def test_a_batch_debit_does_not_use_an_agreement_of_another_tax_office(
        client, services, wechat_sandbox, bank_sandbox, upstream):
    """Beijing: an agreement naming 西城 cannot be used for a fee collected by 东城 — checkout
    refuses it, and the 批扣清册 must not debit through it either."""
    from tests.api.support import signed_in_person

    headers, person = await signed_in_person(client, wechat_sandbox, "beijing", "resident_pension")
    bank_sandbox.seed_account("ICBC", ACCOUNT, person.name, person.id_number, balance_fen=1_000_000)
    r = await client.post("/api/v1/agreements", headers=headers, json=agreement_form(person, tax_office=XICHENG))
    assert r.status_code == 201, r.text
    agreement = r.json()["agreement"]
    move_clock(TODAY + timedelta(days=1))
    # the payer's own checkout refuses it, as the manual says
    medical = await declare(client, headers, options_for(services, "beijing", "resident_medical"))
    r = await pay_by_agreement(client, headers, [medical["id"]], agreement["id"])
    assert (r.status_code, r.json()["error"]["code"]) == (409, "agreement_tax_office_mismatch"), r.text
    # the batch debit does not
    await set_batch_amount(client, headers, pension_grade(services).amount_fen)
    run = await issue(services, "beijing", "resident_pension")
    assert run.debits == 0, "batch-debited through an agreement of another tax office"
    assert bank_sandbox.debits == {}


async def test_two_runs_at_once_debit_a_payer_once(client, services, wechat_sandbox, bank_sandbox, upstream):
    headers, person, agreement = await signed_agreement(client, services, wechat_sandbox, bank_sandbox)
    await set_batch_amount(client, headers, pension_grade(services).amount_fen)
    runs = await asyncio.gather(*(issue(services, "beijing", "resident_pension") for _ in range(3)))
    assert sum(r.debits for r in runs) == 1
    assert len(bank_sandbox.debits) == 1 and await Payment.all().count() == 1
    await bank_sandbox.settle()
    await drain()
    taken = 1_000_000 - bank_sandbox.account("ICBC", "6222020200188880001").balance_fen
    assert taken == pension_grade(services).amount_fen


async def test_the_set_amount_pre_fills_the_normal_payment(client, services, wechat_sandbox, bank_sandbox, upstream):
    headers, person = await signed_in_person(client, wechat_sandbox, "beijing", "resident_pension")
    grade = pension_grade(services, 2)
    await set_batch_amount(client, headers, grade.amount_fen)
    options = options_for(services, "beijing", "resident_pension")
    options.pop("grade")
    r = await client.post("/api/v1/assessments", headers=headers, json=options)
    assert r.status_code == 200, r.text
    assessment = r.json()["assessment"]
    assert (assessment["grade"], assessment["amount_due_fen"]) == (grade.code, grade.amount_fen)
    r = await client.post("/api/v1/declarations", headers=headers, json=options)
    assert r.status_code == 201 and r.json()["declaration"]["amount_due_fen"] == grade.amount_fen


async def test_the_dashboard_shows_each_list_its_results_and_why_settings_were_skipped(
        server, client, services, wechat_sandbox, bank_sandbox, upstream):
    from tests.api import dashboard_steps as steps

    headers, person, agreement = await signed_agreement(client, services, wechat_sandbox, bank_sandbox)
    await set_batch_amount(client, headers, pension_grade(services).amount_fen)
    from sandboxes.upstream.demo_data import DEMO_PEOPLE
    from tests.api.support import bind, sign_in

    other = next(p for p in DEMO_PEOPLE if p.region == "beijing" and p.id_number != person.id_number
                 and p.id_type == "resident_id_card"
                 and any(e.insurance_type == "resident_pension" and e.status == "active" for e in p.enrollments))
    other_headers = await sign_in(client, wechat_sandbox, "beijing")
    r = await bind(client, wechat_sandbox, other_headers, "beijing",
                   {"id_type": other.id_type, "id_number": other.id_number, "name": other.name})
    assert r.status_code == 200, r.text
    r = await client.post("/api/v1/batch-debit-settings", headers=other_headers,
                          json={"insurance_type": "resident_pension", "amount_fen": pension_grade(services).amount_fen})
    assert r.status_code == 201, r.text  # a setting without an agreement: skipped
    batch = await issue(services, "beijing", "resident_pension")
    assert batch.debits == 1 and len(batch.skipped) == 1
    await bank_sandbox.settle()
    await drain()
    try:
        viewer = await steps.staff(server, "vivian", "viewer")
        page = await viewer.get("/dashboard/batch-debit-lists")
        assert page.status_code == 200, page.text[:300]
        assert batch.batch_no in page.text and "无生效的缴费协议" in page.text and "已完成" in page.text
        assert person.id_number not in page.text and other.id_number not in page.text
        assert batch.skipped[0]["payer_id_masked"] in page.text
        out_only = await viewer.get("/dashboard/batch-debit-lists", state="out")
        assert batch.batch_no not in out_only.text
        found = await viewer.http.get("/dashboard/search", params={"q": batch.batch_no}, follow_redirects=False)
        payment = await Payment.get(batch_debit_list_id=batch.id)
        assert found.status_code == 303 and found.headers["location"] == f"/dashboard/payments/{payment.id}"
    finally:
        await steps.close_all()


async def test_a_list_whose_making_stopped_half_way_is_taken_as_sent_and_finished(client, services, wechat_sandbox,
                                                                                  bank_sandbox, upstream):
    from datetime import timedelta

    from app.events.models import Event

    headers, person, agreement = await signed_agreement(client, services, wechat_sandbox, bank_sandbox)
    await set_batch_amount(client, headers, pension_grade(services).amount_fen)
    batch = await issue(services, "beijing", "resident_pension")
    # as if the process died before it said the list was sent, over an hour ago
    await BatchDebitList.filter(id=batch.id).update(state=BatchDebitListState.ISSUING, debits=0,
                                                    created_at=clock.now() - timedelta(hours=2))
    assert await finish_lists() == 0  # taken as sent; its debit is still at the bank
    stored = await BatchDebitList.get(id=batch.id)
    assert (stored.state, stored.debits) == (BatchDebitListState.OUT, 1)
    await bank_sandbox.settle()
    await drain()
    assert (await BatchDebitList.get(id=batch.id)).state == BatchDebitListState.DONE
    sent = await Event.filter(entity="batch_debit_list", entity_id=batch.id, action="sent").count()
    assert sent == 2  # once by issue, once by the sweep that took it over


# ---- a list is done when its last result comes ----

async def _second_beijing_payer_with_agreement(client: Any, services: Any, wechat: Any, bank: Any,
                                               first: Person) -> tuple[dict[str, str], Person]:
    """Another Beijing payer (resident pension) with a card and an agreement in effect tomorrow."""
    p = next(p for p in DEMO_PEOPLE if p.region == "beijing" and p.id_number != first.id_number
             and p.id_type == "resident_id_card"
             and any(e.insurance_type == "resident_pension" and e.status == "active" for e in p.enrollments))
    person = Person(p.id_type, p.id_number, p.name, "beijing")
    headers = await sign_in(client, wechat, "beijing")
    r = await bind(client, wechat, headers, "beijing",
                   {"id_type": person.id_type, "id_number": person.id_number, "name": person.name})
    assert r.status_code == 200, r.text
    account = "6222020200166660001"
    bank.seed_account("ICBC", account, person.name, person.id_number, balance_fen=1_000_000)
    r = await client.post("/api/v1/agreements", headers=headers, json=agreement_form(person, account_no=account))
    assert r.status_code == 201, r.text
    return headers, person


async def _two_payers_one_declared(client: Any, services: Any, wechat: Any, bank: Any) -> None:
    """Payer A (agreement, set amount, this year already declared at that amount) and payer B
    (agreement, set amount, nothing declared: the batch asks upstream for B's assessment)."""
    headers_a, person_a, _ = await signed_agreement(client, services, wechat, bank)
    move_clock(TODAY)  # B signs today too
    headers_b, _ = await _second_beijing_payer_with_agreement(client, services, wechat, bank, person_a)
    move_clock(TODAY + timedelta(days=1))  # both in effect
    amount = pension_grade(services, 0).amount_fen
    await set_batch_amount(client, headers_a, amount)
    await set_batch_amount(client, headers_b, amount)
    declared = await declare(client, headers_a, options_for(services, "beijing", "resident_pension"))
    assert declared["amount_due_fen"] == amount


async def _issue_while_a_first_result_comes(services: Any, bank: Any, upstream: Any,
                                            b_assessment: str) -> tuple[BatchDebitListState, BatchDebitList]:
    """Issue the list; while it still works on B (B's assessment is slow), the bank settles A's
    debit and tells us. Returns the list's state right after A's result, and the list at the end."""
    upstream.slow_seconds = 3.0
    upstream.set_fault("assess", b_assessment, count=1)
    run = asyncio.create_task(issue(services, "beijing", "resident_pension"))
    for _ in range(500):
        if bank.debits:
            break
        await asyncio.sleep(0.01)
    assert len(bank.debits) == 1, "A's debit was not sent"
    await bank.settle()  # A's result comes back (its callback is applied)
    await drain()
    assert not run.done(), "the list should still be working on B"
    during = (await BatchDebitList.get()).state
    batch = await run
    return during, await BatchDebitList.get(id=batch.id)


async def test_a_list_is_not_marked_done_while_it_is_still_sending_debits(
        client, services, wechat_sandbox, bank_sandbox, upstream):
    """apply_trade_status → finish_list runs while `issue` is still going through the settings:
    A's result finishes the list (state done, a "done" event) although B's debit is sent into it
    a moment later. (Then `issue`'s final batch.save() silently writes the stale OUT back.)"""
    await _two_payers_one_declared(client, services, wechat_sandbox, bank_sandbox)
    during, batch = await _issue_while_a_first_result_comes(services, bank_sandbox, upstream, "slow")
    assert batch.debits == 2
    assert await Payment.filter(batch_debit_list_id=batch.id, state__in=OPEN_PAYMENT_STATES).count() == 1  # B's
    assert during == BatchDebitListState.ISSUING, "the list was marked done while it was still sending debits"


async def test_a_list_whose_last_result_came_while_it_was_issued_ends_done(
        client, services, wechat_sandbox, bank_sandbox, upstream):
    """A's result (the list's only debit: B is skipped, upstream did not answer) comes while `issue`
    is still working on B: finish_list marks the list done, then issue's batch.save() writes its
    stale state back: the list stays 扣款中 with nothing open (until the 10-minute sweep)."""
    await _two_payers_one_declared(client, services, wechat_sandbox, bank_sandbox)
    _, batch = await _issue_while_a_first_result_comes(services, bank_sandbox, upstream, "timeout")
    assert (batch.debits, len(batch.skipped)) == (1, 1)
    assert not await Payment.filter(batch_debit_list_id=batch.id, state__in=OPEN_PAYMENT_STATES).exists()
    assert batch.state == BatchDebitListState.DONE and batch.finished_at is not None, \
        "every result is in, yet the list is still out"
