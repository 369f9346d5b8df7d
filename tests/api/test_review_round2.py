"""Review (round 2) of the Alipay sign-in / agreement / 批扣清册 changes: each test proves one
defect (it fails until the defect is fixed)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from app.agreements.models import AgreementState, BankAgreement
from app.agreements.services import cancel_revoked_at_bank
from app.batch_debit.models import BatchDebitList, BatchDebitListState
from app.paying.batch_lists import issue
from app.payments.models import OPEN_PAYMENT_STATES, Payment
from sandboxes.upstream.demo_data import DEMO_PEOPLE
from tests.api.agreement_steps import (
    agreement_form,
    pay_by_agreement,
    pension_grade,
    set_batch_amount,
    signed_agreement,
)
from tests.api.support import Person, bind, declare, options_for, sign_in
from tests.conftest import TODAY, drain


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
    services.clock = lambda: TODAY  # B signs today too
    headers_b, _ = await _second_beijing_payer_with_agreement(client, services, wechat, bank, person_a)
    services.clock = lambda: TODAY + timedelta(days=1)  # both in effect
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


# ---- 批扣清册: "a list is done when its last result comes" ----

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


# ---- agreements: revoked here first, the bank told later by the sweep ----

async def test_the_sweep_for_a_revoked_agreement_does_not_cancel_the_one_signed_again_on_the_same_card(
        client, services, wechat_sandbox, bank_sandbox, upstream):
    """Revoke while the bank is down: revoked here, cancel left for the sweep (live_key freed).
    The person signs the same card again at once; the bank answers the same live agreement number
    (same account and id). The sweep then cancels that number at the bank: the new agreement,
    已生效 here, is dead at the bank and every debit through it fails."""
    headers, person, agreement = await signed_agreement(client, services, wechat_sandbox, bank_sandbox)
    bank_sandbox.set_fault("cancel_agreement", "unavailable", count=None)
    r = await client.post(f"/api/v1/agreements/{agreement['id']}/revoke", headers=headers, json={"confirm": True})
    assert r.status_code == 200 and r.json()["agreement"]["state"] == "revoked", r.text
    assert (await BankAgreement.get(id=agreement["id"])).bank_cancelled_at is None  # left for the sweep
    bank_sandbox.clear_faults()
    r = await client.post("/api/v1/agreements", headers=headers, json=agreement_form(person))
    assert r.status_code == 201, r.text
    new = await BankAgreement.get(id=r.json()["agreement"]["id"])
    assert new.state == AgreementState.ACTIVE
    services.clock = lambda: TODAY + timedelta(days=2)  # the new one in effect

    await cancel_revoked_at_bank(services)  # the sweep tells the bank about the revoked one

    assert bank_sandbox.agreements[new.agreement_no].status == "LIVE", \
        "the sweep for the revoked agreement cancelled the active one at the bank"
    declaration = await declare(client, headers, options_for(services, "beijing", "resident_pension"))
    r = await pay_by_agreement(client, headers, [declaration["id"]], new.id)
    assert r.status_code == 200, r.text


# ---- Alipay sign-in ----

async def test_signing_in_with_an_alipay_open_id_longer_than_57_characters_is_not_a_500(
        client, services, wechat_sandbox, alipay_sandbox, upstream):
    """users.openid holds 64 characters; "alipay:" takes 7 of them. An open_id Alipay answers with
    58–64 characters (Payment.payer_ref, 64, takes it for an Alipay payment; Alipay documents
    its open_id fields as up to 128) makes User.get_or_create fail Tortoise's length check: an
    unhandled ValidationError, 500 internal_error, on POST /api/v1/sessions."""
    open_id = "074" + "a1B2c3D4e5" * 5 + "f6G7h8I"  # 60 characters
    r = await client.post("/api/v1/sessions", json={"alipay_auth_code": alipay_sandbox.issue_auth_code(open_id),
                                                     "region": "hubei"})
    assert r.status_code == 201, r.text
