"""The sandbox's test clock (POST/GET/DELETE /sandbox/clock): the whole service's business time moves
forward — rules, numbers, deadlines, the sweeps that run at once after a move, the sandboxes — and
production refuses to move it. The journey of the README: a share upstream never takes is refunded
to WeChat once its deadline has passed on the moved clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import clock
from app.clock import SHANGHAI
from app.jobs.queue import SWEEP_QUEUE
from app.payments.models import PaymentItem, PostingState
from app.refunds.models import Refund
from app.tasks import SWEEPS
from tests.api.payer_steps import assert_error
from tests.api.support import checkout, declared
from tests.conftest import TEST_REDIS_URL, TODAY, drain


def _china_date(offset_seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=offset_seconds)).astimezone(SHANGHAI).date().isoformat()


async def test_the_clock_shows_the_business_time(client, services, upstream):
    r = await client.get("/sandbox/clock")
    assert r.status_code == 200
    shown = r.json()
    assert shown["movable"] is True
    assert shown["business_date"] == TODAY.date().isoformat()  # the suite's clock stands on TODAY
    assert abs(shown["offset_seconds"] - (TODAY - datetime.now(UTC)).total_seconds()) < 5
    assert datetime.fromisoformat(shown["now"]).utcoffset() == timedelta(hours=8)


async def test_advancing_moves_every_rule_and_runs_the_sweeps(client, services, wechat_sandbox, upstream):
    r = await client.post("/sandbox/clock", json={"advance": "P3D"})
    assert r.status_code == 200, r.text
    moved = r.json()
    assert moved["business_date"] == (TODAY + timedelta(days=3)).date().isoformat()
    assert clock.business_date() == (TODAY + timedelta(days=3)).date()
    assert moved["sweeps_queued"] == len(SWEEPS)  # every sweep, at once
    # asked again while they still wait: none is queued twice
    again = (await client.post("/sandbox/clock", json={"advance": "PT1H"})).json()
    assert again["sweeps_queued"] == 0
    assert again["offset_seconds"] - moved["offset_seconds"] in range(3599, 3602)
    # what is made now carries the moved date: a declaration's number and its expiry
    _, declaration = await declared(client, services, wechat_sandbox)
    assert declaration["declaration_no"][2:10] == (TODAY + timedelta(days=3)).strftime("%Y%m%d")


async def test_set_moves_to_an_instant_and_never_back(client, upstream):
    target = datetime(2026, 12, 20, 10, 0, tzinfo=SHANGHAI)
    r = await client.post("/sandbox/clock", json={"set": target.isoformat()})
    assert r.status_code == 200, r.text
    now = datetime.fromisoformat(r.json()["now"])
    assert timedelta(0) <= now - target < timedelta(seconds=5)
    assert r.json()["business_date"] == "2026-12-20"
    earlier = assert_error(await client.post("/sandbox/clock", json={"set": "2026-12-19T10:00:00+08:00"}),
                           400, "sandbox_clock_backwards")
    assert "只能向后" in earlier["message"]
    assert_error(await client.post("/sandbox/clock", json={"advance": "-P1D"}), 400, "sandbox_clock_backwards")
    assert_error(await client.post("/sandbox/clock", json={"advance": "P500D"}), 400, "sandbox_clock_too_far")
    assert_error(await client.post("/sandbox/clock", json={"set": "2040-01-01T00:00:00+08:00"}),
                 400, "sandbox_clock_too_far")
    assert clock.business_date().isoformat() == "2026-12-20"  # none of the refusals moved it


@pytest.mark.parametrize("body", [{}, {"advance": "P1D", "set": "2026-12-20T10:00:00+08:00"},
                                  {"advance": "soon"}, {"set": "2026-12-20T10:00:00"}, {"advance": 3},
                                  {"rewind": "P1D"}])
async def test_bad_bodies_are_refused_and_move_nothing(client, upstream, body):
    before = clock.offset()
    r = await client.post("/sandbox/clock", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] in {"field_invalid", "field_unknown", "field_missing", "body_invalid"}
    assert clock.offset() == before


async def test_delete_goes_back_to_the_real_time(client, upstream):
    assert (await client.post("/sandbox/clock", json={"advance": "P30D"})).status_code == 200
    r = await client.delete("/sandbox/clock")
    assert r.status_code == 200
    assert r.json()["offset_seconds"] == 0
    assert r.json()["business_date"] == _china_date(0)
    assert clock.offset() == timedelta(0)


async def test_production_refuses_to_move_the_clock(client, services, upstream, monkeypatch):
    monkeypatch.setattr(type(services), "clock_movable", property(lambda self: False))
    before = clock.offset()
    for r in (await client.post("/sandbox/clock", json={"advance": "P3D"}), await client.delete("/sandbox/clock")):
        assert_error(r, 403, "sandbox_clock_refused")
    assert clock.offset() == before
    assert (await client.get("/sandbox/clock")).json()["movable"] is False


@pytest.mark.skipif(not TEST_REDIS_URL, reason="one process shares its clock with the others through Redis")
async def test_another_process_takes_the_moved_clock_before_its_next_request(client, services, upstream):
    moved = (await client.post("/sandbox/clock", json={"advance": "P2D"})).json()
    clock.set_offset(timedelta(0))  # as another API worker, which has not seen the move yet
    shown = (await client.get("/sandbox/clock")).json()  # its next request reads the shared offset
    assert shown["business_date"] == moved["business_date"]
    assert abs(clock.offset().total_seconds() - moved["offset_seconds"]) < 1
    clock.set_offset(timedelta(0))  # and so does a job before it runs
    await services.sync_clock()
    assert abs(clock.offset().total_seconds() - moved["offset_seconds"]) < 1


async def test_a_share_upstream_never_takes_is_refunded_when_the_clock_passes_its_deadline(
        client, services, wechat_sandbox, upstream):
    """The README's journey: upstream is down, the payer pays, the share waits for 到账确认; two
    weeks later on the moved clock its deadline (Hubei: 7 working days) has passed, the sweeps give
    it up and the money goes back to WeChat, once."""
    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "down")
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posting_state == PostingState.NOT_POSTED
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    refund_due_by = shown["items"][0]["refund_due_by"]

    r = await client.post("/sandbox/clock", json={"advance": "P14D"})
    assert r.status_code == 200 and r.json()["business_date"] > refund_due_by
    for _ in range(2):  # the worker runs the sweeps, then the refunds they deferred (twice: a duplicate run)
        await services.queue.run_once(SWEEP_QUEUE)
        await drain()
        await client.post("/sandbox/clock", json={"advance": "PT1M"})  # the sweeps queued once more
    refunds = await Refund.filter(payment_id=payment["id"])
    assert [(r.amount_fen, r.reason_code, r.state.value) for r in refunds] == [
        (item.amount_fen, "posting_deadline_passed", "processing")]
    wechat_sandbox.complete_refund(refunds[0].out_refund_no)  # WeChat pays it back, and tells us twice
    await wechat_sandbox.deliver_refund_notification(refunds[0].out_refund_no, 2)
    await drain()
    wechat_refunds = [x for x in wechat_sandbox.refunds.values() if x.out_trade_no == payment["out_trade_no"]]
    assert [(x.refund_fen, x.status) for x in wechat_refunds] == [(item.amount_fen, "SUCCESS")]
    after = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert after["items"][0]["refund"]["state"] == "succeeded", after
    assert (await Refund.get(id=refunds[0].id)).state.value == "succeeded"
    assert upstream.postings == {}  # never posted late
