"""The operations dashboard's sign-in and sessions: every page needs a signed-in operator; wrong
passwords lock the account (a parallel burst held to the limit, and a locked account answered as an
unknown user is), each try audited; CSRF tokens, roles, and a disabled operator or a new password
ending the operator's sessions at once."""

from __future__ import annotations

import asyncio

import pytest

from app import clock
from app.operations import services as ops
from app.operations.models import AuditEntry
from app.refunds.models import Refund, RefundState
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refused, staff
from tests.conftest import TEST_DATABASE_URL

postgres_only = pytest.mark.skipif(not TEST_DATABASE_URL,
                                   reason="SQLite ignores select_for_update: races are asserted on PostgreSQL")


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


# ---- sign-in and lockout ----

async def test_pages_need_a_signed_in_operator(server, client):  # type: ignore[no-untyped-def]
    import httpx

    async with httpx.AsyncClient(base_url=server.ctx.base_url) as anonymous:
        for path in ("/dashboard/", "/dashboard/refunds", "/dashboard/payments/1", "/dashboard/audit"):
            r = await anonymous.get(path)
            assert r.status_code == 303 and r.headers["location"].startswith("/dashboard/sign-in?next="), path
        r = await anonymous.post("/dashboard/payments/1/requery", data={"remark": "x"})
        refused(r, 401, "operator_session_expired")
        r = await anonymous.get("/dashboard")
        assert r.status_code in (301, 302, 303, 308) and r.headers["location"].startswith("/dashboard/")
    viewer = await staff(server, "vera", "viewer")
    for path in ("/dashboard/", "/dashboard/refunds", "/dashboard/overdue", "/dashboard/differences",
                 "/dashboard/notifications", "/dashboard/manual-refunds", "/dashboard/search?q=none"):
        r = await viewer.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert "default-src 'self'" in r.headers["content-security-policy"] and r.headers["x-frame-options"] == "DENY"
    refused(await viewer.get("/dashboard/audit"), 403, "operator_role_required")  # approvers only
    cookie = next(c for c in viewer.http.cookies.jar if c.name == "shebao_ops")
    assert cookie.path == "/dashboard" and cookie.has_nonstandard_attr("HttpOnly")


async def test_wrong_passwords_lock_the_account_and_each_try_is_audited(server, client, services):  # type: ignore[no-untyped-def]
    await steps.add_operator("olga", "operator")
    guesser = steps.Staff.at(server.ctx.base_url)
    unknown = await guesser.sign_in("nobody", "whatever-password")
    refused(unknown, 401, "operator_sign_in_failed")
    for _ in range(services.settings.operator_lockout_attempts - 1):
        refused(await guesser.sign_in("olga", "wrong-password-123"), 401, "operator_sign_in_failed")
    refused(await guesser.sign_in("olga", "wrong-password-123"), 429, "operator_locked")
    refused(await guesser.sign_in("olga"), 429, "operator_locked")  # the right password does not help now
    attempts = await AuditEntry.filter(action="sign_in", operator="olga").order_by("id")
    assert [a.outcome for a in attempts] == ["refused"] * (services.settings.operator_lockout_attempts + 1)
    assert attempts[-1].data["why"] == "locked" and attempts[-2].data["locked"] is True
    await ops.unlock("olga")
    assert (await guesser.sign_in("olga")).status_code == 303


@postgres_only
async def test_parallel_wrong_passwords_all_count(server, client, services):  # type: ignore[no-untyped-def]
    await steps.add_operator("pavel", "operator")
    guessers = [steps.Staff.at(server.ctx.base_url) for _ in range(8)]
    answers = await asyncio.gather(*(g.sign_in("pavel", "wrong-password-123") for g in guessers))
    assert {r.status_code for r in answers} <= {401, 429} and any(r.status_code == 429 for r in answers)
    operator = await ops.Operator.get(username="pavel")
    assert operator.locked_until is not None and operator.locked_until > clock.now()


async def test_a_burst_of_parallel_guesses_is_held_to_the_lockout_limit(server, client, services):  # type: ignore[no-untyped-def]
    await steps.add_operator("pavel", "operator")
    attempts = services.settings.operator_lockout_attempts
    guessers = [steps.Staff.at(server.ctx.base_url) for _ in range(3 * attempts)]  # under the per-address limit
    await asyncio.gather(*(g.sign_in("pavel", f"wrong-password-{i}") for i, g in enumerate(guessers)))
    tries = await AuditEntry.filter(action="sign_in", operator="pavel")
    checked = [a for a in tries if a.data.get("why") == "password"]
    assert len(checked) <= attempts  # it was: every guess of the burst had its password checked


async def test_a_locked_account_and_an_unknown_user_get_the_same_answer(server, client, services):  # type: ignore[no-untyped-def]
    await steps.add_operator("olga", "operator")
    guesser = steps.Staff.at(server.ctx.base_url)
    answers = {}
    for name in ("olga", "nobody.here"):
        for _ in range(services.settings.operator_lockout_attempts):
            r = await guesser.sign_in(name, "wrong-password-123")
        answers[name] = (r.status_code, "operator_locked" in r.text)
    assert answers["olga"] == answers["nobody.here"] == (429, True)  # it was: only olga locked, telling she exists


# ---- CSRF, roles, sessions ----

async def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(server, client, services, wechat_sandbox,
                                                                            upstream):  # type: ignore[no-untyped-def]
    _, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    operator = await staff(server, "otto", "operator")
    good = operator.csrf
    operator.csrf = ""
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/retry"), 403, "csrf_refused")
    operator.csrf = good[:-2] + "xx"
    refused(await operator.act(f"/dashboard/refunds/{refund.id}/retry"), 403, "csrf_refused")
    await refund.refresh_from_db()
    assert refund.state == RefundState.FAILED
    assert await AuditEntry.filter(action="csrf_refused", operator="otto").count() == 2
    # the sign-in form has its own token: a foreign page cannot sign a browser in
    import httpx

    async with httpx.AsyncClient(base_url=server.ctx.base_url) as foreign:
        r = await foreign.post("/dashboard/sign-in", data={"username": "otto", "password": steps.PASSWORD})
        refused(r, 403, "csrf_refused")


async def test_a_viewer_cannot_act_and_the_refusal_is_audited(server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    _, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    viewer = await staff(server, "vic", "viewer")
    refused(await viewer.act(f"/dashboard/refunds/{refund.id}/retry"), 403, "operator_role_required")
    refused(await viewer.act(f"/dashboard/payments/{refund.payment_id}/requery"), 403, "operator_role_required")
    assert (await Refund.get(id=refund.id)).state == RefundState.FAILED
    assert await AuditEntry.filter(operator="vic", outcome="refused").count() == 2


async def test_a_disabled_operator_is_signed_out_at_once(server, client):  # type: ignore[no-untyped-def]
    operator = await staff(server, "dora", "operator")
    await ops.disable("dora")
    assert (await operator.get("/dashboard/")).status_code == 303
    refused(await operator.sign_in("dora"), 403, "operator_disabled")


async def test_a_new_password_ends_the_operators_sessions(server, client):  # type: ignore[no-untyped-def]
    from app.operations import services as ops

    otto = await staff(server, "otto", "operator")
    assert (await otto.get("/dashboard/")).status_code == 200
    await ops.set_password("otto", "another-long-password-2")
    assert (await otto.get("/dashboard/")).status_code == 303
    assert (await otto.sign_in("otto", "another-long-password-2")).status_code == 303
