"""What a payer reads (issue 17): the words come from the catalogue (app/words.py), say what is
happening and what comes next, tell no more than the payer needs, and never carry our internal
identifiers. Every answer these journeys receive is walked for payer-facing fields."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app import words
from app.payments.models import PaymentItem, PostingState
from app.refunds.models import Refund
from tests.api.agreement_steps import ACCOUNT, agreement_form, face_scan, pay_by_agreement, signed_agreement
from tests.api.payer_steps import assert_error, demo, payer_body, signed_in_as
from tests.api.support import (
    BACK,
    checkout,
    current,
    declare,
    declared,
    options_for,
    paid_and_posted,
    paid_through_wechat,
    signed_in_person,
)
from tests.conftest import drain

# fields a payer reads: refusals' messages, labels, reasons and descriptions (not machine codes
# such as `state`, documented as codes)
_READ = ("message", "description", "reason")


def payer_texts(body: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every payer-facing string of an answer, with where it is (a refusal's `data` holds machine
    values, but for its labels and reasons)."""
    if isinstance(body, dict):
        for key, value in body.items():
            where = f"{path}.{key}"
            read = key.endswith(("_label", "_reason", "_message")) or (key in _READ and path != ".error.data")
            if isinstance(value, str) and read:
                yield where, value
            else:
                yield from payer_texts(value, where)
    elif isinstance(body, list):
        for n, value in enumerate(body):
            yield from payer_texts(value, f"{path}[{n}]")


def internal_words(responses: list[httpx.Response]) -> list[tuple[str, str, str]]:
    found = []
    for r in responses:
        if not (r.request.url.path.startswith("/api/") and r.headers.get("content-type", "").startswith(
                "application/json")):
            continue
        for where, text in payer_texts(r.json()):
            if words.INTERNAL.search(text):
                found.append((f"{r.request.method} {r.request.url.path}", where, text))
    return found


@pytest.fixture
def answers(client: httpx.AsyncClient) -> Iterator[list[httpx.Response]]:
    """Every answer of the test's journey, walked at its end for internal identifiers."""
    seen: list[httpx.Response] = []

    async def keep(response: httpx.Response) -> None:
        await response.aread()
        seen.append(response)

    client.event_hooks["response"].append(keep)
    yield seen
    client.event_hooks["response"].remove(keep)


def assert_plain(answers: list[httpx.Response]) -> None:
    assert len(answers) > 3
    assert internal_words(answers) == []


def test_the_walker_finds_an_internal_identifier() -> None:
    request = httpx.Request("GET", "http://t/api/v1/payments/1")
    leaky = httpx.Response(200, request=request, json={"payment": {"state": "awaiting_payment", "items": [
        {"posting_state": "not_posted", "posting_reason": "healthcare_security 应答无法识别"}]}})
    plain = httpx.Response(200, request=request, json={"payment": {"state": "awaiting_payment",
                                                                   "status_label": "缴款中"}})
    assert internal_words([leaky, plain]) == [
        ("GET /api/v1/payments/1", ".payment.items[0].posting_reason", "healthcare_security 应答无法识别")]


async def test_bad_inputs_name_the_field_in_words(client, services, wechat_sandbox, upstream, owing, answers):
    cases = [
        ("post", "/api/v1/payments", {"declaration_ids": ["x"]}, "field_invalid", "申报记录应为整数"),
        ("post", "/api/v1/payments", {"declaration_ids": [1], "extra": 1}, "field_unknown", "不支持的字段"),
        ("post", "/api/v1/assessments", {"insurance_type": "flexible_pension"}, "field_missing", "缺少必填项"),
        ("get", "/api/v1/payments?page_size=1000", None, "field_invalid", "每页条数超出范围"),
        ("get", "/api/v1/payments?period_from=202612&period_to=202601", None, "field_invalid",
         "费款所属期起不能晚于费款所属期止"),
    ]
    for method, url, body, code, said in cases:
        r = await (client.post(url, json=body, headers=owing) if method == "post" else client.get(url, headers=owing))
        assert said in assert_error(r, 400, code)["message"], r.text
    assert_plain(answers)


async def _shown(client: httpx.AsyncClient, headers: dict[str, str], payment_id: int) -> dict[str, Any]:
    r = await client.get(f"/api/v1/payments/{payment_id}", headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json()["payment"])


# ---- 1. a share upstream holds, or whose answer is unknown ----

@pytest.mark.parametrize("fault", ["reject:posting_failed", "unknown"])
async def test_a_share_not_yet_posted_says_it_is_being_confirmed_and_when_the_money_comes_back(
        client, services, wechat_sandbox, upstream, owing, answers, fault):
    upstream.set_fault("post_payment", fault)
    upstream.set_fault("query_posting", "unknown")  # asking does not settle it either
    declaration = await declare(client, owing, current(services))
    payment = await paid_through_wechat(client, wechat_sandbox, owing, declaration["id"])
    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posting_state in (PostingState.NOT_POSTED, PostingState.UNKNOWN)
    assert item.posting_reason  # upstream's own words are kept for staff
    await client.post(f"/api/v1/payments/{payment['id']}/refresh", headers=owing)  # asks again: still not
    shown = (await _shown(client, owing, payment["id"]))["items"][0]
    assert shown["status_label"] == "缴款中" and shown["refund_due_by"]
    year, month, day = (int(x) for x in shown["refund_due_by"].split("-"))
    assert shown["posting_reason"] == f"正在确认到账，如未成功，本笔费款将于{year}年{month}月{day}日前原路退回"
    for hidden in ("到账确认失败", "healthcare_security", "hrss", "应答无法识别"):
        assert hidden not in str(await _shown(client, owing, payment["id"]))
    assert_plain(answers)


# ---- 2. a period already paid, or being paid ----

async def test_declaring_a_paid_period_again_says_it_is_paid(client, services, wechat_sandbox, upstream, answers):
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox)
    r = await client.post("/api/v1/declarations", json=options_for(services, "hubei", "resident_medical"),
                          headers=headers)
    error = assert_error(r, 409, "period_already_paid")
    assert error["message"] == words.REASONS["period_already_paid"] and "已缴费" in error["message"]
    assert "继续缴费" not in error["message"] and "作废" not in error["message"]
    assert_plain(answers)


async def test_declaring_an_unpaid_or_a_being_paid_period_again_says_which(
        client, services, wechat_sandbox, upstream, answers):
    headers, declaration = await declared(client, services, wechat_sandbox)
    options = options_for(services, "hubei", "resident_medical")
    error = assert_error(await client.post("/api/v1/declarations", json=options, headers=headers), 409,
                         "declaration_exists")
    assert "继续缴费" in error["message"] and "尚未缴费" in error["message"]
    assert (await checkout(client, headers, declaration["id"])).status_code == 200  # the order is open
    error = assert_error(await client.post("/api/v1/declarations", json=options, headers=headers), 409,
                         "period_being_paid")
    assert "正在缴款" in error["message"]
    assert_plain(answers)


# ---- 3. a voided declaration whose money came back; the state filter ----

async def test_a_voided_declaration_whose_money_is_refunded_says_so(
        client, services, wechat_sandbox, upstream, answers):
    headers, declaration = await declared(client, services, wechat_sandbox)
    upstream.set_fault("post_payment", "reject:not_enrolled", count=1)
    await paid_through_wechat(client, wechat_sandbox, headers, declaration["id"])
    shown = (await client.get(f"/api/v1/declarations/{declaration['id']}", headers=headers)).json()["declaration"]
    assert (shown["state"], shown["payment_status"], shown["payment_status_label"]) == ("voided", "refunding", "退费中")
    assert "到账确认失败" not in shown["void_reason"] and "按原渠道退还" in shown["void_reason"]
    refund = await Refund.get(payment_item__declaration_id=declaration["id"])
    wechat_sandbox.complete_refund(refund.out_refund_no)
    assert await wechat_sandbox.deliver_refund_notification(refund.out_refund_no) == [200]
    shown = (await client.get(f"/api/v1/declarations/{declaration['id']}", headers=headers)).json()["declaration"]
    assert (shown["state_label"], shown["payment_status"], shown["payment_status_label"]) == (
        "已作废", "refunded", "已退费")
    listed = (await client.get("/api/v1/declarations?state=voided", headers=headers)).json()["declarations"]
    assert [(d["id"], d["payment_status"]) for d in listed] == [(declaration["id"], "refunded")]
    paid = (await client.get("/api/v1/payments", headers=headers)).json()["payments"]
    assert [d["payment_status_label"] for p in paid for d in p["declarations"]] == ["已退费"]
    assert_plain(answers)


async def test_the_state_filter_and_label_tell_paid_from_unpaid(client, services, wechat_sandbox, upstream, owing,
                                                                answers):
    back = await declare(client, owing, BACK)
    payment = await paid_through_wechat(client, wechat_sandbox, owing, back["id"])
    assert payment["status_label"] == "缴款成功", payment
    now = await declare(client, owing, current(services))  # declared, not paid

    async def listed(state: str) -> list[tuple[int, str, str]]:
        r = await client.get(f"/api/v1/declarations?state={state}", headers=owing)
        assert r.status_code == 200, r.text
        return [(d["id"], d["record_state"], d["state_label"]) for d in r.json()["declarations"]]

    assert await listed("declared") == [(now["id"], "declared", "申报成功，未缴款")]
    assert await listed("paid") == [(back["id"], "paid", "已缴款")]
    assert {d for d, _, _ in await listed("declared,paid")} == {now["id"], back["id"]}
    error = assert_error(await client.get("/api/v1/declarations?state=posted", headers=owing), 400, "field_invalid")
    assert error["message"] == "填写内容格式不正确：状态不在可选范围内"
    assert error["data"] == {"field": "state", "allowed": "declared,paid,processing,voided"}
    assert_plain(answers)


# ---- 4. paid by the same person from another account ----

async def test_a_payment_from_another_account_of_the_same_person_is_their_own(
        client, services, wechat_sandbox, upstream, answers):
    mine = await signed_in_as(client, wechat_sandbox, "王子涵")
    other_account = await signed_in_as(client, wechat_sandbox, "王子涵")
    declaration = await declare(client, other_account, options_for(services, "beijing", "resident_medical"))
    payment = await paid_through_wechat(client, wechat_sandbox, other_account, declaration["id"])
    seen = await _shown(client, mine, payment["id"])
    assert not seen["paid_by_me"] and seen["description"] == words.PAID_FOR_ME[True]
    assert "他人" not in seen["description"] and "本人缴纳" in seen["description"]
    listed = (await client.get("/api/v1/payments", headers=mine)).json()["payments"]
    assert [(p["id"], p["description"]) for p in listed] == [(payment["id"], words.PAID_FOR_ME[True])]
    assert_plain(answers)


async def test_a_payment_by_someone_else_is_still_theirs(client, services, wechat_sandbox, upstream, answers):
    relative = await signed_in_as(client, wechat_sandbox, "刘洋")
    options = {**options_for(services, "beijing", "resident_medical"),
               "payer": payer_body(demo("王子涵"), nationality="中国")}
    r = await client.post("/api/v1/declarations", json=options, headers=relative)
    assert r.status_code == 201, r.text
    payment = await paid_through_wechat(client, wechat_sandbox, relative, r.json()["declaration"]["id"])
    payer = await signed_in_as(client, wechat_sandbox, "王子涵")
    assert (await _shown(client, payer, payment["id"]))["description"] == "他人为本人缴纳的社会保险费"
    assert_plain(answers)


# ---- 5. what the face is for ----

async def test_the_face_asked_for_says_what_it_confirms(client, services, wechat_sandbox, bank_sandbox, upstream,
                                                        answers):
    headers, person = await signed_in_person(client, wechat_sandbox, "hubei", "flexible_pension")
    bank_sandbox.seed_account("ICBC", ACCOUNT, person.name, person.id_number, balance_fen=10_000_000)
    error = assert_error(await client.post("/api/v1/agreements", headers=headers, json=agreement_form(person)),
                         400, "agreement_face_verification_required")
    assert "签订" in error["message"] and "实名认证" not in error["message"]
    body = agreement_form(person, face_verify_id=await face_scan(client, wechat_sandbox, headers))
    r = await client.post("/api/v1/agreements", headers=headers, json=body)
    assert r.status_code == 201, r.text
    declaration = await declare(client, headers, options_for(services, "hubei", "flexible_pension"))
    error = assert_error(await pay_by_agreement(client, headers, [declaration["id"]], r.json()["agreement"]["id"]),
                         400, "payment_face_verification_required")
    assert "扣款" in error["message"] and "实名认证" not in error["message"]
    assert bank_sandbox.debits == {}
    assert_plain(answers)


# ---- 6. each region's banks ----

async def test_each_region_offers_its_own_banks(client, services, wechat_sandbox, bank_sandbox, upstream, answers):
    beijing, person = await signed_in_person(client, wechat_sandbox, "beijing", "resident_pension")
    hubei, _ = await signed_in_person(client, wechat_sandbox, "hubei", "flexible_pension")

    async def banks(headers: dict[str, str]) -> dict[str, str]:
        r = await client.get("/api/v1/agreement-options", headers=headers)
        assert r.status_code == 200, r.text
        return {b["code"]: b["name"] for b in r.json()["banks"]}

    assert set(await banks(beijing)) == set(services.profile("beijing").bank_agreement.banks)
    assert "HUBEI_RCB" not in await banks(beijing) and "湖北农商银行" not in (await banks(beijing)).values()
    assert (await banks(hubei))["HUBEI_RCB"] == "湖北农商银行"
    r = await client.post("/api/v1/agreements", headers=beijing, json=agreement_form(person, bank_code="HUBEI_RCB"))
    error = assert_error(r, 400, "bank_not_supported")
    assert "HUBEI_RCB" not in error["data"]["banks"]
    assert_plain(answers)


# ---- 11. a card refused by the bank: the same answer whoever's it is ----

async def test_a_card_the_bank_refuses_gets_one_answer_whether_it_exists_or_not(
        client, services, wechat_sandbox, bank_sandbox, upstream, answers, caplog):
    headers, person = await signed_in_person(client, wechat_sandbox, "beijing", "resident_pension")
    someone = demo("刘洋")
    cards = {"6222020200100000011": (someone.name, someone.id_number),  # someone else's card
             "6222020200100000029": (person.name, someone.id_number),  # the name matches, the id does not
             "6222020200100000037": (person.name, person.id_number)}  # frozen
    for account, (name, id_number) in cards.items():
        bank_sandbox.seed_account("ICBC", account, name, id_number, frozen=account.endswith("37"))
    bodies = []
    with caplog.at_level(logging.INFO, logger="shebao.agreements"):
        for account in [*cards, "6222020200199999999"]:  # and a card the bank does not know
            r = await client.post("/api/v1/agreements", headers=headers,
                                  json=agreement_form(person, account_no=account))
            assert_error(r, 400, "card_not_usable")
            bodies.append(r.json())
    assert all(b == bodies[0] for b in bodies) and bodies[0]["error"]["data"] == {}
    message = bodies[0]["error"]["message"]
    assert message == words.REASONS["card_not_usable"] and "持卡人姓名与银行账户不符" not in message
    logged = caplog.text
    for code in ("NAME_MISMATCH", "ID_MISMATCH", "ACCOUNT_FROZEN", "ACCOUNT_NOT_FOUND"):
        assert code in logged  # the bank's reason stays with us
    # the payer's own card still signs
    bank_sandbox.seed_account("ICBC", ACCOUNT, person.name, person.id_number, balance_fen=1_000)
    assert (await client.post("/api/v1/agreements", headers=headers, json=agreement_form(person))).status_code == 201
    assert_plain(answers)


async def test_a_signed_agreement_and_its_payment_read_plainly(
        client, services, wechat_sandbox, bank_sandbox, upstream, answers):
    headers, _, agreement = await signed_agreement(client, services, wechat_sandbox, bank_sandbox,
                                                   balance_fen=1)  # too little: the bank refuses the debit
    declaration = await declare(client, headers, options_for(services, "beijing", "resident_pension"))
    r = await pay_by_agreement(client, headers, [declaration["id"]], agreement["id"])
    assert r.status_code == 200, r.text
    assert (await bank_sandbox.settle())["debits_failed"] == 1
    await drain()
    shown = await _shown(client, headers, r.json()["payment"]["id"])
    assert shown["status_label"] == "缴款失败" and "余额不足" in shown["failure_reason"]
    await client.get("/api/v1/payments", headers=headers)
    await client.get("/api/v1/declarations", headers=headers)
    await client.get("/api/v1/agreements", headers=headers)
    assert_plain(answers)
