"""The dashboard in a real browser: Playwright driving Debian's chromium against the running
service. Sign-in, the queues, one of each action, the four-eyes rule and a CSRF refusal.

Screenshots of the main pages go to docs/screenshots/ with SHEBAO_UPDATE_SCREENSHOTS=1
(otherwise to a temporary folder, so taking them is tested too).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.operations.models import ManualRefund, ManualRefundState
from app.payments.models import PaymentItem, PostingState
from app.reconciliation.models import DifferenceState, ReconciliationDifference
from app.refunds.models import Refund, RefundState
from tests.api import dashboard_steps as steps
from tests.conftest import drain, move_clock


async def signed_in(browser: Any, server: Any, username: str) -> Any:
    context = await browser.new_context(base_url=server.ctx.base_url, viewport={"width": 1366, "height": 900},
                                        locale="zh-CN", timezone_id="Asia/Shanghai")
    page = await context.new_page()
    await page.goto("/dashboard/")
    assert "/dashboard/sign-in" in page.url
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", steps.PASSWORD)
    await page.click("button:has-text('登录')")
    await page.wait_for_url("**/dashboard/")
    return page


async def act(page: Any, summary: str, remark: str, **fields: str) -> None:
    """Open the action's form (a <details>), fill it in and submit; wait for the answer."""
    details = page.locator("details.action", has=page.locator(f"summary:text-is('{summary}')")).first
    await details.locator("summary").click()
    for name, value in fields.items():
        await details.locator(f"[name={name}]").fill(value)
    await details.locator("textarea[name=remark]").fill(remark)
    async with page.expect_navigation():
        await details.locator("button[type=submit]").click()


async def test_sign_in_the_queues_search_and_a_payments_timeline(server, client, services, wechat_sandbox, upstream,
                                                                 browser, shots):  # type: ignore[no-untyped-def]
    await steps.add_operator("vera", "viewer")
    move_clock(datetime.now(UTC))  # the overview's 14 days end today
    payment, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    await steps.difference()
    context = await browser.new_context(base_url=server.ctx.base_url, viewport={"width": 1366, "height": 900})
    page = await context.new_page()
    await page.goto("/dashboard/refunds")
    await page.fill("input[name=username]", "vera")
    await page.fill("input[name=password]", "not-her-password")
    await page.click("button:has-text('登录')")
    assert await page.locator(".notice.error").inner_text() == "用户名或密码错误 operator_sign_in_failed"
    await page.screenshot(path=str(shots / "sign-in.png"))
    await page.fill("input[name=password]", steps.PASSWORD)
    await page.click("button:has-text('登录')")
    await page.wait_for_url("**/dashboard/refunds")  # back where she wanted to go
    assert refund.out_refund_no in await page.locator("table.list").inner_text()

    await page.click("nav.side >> text=概览")
    assert await page.locator(".card:has-text('退费失败待处理') .n").inner_text() == "1"
    assert await page.locator(".card:has-text('对账差异待处理') .n").inner_text() == "1"
    assert await page.locator("figure.chart svg rect").count() > 0
    collected = await page.locator("figure.chart").first.locator("rect title").all_text_contents()
    assert any(t.endswith("退还（被拒/已退）¥2,340.00") for t in collected), collected  # today's, refused upstream
    await page.screenshot(path=str(shots / "overview.png"), full_page=True)
    await page.click(".card:has-text('退费失败待处理')")
    assert "/dashboard/refunds?state=failed" in page.url
    await page.screenshot(path=str(shots / "refunds.png"), full_page=True)
    assert await page.locator("summary:text-is('重新发起退费')").count() == 0  # a viewer only reads
    for link, heading in (("人工退费审批", "人工退费审批"), ("逾期未退费", "逾期未退费"), ("对账差异", "对账差异"),
                          ("异常通知", "异常通知")):
        await page.click(f"nav.side >> text={link}")
        assert await page.locator("h1").inner_text() == heading
    await page.click("nav.side >> text=对账差异")
    await page.screenshot(path=str(shots / "differences.png"), full_page=True)

    await page.fill("header input[name=q]", payment["declaration"]["declaration_no"])
    await page.press("header input[name=q]", "Enter")
    await page.wait_for_url(f"**/dashboard/payments/{payment['id']}")
    timeline = await page.locator("ol.timeline").inner_text()
    for expected in ("支付成功", "退款关闭", "微信支付（渠道通知）", "到账确认失败"):
        assert expected in timeline, expected
    assert payment["declaration"]["payer_id_masked"] in await page.locator("table.list").first.inner_text()
    await page.screenshot(path=str(shots / "payment.png"), full_page=True)
    await context.close()


async def test_one_of_each_action_from_the_browser(server, client, services, wechat_sandbox, upstream, browser,
                                                   shots):  # type: ignore[no-untyped-def]
    await steps.add_operator("otto", "operator")
    await steps.add_operator("ada", "approver")
    closed_payment, closed = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    abnormal_payment, abnormal = await steps.failed_refund(client, services, wechat_sandbox, upstream,
                                                           status="ABNORMAL")
    found = await steps.difference()
    otto = await signed_in(browser, server, "otto")

    await otto.goto("/dashboard/refunds?state=failed")
    row = otto.locator("tr", has=otto.locator(f"text={closed.out_refund_no}"))
    await row.locator("summary:text-is('重新发起退费')").click()
    await row.locator("textarea[name=remark]").fill("渠道已关闭该退款，重新发起")
    async with otto.expect_navigation():
        await row.locator("button[type=submit]").click()
    before = closed.out_refund_no
    await closed.refresh_from_db()
    assert await otto.locator(".notice.ok").inner_text() == \
        f"已重新发起退费，新退款单号 {closed.out_refund_no}（原退款单号 {before}），系统将向渠道发送。"
    await drain()  # the refund job sends it
    await closed.refresh_from_db()
    assert closed.state == RefundState.PROCESSING

    await otto.goto("/dashboard/differences")
    await act(otto, "标记已处理", "已与渠道核实")
    assert await otto.locator(".notice.ok").inner_text() == "对账差异已标记为人工处理完毕。"
    assert (await ReconciliationDifference.get(id=found.id)).state == DifferenceState.RESOLVED

    await otto.goto(f"/dashboard/payments/{closed_payment['id']}")
    await act(otto, "重新查询渠道", "核对渠道状态")
    assert await otto.locator(".notice.ok").inner_text() == "已向支付渠道重新查询并更新状态。"
    line = await otto.locator("ol.timeline li.audit").last.inner_text()
    assert "Otto（工作人员）" in line and "重新查询渠道" in line

    ada = await signed_in(browser, server, "ada")
    await ada.goto(f"/dashboard/payments/{abnormal_payment['id']}")
    await act(ada, "登记线下已退", "原卡已注销，银行转账退回", bank_reference="BK20261130-0001")
    await abnormal.refresh_from_db()
    assert (abnormal.state, abnormal.offline_reference) == (RefundState.OFFLINE, "BK20261130-0001")
    assert "BK20261130-0001" in await ada.locator("table.list").nth(1).inner_text()

    masked = abnormal_payment["declaration"]["payer_id_masked"]
    await act(ada, "查看完整证件号码", "线下退款核对身份")
    shown = await ada.locator("span.idno").first.inner_text()
    assert shown != masked and shown[:6] == masked[:6] and "*" not in shown
    await ada.goto("/dashboard/audit")
    trail = await ada.locator("table.list").inner_text()
    for expected in ("查看完整证件号码", "登记线下已退", "重新发起退费", "处理对账差异", "重新查询渠道"):
        assert expected in trail, expected
    await ada.screenshot(path=str(shots / "audit.png"), full_page=True)
    await otto.context.close()
    await ada.context.close()


async def test_four_eyes_the_requester_cannot_approve_another_approver_can(server, client, services, wechat_sandbox,
                                                                           upstream, browser, shots):  # type: ignore[no-untyped-def]
    await steps.add_operator("alice", "approver")
    await steps.add_operator("bob", "approver")
    payment, item = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    alice = await signed_in(browser, server, "alice")
    await alice.goto(f"/dashboard/payments/{payment['id']}")
    await act(alice, "申请人工退费", "缴费人申请退费，经办机构确认不予入账")
    assert await alice.locator(".notice.ok").inner_text() == "人工退费申请已提交，等待另一名审批员审批。"
    await alice.goto("/dashboard/manual-refunds")
    assert await alice.locator("summary:text-is('审批通过')").count() == 0
    assert "本人申请，须由他人审批" in await alice.locator("table.list").inner_text()
    # even a hand-made request is refused (the button is only hidden above)
    manual = await ManualRefund.get(payment_item_id=item.id)
    token = await alice.locator("header form input[name=csrf_token]").get_attribute("value")
    answer = await alice.request.post(f"/dashboard/manual-refunds/{manual.id}/approve",
                                      form={"csrf_token": token, "remark": "自己批"})
    assert answer.status == 403 and "four_eyes_required" in await answer.text()

    bob = await signed_in(browser, server, "bob")
    await bob.goto("/dashboard/manual-refunds")
    await bob.screenshot(path=str(shots / "manual-refunds.png"), full_page=True)
    await act(bob, "审批通过", "复核无误")
    assert await bob.locator(".notice.ok").inner_text() == "已审批通过，系统将自动办理退费。"
    await drain()  # the refund job
    await item.refresh_from_db()
    assert item.posting_state == PostingState.FAILED
    refund = await Refund.get(payment_item_id=item.id)
    assert refund.amount_fen == item.amount_fen
    assert (await ManualRefund.get(id=manual.id)).state == ManualRefundState.REFUNDING
    await bob.goto(f"/dashboard/payments/{payment['id']}")
    assert refund.out_refund_no in await bob.locator("table.list").nth(1).inner_text()
    await alice.context.close()
    await bob.context.close()


async def test_a_form_with_a_stale_or_forged_csrf_token_is_refused(server, client, services, wechat_sandbox,
                                                                   upstream, browser):  # type: ignore[no-untyped-def]
    await steps.add_operator("otto", "operator")
    _, refund = await steps.failed_refund(client, services, wechat_sandbox, upstream)
    otto = await signed_in(browser, server, "otto")
    await otto.goto("/dashboard/refunds?state=failed")
    await otto.locator("summary:text-is('重新发起退费')").click()
    await otto.eval_on_selector_all("input[name=csrf_token]", "els => els.forEach(e => e.value = 'forged')")
    await otto.locator("details[open] textarea[name=remark]").fill("试图伪造")
    async with otto.expect_navigation():
        await otto.locator("details[open] button[type=submit]").click()
    assert "页面已失效或请求来源不明" in await otto.locator(".notice.error").inner_text()
    assert (await Refund.get(id=refund.id)).state == RefundState.FAILED
    # a page of another site posting into the dashboard: the SameSite cookie is not sent, no session
    other = await otto.context.new_page()
    await other.set_content(
        f'<form method="post" action="{server.ctx.base_url}/dashboard/refunds/{refund.id}/retry">'
        '<input name="remark" value="x"><button>go</button></form>')
    async with other.expect_navigation():
        await other.click("button")
    assert "operator_session_expired" in await other.content()
    assert (await Refund.get(id=refund.id)).state == RefundState.FAILED
    await otto.context.close()


async def test_the_item_rows_of_a_payment_show_the_posting_state(server, client, services, wechat_sandbox, upstream,
                                                                 browser):  # type: ignore[no-untyped-def]
    await steps.add_operator("vera", "viewer")
    payment, item = await steps.stuck_share(client, services, wechat_sandbox, upstream)
    vera = await signed_in(browser, server, "vera")
    await vera.goto(f"/dashboard/payments/{payment['id']}")
    row = await vera.locator("table.list").first.inner_text()
    assert "未到账确认" in row and (await PaymentItem.get(id=item.id)).posting_state == PostingState.NOT_POSTED
    assert await vera.locator("summary:text-is('申请人工退费')").count() == 0
    await vera.context.close()


async def test_the_public_verification_page_in_a_browser(server, client, services, wechat_sandbox, upstream,
                                                         browser, shots):  # type: ignore[no-untyped-def]
    """Where a certificate's QR code leads: the code is filled in, the captcha image shows under the
    page's CSP, and the answer is the certificate's facts."""
    from app.certificates.models import Certificate
    from tests.api.support import declare, options_for, paid_through_wechat, signed_in_person

    headers, person = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_medical"))
    payment = await paid_through_wechat(client, wechat_sandbox, headers, declaration["id"])
    made = (await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)).json()
    certificate = await Certificate.get(id=made["certificates"][0]["id"])
    (shots / "certificate.png").write_bytes(bytes(certificate.png))  # the album image itself
    context = await browser.new_context(base_url=server.ctx.base_url, viewport={"width": 420, "height": 860})
    page = await context.new_page()
    await page.goto(f"/certificates/verify?code={certificate.verification_code}")
    assert await page.input_value("input[name=verification_code]") == certificate.verification_code
    captcha = page.locator("img[alt=验证码图片]")
    assert await captcha.evaluate("img => img.complete && img.naturalWidth") == 120  # shown under the CSP
    captcha_id = await page.get_attribute("input[name=captcha_id]", "value")
    await page.fill("input[name=taxpayer_id]", person.id_number)
    await page.fill("input[name=captcha]", "0000" if await services.kv.get(f"captcha:{captcha_id}") != "0000"
                    else "1111")
    async with page.expect_navigation():
        await page.click("button:has-text('开始校验')")
    assert "验证码错误或已过期" in await page.locator(".error").inner_text()
    captcha_id = await page.get_attribute("input[name=captcha_id]", "value")
    await page.fill("input[name=captcha]", await services.kv.get(f"captcha:{captcha_id}"))
    await page.fill("input[name=verification_code]", certificate.verification_code)
    await page.screenshot(path=str(shots / "certificate-verify.png"), full_page=True)
    async with page.expect_navigation():
        await page.click("button:has-text('开始校验')")
    assert await page.locator(".ok").inner_text() == "校验通过：证明真实有效"
    body = await page.locator("main").inner_text()
    assert certificate.certificate_no in body and person.id_number not in body
    await page.screenshot(path=str(shots / "certificate-verified.png"), full_page=True)
    await context.close()


async def test_a_batch_debit_list_in_the_browser(server, client, services, wechat_sandbox, bank_sandbox, upstream,
                                                 browser, shots):  # type: ignore[no-untyped-def]
    """批扣清册: the list, its results, a skipped setting's reason behind a click, and from its
    number to its debit's timeline."""
    from app.paying.batch_lists import issue
    from tests.api.agreement_steps import signed_agreement

    headers, person, agreement = await signed_agreement(client, services, wechat_sandbox, bank_sandbox)
    grade = services.profile("beijing").rule("resident_pension").grades[1]
    r = await client.post("/api/v1/batch-debit-settings", headers=headers,
                          json={"insurance_type": "resident_pension", "amount_fen": grade.amount_fen})
    assert r.status_code == 201, r.text
    batch = await issue(services, "beijing", "resident_pension")
    await bank_sandbox.settle()
    await drain()
    await steps.add_operator("vera", "viewer")
    vera = await signed_in(browser, server, "vera")
    await vera.click("nav.side a:text-is('批扣清册')")
    await vera.wait_for_url("**/dashboard/batch-debit-lists")
    row = vera.locator("table.list tbody tr").first
    text = await row.inner_text()
    assert batch.batch_no in text and "已完成" in text and "¥" in text
    await vera.screenshot(path=str(shots / "batch-debit-lists.png"), full_page=True)
    async with vera.expect_navigation():
        await row.locator("td").first.locator("a").click()
    assert "/dashboard/payments/" in vera.url  # one debit: straight to its timeline
    assert "银行" in await vera.locator("main").inner_text()
    await vera.context.close()
