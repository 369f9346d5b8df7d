"""Issue 18, points 1, 2, 3, 5 and 10: the dashboard speaks the operators' language.

Every page, rendered on realistic data (a refund the channel closed and retried, one found
ABNORMAL, a share that never posted and is past its refund day with a manual refund asked for, a
forged and an unknown-order notification, differences, refusals in the audit log), shows no
internal identifier: no snake_case word, no lower-case code word, no `user:6`. The payment's
badge says its worst open trouble; queues carry the payer, region, channel, amount, business
number, age and days to the refund day, and their totals; audit entries link to their object.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest

from app import clock
from app.machines import StateMachine
from app.operations.models import ManualRefund
from app.payments.models import PaymentItem
from app.reconciliation.models import DifferenceKind, ReconciliationDifference
from app.refunds.models import Refund
from dashboard import labels
from tests.api import dashboard_steps as steps
from tests.api.dashboard_steps import refused, staff
from tests.api.support import checkout, declare, options_for, signed_in_person

INTERNAL = re.compile(r"\b[a-z]+:[A-Za-z0-9_]+|[A-Za-z][a-z0-9]*(?:_[A-Za-z0-9]+)+|"
                      r"(?<![A-Za-z0-9.])[a-z]{3,}(?![A-Za-z0-9])")


@pytest.fixture(autouse=True)
async def _close_staff_clients():  # type: ignore[no-untyped-def]
    yield
    await steps.close_all()


class VisibleText(HTMLParser):
    """The text a person sees: not scripts, styles or attributes; not what is marked `raw` (a
    channel's own statement lines, shown verbatim on purpose)."""

    VOID = {"br", "input", "img", "meta", "link", "hr", "rect", "line", "path", "circle"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.skip.append(tag in ("script", "style") or "raw" in classes or (bool(self.skip) and self.skip[-1]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        return

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.skip:
            self.skip.pop()

    def handle_data(self, data: str) -> None:
        if not (self.skip and self.skip[-1]):
            self.parts.append(data)


def internal_words(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return sorted(set(INTERNAL.findall(" ".join(parser.parts))))


def move_clock(services: Any, to: datetime) -> None:
    """The one place these tests move time: the business clock (app.clock)."""
    clock.set_offset(to - datetime.now(UTC))


async def realistic(server: Any, client: Any, services: Any, sandbox: Any, upstream: Any) -> dict[str, Any]:
    move_clock(services, datetime.now(UTC))  # the overview's 14 days end today
    closed_payment, closed = await steps.failed_refund(client, services, sandbox, upstream)
    abnormal_payment, abnormal = await steps.failed_refund(client, services, sandbox, upstream, status="ABNORMAL")
    stuck_payment, item = await steps.stuck_share(client, services, sandbox, upstream)
    await PaymentItem.filter(id=item.id).update(posting_deadline=datetime.now(UTC) - timedelta(days=10))
    # an order still awaiting payment, which the channel's statement says it debited
    headers, _ = await signed_in_person(client, sandbox, "hubei", "resident_pension")
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_pension"))
    waiting = (await checkout(client, headers, declaration["id"])).json()["payment"]
    found = await steps.difference(out_trade_no=waiting["out_trade_no"])
    await ReconciliationDifference.filter(id=found.id).update(
        payment_id=waiting["id"], evidence={"why": "渠道扣款成功，本系统记为awaiting_payment", "action": "sync_payment",
                                            "statement": [{"line_no": 3, "text": "`2026-11-22,wx,SUCCESS"}]})
    await steps.difference(DifferenceKind.REFUND_UNKNOWN_HERE, out_trade_no="SBPX0002")
    for forge in ("bad_signature", "unknown_order"):
        forged_headers, body = sandbox.build_payment_notification(stuck_payment["out_trade_no"], forge=forge)
        assert (await client.post("/notify/wechat_pay", content=body, headers=forged_headers)).status_code == 200
    otto = await staff(server, "otto", "operator")
    ada = await staff(server, "ada", "approver")
    vera = await staff(server, "vera", "viewer")
    before = closed.out_refund_no
    r = await otto.act(f"/dashboard/refunds/{closed.id}/retry", remark="渠道已关闭该退款，重新发起",
                       next=f"/dashboard/payments/{closed_payment['id']}")
    assert r.status_code == 303, r.text
    await closed.refresh_from_db()
    assert closed.out_refund_no != before
    asked = await otto.act(f"/dashboard/shares/{item.id}/manual-refund", remark="经办机构确认不予入账")
    assert asked.status_code == 303, asked.text
    refused(await vera.get("/dashboard/audit"), 403, "operator_role_required")
    assert (await otto.act(f"/dashboard/differences/{found.id}/resolve", remark="已与渠道核实")).status_code == 303
    return {"closed": closed_payment, "closed_refund": closed, "before": before, "retry_answer": r,
            "abnormal": abnormal_payment, "abnormal_refund": abnormal, "stuck": stuck_payment, "item": item,
            "waiting": waiting, "otto": otto, "ada": ada, "vera": vera}


def test_every_state_of_every_machine_has_its_label() -> None:
    import app.agreements.models
    import app.batch_debit.models
    import app.certificates.models
    import app.declarations.models
    import app.operations.models
    import app.payments.models
    import app.reconciliation.models
    import app.refunds.models  # noqa: F401

    machines = [m for module in (app.agreements.models, app.batch_debit.models, app.certificates.models,
                                 app.declarations.models, app.operations.models, app.payments.models,
                                 app.reconciliation.models, app.refunds.models)
                for m in vars(module).values() if isinstance(m, StateMachine)]
    assert len(machines) >= 11
    for machine in machines:
        table = labels.STATES[machine.entity]
        for state in machine.states():
            assert table.get(state.value), (machine.entity, state.value)
            assert not INTERNAL.search(table[state.value])
        assert labels.ENTITIES[machine.entity]


def test_free_text_and_actors_come_out_in_words() -> None:
    assert labels.plain("渠道扣款成功，本系统记为awaiting_payment") == "渠道扣款成功，本系统记为待支付"
    assert labels.actor_label("user:6") == "缴费用户（编号 6）"
    assert labels.actor_label("staff:otto", {"otto": "王五"}) == "王五（工作人员）"
    assert labels.actor_label("channel:wechat_pay:query") == "微信支付（主动查询）"
    assert labels.actor_label("system:posting") == "系统（到账确认）"
    assert labels.reason_label("bad_signature") == "签名验证失败"
    assert labels.mask_name("张三丰") == "张*丰" and labels.mask_name("李四") == "李*"
    assert internal_words('<p>本系统记为awaiting_payment</p><p class="raw">x_y</p>') == ["awaiting_payment"]
    assert internal_words("<td>user:6</td><td>rejected</td><td>SBP20261122 ¥1.00</td>") == ["rejected", "user:6"]


async def test_no_page_shows_an_internal_identifier(server, client, services, wechat_sandbox,
                                                     upstream):  # type: ignore[no-untyped-def]
    world = await realistic(server, client, services, wechat_sandbox, upstream)
    ada = world["ada"]
    pages = ["/dashboard/", "/dashboard/refunds?state=all", "/dashboard/refunds", "/dashboard/manual-refunds?state=all",
             "/dashboard/manual-refunds", "/dashboard/overdue", "/dashboard/overdue?scope=unposted",
             "/dashboard/differences?state=all", "/dashboard/differences", "/dashboard/notifications",
             "/dashboard/notifications?all=1", "/dashboard/batch-debit-lists", "/dashboard/audit",
             f"/dashboard/search?q={world['stuck']['declaration']['payer_id_masked'][:6]}",
             "/dashboard/search?q=SBPX0002"]
    pages += [f"/dashboard/payments/{world[name]['id']}" for name in ("closed", "abnormal", "stuck", "waiting")]
    seen = {}
    for path in pages:
        page = await ada.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        seen[path] = internal_words(page.text)
    assert not any(seen.values()), {p: w for p, w in seen.items() if w}
    stuck = (await ada.get(f"/dashboard/payments/{world['stuck']['id']}")).text
    for words in ("未到账确认", "缴费用户（编号", "人工退费申请"):
        assert words in stuck, words
    notes = (await ada.get("/dashboard/notifications")).text
    assert "签名验证失败" in notes and "本系统无此商户单号" in notes and "已拒收" in notes
    differences = (await ada.get("/dashboard/differences?state=all")).text
    assert "本系统记为待支付" in differences
    audit = (await ada.get("/dashboard/audit")).text
    assert "越权访问（已拒绝）" in audit and "审计日志页面" in audit


async def test_a_payments_badge_says_its_worst_open_trouble(server, client, services, wechat_sandbox,
                                                            upstream):  # type: ignore[no-untyped-def]
    world = await realistic(server, client, services, wechat_sandbox, upstream)
    ada = world["ada"]
    badge = re.compile(r'<span class="badge (\w+)">([^<]+)</span>')

    async def badge_of(payment: dict[str, Any]) -> tuple[str, str]:
        found = badge.search((await ada.get(f"/dashboard/payments/{payment['id']}")).text)
        assert found, payment
        return found.group(1), found.group(2)

    assert await badge_of(world["abnormal"]) == ("danger", "退费失败")  # not 已扣款 in green
    assert await badge_of(world["stuck"]) == ("danger", "逾期未退费")
    assert await badge_of(world["waiting"]) == ("info", "待支付")
    assert await badge_of(world["closed"]) == ("danger", "待退费")  # retried: on its way, still owed
    # search results: each its own badge, not every match as 已扣款
    masked = world["closed"]["declaration"]["payer_id_masked"]
    assert masked == world["abnormal"]["declaration"]["payer_id_masked"]  # one payer, two payments
    results = await ada.get(f"/dashboard/search?q={masked}")
    assert results.status_code == 200, results.headers
    rows = {m.group(1): (m.group(2), m.group(3)) for m in re.finditer(
        r'<code>(\w+)</code></a></td>.*?<span class="badge (\w+)">([^<]+)</span>', results.text, re.S)}
    assert rows[world["abnormal"]["out_trade_no"]] == ("danger", "退费失败")
    assert rows[world["closed"]["out_trade_no"]] == ("danger", "待退费")


async def test_queues_show_who_where_how_much_how_late_and_their_totals(server, client, services, wechat_sandbox,
                                                                        upstream):  # type: ignore[no-untyped-def]
    world = await realistic(server, client, services, wechat_sandbox, upstream)
    vera = world["vera"]
    failed = (await vera.get("/dashboard/refunds")).text
    abnormal: Refund = world["abnormal_refund"]
    assert abnormal.out_refund_no in failed and "退款异常（收款账户异常）" in failed
    assert "贵州" in failed and "微信支付" in failed
    assert re.search(r'class="due[^"]*">(剩\d+天|今日到期|已逾期\d+天)</span>', failed), failed
    assert re.search(r"<strong>1</strong> 笔退费 · 合计 <strong>¥[\d,]+\.\d\d</strong>", failed), failed
    assert labels.mask_name(world["abnormal"]["declaration"]["payer_name"]) in failed
    manual = (await vera.get("/dashboard/manual-refunds")).text
    item: PaymentItem = world["item"]
    assert "缴款 " not in manual and "费款 " not in manual
    assert world["stuck"]["out_trade_no"] in manual and world["stuck"]["declaration"]["payer_id_masked"] in manual
    assert world["stuck"]["declaration"]["declaration_no"] in manual
    assert re.search(r'class="due late">已逾期\d+天', manual), manual
    overdue = (await vera.get("/dashboard/overdue")).text
    assert re.search(r'class="due late">已逾期\d+天', overdue) and "湖北" in overdue
    assert f"<strong>1</strong> 份费款 · 合计 <strong>¥{item.amount_fen / 100:,.2f}</strong>" in overdue


async def test_the_refusal_names_the_role_and_actions_are_not_offered_twice(server, client, services, wechat_sandbox,
                                                                            upstream):  # type: ignore[no-untyped-def]
    world = await realistic(server, client, services, wechat_sandbox, upstream)
    answer = await world["vera"].get("/dashboard/audit")
    assert "此页面需审批员或以上权限，您当前的角色为查看员" in answer.text
    # a manual refund asked for: not offered again on that share
    stuck = (await world["otto"].get(f"/dashboard/payments/{world['stuck']['id']}")).text
    assert "申请人工退费" not in stuck.split("<h2>退费</h2>")[0].split("<h2>费款")[1].replace(
        "已有人工退费申请，待审批", "")
    assert "已有人工退费申请，待审批" in stuck
    assert await ManualRefund.filter(payment_item_id=world["item"].id).count() == 1
    # a retried refund says its new number, and the old one stays visible
    refund: Refund = world["closed_refund"]
    back = world["retry_answer"].headers["location"]
    shown = (await world["otto"].get(back)).text
    assert f"新退款单号 {refund.out_refund_no}（原退款单号 {world['before']}）" in shown
    assert f"原退款单号 <code>{world['before']}</code>" in shown


async def test_every_audit_entry_links_to_its_object_and_each_object_shows_its_entries(
        server, client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    world = await realistic(server, client, services, wechat_sandbox, upstream)
    ada = world["ada"]
    trail = (await ada.get("/dashboard/audit")).text
    refund: Refund = world["closed_refund"]
    item: PaymentItem = world["item"]
    link = f'<a href="/dashboard/payments/{refund.payment_id}#refund-{refund.id}">退费 退款单号 ' \
        f'{refund.out_refund_no}</a>'
    assert link in trail
    assert f'<a href="/dashboard/payments/{item.payment_id}#item-{item.id}">费款 申报序号 ' in trail
    assert f'<a href="/dashboard/payments/{world["waiting"]["id"]}#difference-' in trail
    for payment, action in ((world["closed"], "重新发起退费"), (world["stuck"], "申请人工退费"),
                            (world["waiting"], "处理对账差异")):
        page = (await ada.get(f"/dashboard/payments/{payment['id']}")).text
        entries = page.split("<h2>操作记录（审计）</h2>")[1].split("</table>")[0]
        assert action in entries and "Otto（工作人员）" in entries, (payment["id"], entries)


async def test_the_overview_shows_net_and_gross_per_channel_and_region(server, client, services, wechat_sandbox,
                                                                       upstream):  # type: ignore[no-untyped-def]
    from app.payments.models import Payment, PaymentState

    world = await realistic(server, client, services, wechat_sandbox, upstream)
    paid = await Payment.filter(state=PaymentState.PAID)
    gross = sum(p.amount_fen for p in paid)
    refused_fen = sum(i.amount_fen for i in await PaymentItem.filter(posting_state="failed"))
    assert refused_fen == world["closed"]["amount_fen"] + world["abnormal"]["amount_fen"] > 0
    page = (await world["vera"].get("/dashboard/")).text

    def money(fen: int) -> str:
        return labels.yuan(fen)

    assert f"<dt>实收（毛额）</dt><dd>{money(gross)}</dd>" in page
    assert f'<dt>退还（被拒/已退）</dt><dd class="neg">{money(refused_fen)}</dd>' in page
    assert f'<dt>净实收</dt><dd class="pos">{money(gross - refused_fen)}</dd>' in page
    channels = page.split("近14天净实收（按渠道）", 1)[1].split("</table>")[0]
    assert "微信支付" in channels and "支付宝" not in channels  # no channel at ¥0 in the legend or the table
    assert "近14天无收款的渠道：支付宝" in page
    regions = page.split("近14天净实收（按地区）", 1)[1].split("</table>")[0]
    assert f"<td>贵州</td><td class=\"num\">{money(refused_fen)}</td>" in regions  # both refused: net ¥0
    today = clock.business_date()
    assert f"{(today - timedelta(days=13)).isoformat()} 至 {today.isoformat()}" in page  # the date range
    assert f"{today.isoformat()} 退还（被拒/已退）{money(refused_fen)}" in page  # the bar's own value
