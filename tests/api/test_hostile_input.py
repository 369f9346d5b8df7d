"""Issue 6, hostile input: never a 500, nothing stored that PostgreSQL cannot hold, one spelling of
a person's number, rare names welcome, unverified senders bounded, limits per real client."""

from __future__ import annotations

from datetime import date

import pytest

from app.identity.id_numbers import make_resident_id
from app.notifications.models import ChannelNotification
from app.notifications.services import UNVERIFIED_KEPT_BYTES
from app.payers.models import SavedPayer
from app.payments.models import Payment, PaymentState
from tests.api.payer_steps import assert_error, demo, payer_body, registered, signed_in_as
from tests.api.support import bind, checkout, declared, options_for, sign_in

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


async def test_nul_bytes_in_a_notification_are_kept_and_refused_not_a_500(client, services, wechat_sandbox, upstream):
    body = b'{"id":"x\x00y","event_type":"TRANSACTION.SUCCESS","resource":{"ciphertext":"\x00"}}'
    r = await client.post("/notify/wechat_pay", content=body, headers={
        "Wechatpay-Timestamp": "1", "Wechatpay-Nonce": "n\x01", "Wechatpay-Serial": "s",
        "Wechatpay-Signature": "sig", "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"})
    assert r.status_code == 200, r.text
    kept = await ChannelNotification.get()
    assert (kept.verdict, kept.reject_reason, kept.flagged) == ("rejected", "bad_signature", True)
    assert "\x00" not in kept.body and "\\x00" in kept.body and kept.body_size == len(body)
    assert kept.body_sha256 and len(kept.body_sha256) == 64


async def test_lone_surrogates_and_control_characters_are_refused(client, services, wechat_sandbox, upstream):
    raw = b'{"code": "\\ud800", "region": "hubei"}'
    r = await client.post("/api/v1/sessions", content=raw, headers={"content-type": "application/json"})
    assert_error(r, 400, "field_invalid")
    headers, declaration = await declared(client, services, wechat_sandbox)
    for reason in ('"\\ud800"', '"a\\u0000b"', '"\\u202e\\u6d4b\\u8bd5"'):
        r = await client.post(f"/api/v1/declarations/{declaration['id']}/void", headers=headers,
                              content=b'{"reason": ' + reason.encode() + b"}")
        assert_error(r, 400, "field_invalid")
    assert (await client.get(f"/api/v1/declarations/{declaration['id']}", headers=headers)).json()[
        "declaration"]["state"] == "declared"


@pytest.mark.parametrize("digits", [ARABIC_INDIC, DEVANAGARI])
async def test_non_ascii_digits_are_one_person_at_most_once(client, services, wechat_sandbox, upstream, digits):
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    wang = payer_body(demo("王秀兰"))
    r = await client.post("/api/v1/saved-payers", headers=headers,
                          json={**wang, "id_number": wang["id_number"].translate(digits)})
    assert_error(r, 400, "id_number_format")
    full_width = wang["id_number"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert (await client.post("/api/v1/saved-payers", headers=headers, json=wang)).status_code == 201
    assert_error(await client.post("/api/v1/saved-payers", headers=headers, json={**wang, "id_number": full_width}),
                 409, "saved_payer_exists")  # full-width digits are the same number, not another person
    assert await SavedPayer.all().count() == 1
    month = {**options_for(services, "hubei", "resident_medical"), "period_start": "202601".translate(digits)}
    assert_error(await client.post("/api/v1/declarations", json=month, headers=headers), 400, "period_invalid")
    r = await client.get("/api/v1/payments", params={"period_from": "202601".translate(digits)}, headers=headers)
    assert_error(r, 400, "field_invalid")
    r = await client.get("/api/v1/declarations", params={"page": "2".translate(digits)}, headers=headers)
    assert_error(r, 400, "field_invalid")


@pytest.mark.parametrize("name", ["㐀明", "𠀀华", "龦龧", "鿏丽", "阿依古丽·买买提", "𪚥彧"])
async def test_names_with_rare_characters_are_accepted(client, services, wechat_sandbox, upstream, name):
    person = registered(upstream, {"id_type": "resident_id_card", "name": name,
                                   "id_number": make_resident_id("520102", date(1991, 2, 3), "047")}, "guizhou")
    headers = await sign_in(client, wechat_sandbox, "guizhou")
    r = await bind(client, wechat_sandbox, headers, "guizhou", person)
    assert r.status_code == 200 and r.json()["user"]["name"] == name, r.text


async def test_unverified_senders_are_bounded(client, services, wechat_sandbox, upstream):
    r = await client.post("/notify/wechat_pay", content=b"x" * 1_000_000)
    assert_error(r, 413, "payload_too_large")
    assert await ChannelNotification.all().count() == 0  # too large: not kept at all
    r = await client.post("/notify/wechat_pay", content=b"y" * 60_000)
    assert r.status_code == 200
    kept = await ChannelNotification.get()
    assert (len(kept.body), kept.body_size, kept.body_truncated) == (UNVERIFIED_KEPT_BYTES, 60_000, True)
    kept_per_minute = services.settings.unverified_notifications_per_minute
    for _ in range(kept_per_minute + 5):  # a flood from one address: counted, not kept
        assert (await client.post("/notify/wechat_pay", content=b"{}")).status_code == 200
    assert await ChannelNotification.all().count() == kept_per_minute
    # a real notification is always kept whole, whatever the flood
    headers, declaration = await declared(client, services, wechat_sandbox)
    payment = (await checkout(client, headers, declaration["id"])).json()["payment"]
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    assert (await Payment.get(id=payment["id"])).state == PaymentState.PAID
    real = await ChannelNotification.get(out_trade_no=payment["out_trade_no"])
    assert real.verdict == "applied" and not real.body_truncated and real.body_size == len(real.body.encode())


async def test_sign_in_limit_counts_the_client_behind_a_trusted_proxy(client, services, server, wechat_sandbox):
    before = services.settings
    services.settings = before.model_copy(update={"login_rate_per_minute": 2})
    server.config.PROXIES_COUNT = 1
    try:
        async def attempt(address: str) -> int:
            code = wechat_sandbox.issue_login_code(f"proxy-{address}")
            r = await client.post("/api/v1/sessions", json={"code": code, "region": "hubei"},
                                  headers={"X-Forwarded-For": address})
            return r.status_code

        assert [await attempt("203.0.113.7") for _ in range(3)] == [201, 201, 429]
        assert await attempt("203.0.113.8") == 201  # another person behind the same proxy
    finally:
        services.settings = before
        server.config.PROXIES_COUNT = 0


async def test_a_no_op_rebinding_is_not_counted(client, services, wechat_sandbox, upstream):
    headers = await signed_in_as(client, wechat_sandbox, "杨波")
    before = services.settings
    services.settings = before.model_copy(update={"binding_rate_per_hour": 1})
    try:
        for _ in range(5):
            r = await bind(client, wechat_sandbox, headers, "guizhou", payer_body(demo("杨波")))
            assert r.status_code == 200, r.text
    finally:
        services.settings = before


async def test_signing_in_to_another_region_ends_the_old_regions_sessions(client, services, wechat_sandbox, upstream):
    old = await sign_in(client, wechat_sandbox, "hubei", hint="mover")
    assert (await client.get("/api/v1/menus", headers=old)).json()["region"] == "hubei"
    new = await sign_in(client, wechat_sandbox, "guizhou", hint="mover")
    assert (await client.get("/api/v1/menus", headers=new)).json()["region"] == "guizhou"
    for path in ("/api/v1/menus", "/api/v1/me", "/api/v1/declarations"):
        assert_error(await client.get(path, headers=old), 401, "session_invalid")
    again = await sign_in(client, wechat_sandbox, "guizhou", hint="mover")  # same region: both stay
    assert (await client.get("/api/v1/me", headers=new)).status_code == 200
    assert (await client.get("/api/v1/me", headers=again)).status_code == 200


async def test_unknown_keys_are_refused_everywhere(client, services, wechat_sandbox, upstream):
    code = wechat_sandbox.issue_login_code("unknown-keys")
    error = assert_error(await client.post("/api/v1/sessions", json={"code": code, "region": "hubei", "x": 1}),
                         400, "field_unknown")
    assert error["data"]["field"] == "x"
    headers, declaration = await declared(client, services, wechat_sandbox)
    body = {**options_for(services, "hubei", "resident_medical"), "payer": {**payer_body(demo("王秀兰")), "age": 3}}
    assert_error(await client.post("/api/v1/assessments", json=body, headers=headers), 400, "field_unknown")
    assert_error(await client.get("/api/v1/payments", params={"perod_from": "202601"}, headers=headers), 400,
                 "field_unknown")
    r = await client.get("/api/v1/declarations?page=1&page=2", headers=headers)
    assert_error(r, 400, "field_invalid")


def test_rare_name_people_stay_distinct_from_their_look_alikes() -> None:
    from app.identity.names import normalise_name

    assert normalise_name("阿依古丽•买买提") == normalise_name("阿依古丽·买买提") == "阿依古丽·买买提"
    assert normalise_name("张\u200d三") is None and normalise_name("<b>") is None


async def test_a_token_that_is_not_text_is_no_session(client, services, wechat_sandbox, upstream):
    """Found by bench/hostile.py: header bytes that are not UTF-8 reached the session lookup."""
    import asyncio

    port = int(str(client.base_url).rsplit(":", 1)[1].rstrip("/"))
    for token in (b"\xed\xa0\x80", b"caf\xe9", b"\xff\xfe\x80", b"a\xc0\x80b"):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)  # httpx would refuse to send it
        writer.write(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                     + token + b"\r\n\r\n")
        answer = await reader.read()
        writer.close()
        assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
        assert b"session_invalid" in answer
