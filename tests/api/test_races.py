"""Races across features (meaningful on PostgreSQL, CI's second pass): a declaration's expiry
against checkouts, the person's own declaration against a stranger's checkout of one made for them.
Whatever the order, a declaration is either voided and unpaid, or held by one payment — never
both, never twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from app import clock
from app.declarations.models import Declaration, DeclarationState
from app.events.models import Event
from app.payments.models import Payment
from app.tasks import SWEEPS
from tests.api.payer_steps import demo, payer_body, signed_in_as
from tests.api.support import checkout, current, declare, declared


async def test_expiry_racing_checkouts_leaves_one_outcome(client, services, wechat_sandbox, upstream):
    headers, declaration = await declared(client, services, wechat_sandbox)
    await Declaration.filter(id=declaration["id"]).update(expires_at=clock.now() + timedelta(milliseconds=50))
    await asyncio.sleep(0.06)  # just expired: the job and the payer arrive together
    results = await asyncio.gather(SWEEPS["expire_declarations"].work(services),
                                   *(checkout(client, headers, declaration["id"]) for _ in range(10)))
    d = await Declaration.get(id=declaration["id"])
    payments = await Payment.filter(items__declaration_id=declaration["id"]).distinct()
    if d.state == DeclarationState.VOIDED:
        assert d.current_payment_id is None and all(p.state != "paid" for p in payments)
        assert {r.status_code for r in results[1:]} <= {409}
    else:
        assert d.current_payment_id is not None and len(payments) == 1
    voids = await Event.filter(entity="declaration", entity_id=declaration["id"], action="void").count()
    assert voids == (1 if d.state == DeclarationState.VOIDED else 0)


async def test_the_persons_own_declaration_racing_anothers_checkout(client, services, wechat_sandbox, upstream):
    stranger = await signed_in_as(client, wechat_sandbox, "刘芳")
    theirs = await declare(client, stranger, {**current(services), "payer": payer_body(demo("杨波"))})
    me = await signed_in_as(client, wechat_sandbox, "杨波")
    mine_r, *paid = await asyncio.gather(
        client.post("/api/v1/declarations", json=current(services), headers=me),
        *(checkout(client, stranger, theirs["id"]) for _ in range(5)))
    live = await Declaration.filter(payer_name="杨波").exclude(state=DeclarationState.VOIDED)
    assert len(live) == 1  # one live declaration of the period, whoever won
    if mine_r.status_code == 201:
        assert live[0].id == mine_r.json()["declaration"]["id"]
        assert all(r.status_code in (409, 200) for r in paid)
        assert (await Declaration.get(id=theirs["id"])).current_payment_id is None
    else:
        assert mine_r.json()["error"]["code"] in ("period_being_paid", "declaration_exists", "declaration_busy")
        assert live[0].id == theirs["id"] and live[0].current_payment_id is not None


async def test_a_payment_taking_the_declaration_while_the_person_declares_wins(
    client, services, wechat_sandbox, upstream, monkeypatch
):
    """Deterministic form of the race above: the stranger's checkout holds the declaration just
    between the person's look and their void; the person's declaration must then be refused."""
    from app.declarations import services as declarations

    stranger = await signed_in_as(client, wechat_sandbox, "刘芳")
    theirs = await declare(client, stranger, {**current(services), "payer": payer_body(demo("杨波"))})
    real_void = declarations.mark_voided

    async def void_after_a_checkout(services_, declaration, actor, reason):  # type: ignore[no-untyped-def]
        assert (await checkout(client, stranger, theirs["id"])).status_code == 200
        return await real_void(services_, declaration, actor, reason)

    monkeypatch.setattr(declarations, "mark_voided", void_after_a_checkout)
    me = await signed_in_as(client, wechat_sandbox, "杨波")
    r = await client.post("/api/v1/declarations", json=current(services), headers=me)
    # it is for them, so they may see it: already declared, and being paid by someone else
    assert r.status_code == 409 and r.json()["error"]["code"] == "period_being_paid", r.text
    held = await Declaration.get(id=theirs["id"])
    assert held.state == DeclarationState.PROCESSING and held.current_payment_id is not None
    assert await Declaration.filter(payer_name="杨波").exclude(state=DeclarationState.VOIDED).count() == 1
