"""Certificates over HTTP: asked after 缴款成功, made by the job (once; again when its job was lost),
downloaded only by the payer each is for (also in a family payment), superseded when a share posts
later but never voided by an outage, verified by anyone behind a captcha that passes once (a
full-width answer refused, the public page minting no more than the rate limit)."""

from __future__ import annotations

import asyncio
import base64
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from stdnum import luhn

from app.certificates import jobs as certificates
from app.certificates.models import Certificate, CertificateState
from app.clock import SHANGHAI
from app.payments.models import Payment, PaymentItem
from app.workdays import add_working_days
from tests.api.payer_steps import add_saved, assert_error, demo, payer_body, signed_in_as
from tests.api.support import declare, options_for, paid_and_posted, paid_through_wechat, signed_in_person
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL, drain, move_clock


async def _captcha(client: httpx.AsyncClient, services) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    r = await client.post("/api/v1/captchas")
    assert r.status_code == 200, r.text
    body = r.json()
    assert base64.b64decode(body["image_png_base64"])[:8] == b"\x89PNG\r\n\x1a\n"
    return body["captcha_id"], await services.kv.get(f"captcha:{body['captcha_id']}")


async def _verify(client, services, taxpayer_id: str, code: str, answer: str | None = None) -> httpx.Response:  # type: ignore[no-untyped-def]
    captcha_id, right = await _captcha(client, services)
    return await client.post("/api/v1/certificate-verifications", json={
        "taxpayer_id": taxpayer_id, "verification_code": code, "captcha_id": captcha_id,
        "captcha_answer": right if answer is None else answer})


async def test_a_certificate_is_made_by_the_job_signed_and_verifiable(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers, person, payment = await paid_and_posted(client, services, wechat_sandbox)
    r = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)
    assert r.status_code == 202, r.text
    [made] = r.json()["certificates"]
    assert (made["state"], made["status_label"], made["pdf_url"]) == ("making", "正在制作", None)
    assert made["taxpayer_id_masked"] == payment["items"][0]["payer_id_masked"]
    assert made["total_fen"] == payment["amount_fen"] and len(made["verification_code"]) == 16
    again = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)
    assert again.json()["certificates"][0]["id"] == made["id"]  # asked twice: the same one
    await drain()  # the job renders and signs it (this suite's client runs the worker after each request)
    shown = (await client.get(f"/api/v1/certificates/{made['id']}", headers=headers)).json()["certificate"]
    assert (shown["state"], shown["status_label"]) == ("ready", "制作成功")
    pdf = await client.get(shown["pdf_url"], headers=headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert await certificates.signer_for(services.settings).validate_async(pdf.content)
    image = await client.get(shown["image_url"], headers=headers)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n" and int(image.headers["content-length"]) == len(image.content)
    assert image.headers["content-disposition"].startswith("inline;")
    listed = (await client.get("/api/v1/certificates", headers=headers)).json()["certificates"]
    assert [c["id"] for c in listed] == [made["id"]]

    r = await _verify(client, services, person.id_number, made["verification_code"])
    assert r.status_code == 200, r.text
    facts = r.json()
    assert (facts["result"], facts["result_label"]) == ("valid", "校验通过：证明真实有效")
    assert facts["taxpayer_name"].startswith(person.name[0]) and "*" in facts["taxpayer_name"]
    assert facts["total_fen"] == payment["amount_fen"] and person.id_number not in r.text
    import hashlib

    assert facts["pdf_sha256"] == hashlib.sha256(pdf.content).hexdigest()


async def test_verification_tells_a_mistyped_code_an_unknown_one_and_a_wrong_captcha(client, services, wechat_sandbox,
                                                                                    upstream):  # type: ignore[no-untyped-def]
    headers, person, payment = await paid_and_posted(client, services, wechat_sandbox)
    made = (await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)).json()
    code = made["certificates"][0]["verification_code"]
    await drain()
    altered = code[:5] + str((int(code[5]) + 1) % 10) + code[6:]  # one digit changed: the check digit fails
    assert_error(await _verify(client, services, person.id_number, altered), 400, "certificate_code_invalid")
    assert_error(await _verify(client, services, person.id_number, "12345"), 400, "certificate_code_invalid")
    unknown = "100000000000000" + luhn.calc_check_digit("100000000000000")
    assert_error(await _verify(client, services, person.id_number, unknown), 404, "certificate_not_found")
    assert_error(await _verify(client, services, "110101199003074514", code), 404, "certificate_not_found")
    assert_error(await _verify(client, services, person.id_number, code, answer="0000x"), 400, "captcha_invalid")
    captcha_id, right = await _captcha(client, services)
    body = {"taxpayer_id": person.id_number, "verification_code": code, "captcha_id": captcha_id,
            "captcha_answer": right}
    assert (await client.post("/api/v1/certificate-verifications", json=body)).status_code == 200
    assert_error(await client.post("/api/v1/certificate-verifications", json=body), 400, "captcha_invalid")  # once
    assert (await _verify(client, services, person.id_number.lower(), code)).status_code == 200


async def test_full_width_captcha_answer_is_refused_not_a_500(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    captcha_id, _ = await _captcha(client, services)
    r = await client.post("/api/v1/certificate-verifications", json={
        "taxpayer_id": "420102199003150220", "verification_code": "1000000000000009", "captcha_id": captcha_id,
        "captcha_answer": "１２３４"})  # full-width digits, as a Chinese IME types them
    assert r.status_code == 400, r.text  # today: 500 (secrets.compare_digest refuses non-ASCII str)


@pytest.mark.skipif(not (TEST_DATABASE_URL and TEST_REDIS_URL), reason="the race needs Redis (MemoryStore is atomic)")
async def test_a_captcha_passes_once_even_when_sent_in_parallel(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers, person, payment = await paid_and_posted(client, services, wechat_sandbox)
    made = (await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)).json()
    code = made["certificates"][0]["verification_code"]
    captcha_id, answer = await _captcha(client, services)
    body = {"taxpayer_id": person.id_number, "verification_code": code, "captcha_id": captcha_id,
            "captcha_answer": answer}
    await asyncio.gather(*(client.get("/healthz") for _ in range(15)))  # 15 open connections, ready to go
    answers = await asyncio.gather(*(client.post("/api/v1/certificate-verifications", json=body)
                                     for _ in range(15)))
    passed = [r for r in answers if r.status_code == 200]
    # today: GET then DELETE (not GETDEL): several requests read the answer before any deletes it
    assert len(passed) == 1, [r.status_code for r in answers]


async def test_no_certificate_before_posting_nor_for_anothers_payment(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_pension")
    declaration = await declare(client, headers, options_for(services, "hubei", "resident_pension"))
    upstream.set_fault("post_payment", "down")
    payment = await paid_through_wechat(client, wechat_sandbox, headers, declaration["id"])
    assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers), 409,
                 "certificate_not_posted_yet")
    other, _ = await signed_in_person(client, wechat_sandbox, "hubei", "resident_medical")
    assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=other), 404,
                 "payment_not_found")
    assert not await Certificate.exists()


async def _family_payment(client, services, sandbox) -> int:  # type: ignore[no-untyped-def]
    """李建国 pays, in one payment, for himself, his wife 王秀兰 and his son 李晓明."""
    headers = await signed_in_as(client, sandbox, "李建国")
    ids = [(await declare(client, headers, options_for(services, "hubei", "resident_medical")))["id"]]
    for name in ("王秀兰", "李晓明"):
        saved = await add_saved(client, headers, payer_body(demo(name)))
        ids.append((await declare(client, headers, {**options_for(services, "hubei", "resident_medical"),
                                                    "saved_payer_id": saved["id"]}))["id"])
    r = await client.post("/api/v1/payments", json={"declaration_ids": ids, "channel": "wechat_pay"},
                          headers=headers)
    assert r.status_code == 200, r.text
    out_trade_no = r.json()["payment"]["out_trade_no"]
    sandbox.confirm_payment(out_trade_no)
    await sandbox.deliver_payment_notification(out_trade_no)
    return int(r.json()["payment"]["id"])


async def test_a_payer_in_a_family_payment_gets_only_their_own_certificate(client, services, wechat_sandbox,
                                                                         upstream):  # type: ignore[no-untyped-def]
    payment_id = await _family_payment(client, services, wechat_sandbox)
    wife = await signed_in_as(client, wechat_sandbox, "王秀兰")  # paid for: the payment is visible to her
    r = await client.post(f"/api/v1/payments/{payment_id}/certificates", headers=wife)
    assert r.status_code == 202, r.text
    names = {c["taxpayer_name"] for c in r.json()["certificates"]}
    son_pdfs = [c["pdf_url"] for c in (await client.get("/api/v1/certificates", headers=wife)).json()["certificates"]
                if c["taxpayer_name"] != "王秀兰"]
    downloaded = [(await client.get(url, headers=wife)).status_code for url in son_pdfs if url]
    # today: she is given 李建国's and 李晓明's certificates too (codes, amounts) and can download
    # their PDFs, which print their full id numbers
    assert 200 not in downloaded, downloaded
    assert names == {"王秀兰"}, names


async def test_the_user_who_paid_can_still_download_after_a_paid_for_payer_asked_first(client, services,
                                                                                       wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    payment_id = await _family_payment(client, services, wechat_sandbox)
    wife = await signed_in_as(client, wechat_sandbox, "王秀兰")
    assert (await client.post(f"/api/v1/payments/{payment_id}/certificates", headers=wife)).status_code == 202
    husband = await signed_in_as(client, wechat_sandbox, "李建国")  # the one who paid
    r = await client.post(f"/api/v1/payments/{payment_id}/certificates", headers=husband)
    assert r.status_code == 202, r.text
    for c in r.json()["certificates"]:
        shown = await client.get(f"/api/v1/certificates/{c['id']}", headers=husband)
        # today: the certificates were recorded as hers (user_id), so his own payment's are 404 to him
        assert shown.status_code == 200, (c["taxpayer_name"], shown.text)


async def test_guizhou_waits_three_working_days_after_treasury_entry(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    from app.payments.models import PaymentItem

    item = await PaymentItem.get(payment_id=payment["id"])
    assert item.posted_at is not None
    posted_on = item.posted_at.astimezone(ZoneInfo("Asia/Shanghai")).date()  # 入库 with the posting (sandbox)
    move_clock(datetime.combine(posted_on, datetime.min.time(), ZoneInfo("Asia/Shanghai")))
    r = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)
    error = assert_error(r, 409, "certificate_treasury_wait")
    assert "3个工作日" in error["message"]
    from app.workdays import add_working_days

    ready_on = add_working_days(posted_on, 3)
    move_clock(datetime.combine(add_working_days(posted_on, 2), datetime.min.time(),
                           ZoneInfo("Asia/Shanghai")))
    assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers), 409,
                 "certificate_treasury_wait")
    move_clock(datetime.combine(ready_on, datetime.min.time(), ZoneInfo("Asia/Shanghai")))
    assert (await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)).status_code == 202


async def test_hubei_gives_none_for_resident_records_on_or_before_its_cutoff(client, services, wechat_sandbox,
                                                                             upstream):  # type: ignore[no-untyped-def]
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox)
    shanghai = ZoneInfo("Asia/Shanghai")
    await Payment.filter(id=payment["id"]).update(paid_at=datetime(2021, 9, 15, 23, 0, tzinfo=shanghai))
    error = assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers), 409,
                         "certificate_before_cutoff")
    assert error["message"].startswith("2021年09月15日（含）之前")
    await Payment.filter(id=payment["id"]).update(paid_at=datetime(2021, 9, 16, 0, 30, tzinfo=shanghai))
    assert (await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)).status_code == 202


async def test_the_job_makes_a_certificate_once(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    from app.certificates.models import CertificateState

    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox)
    made = (await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)).json()
    certificate_id = made["certificates"][0]["id"]
    await Certificate.filter(id=certificate_id).update(state=CertificateState.MAKING, pdf=None, png=None)
    assert_error(await client.get(f"/api/v1/certificates/{certificate_id}/pdf", headers=headers), 409,
                 "certificate_still_making")
    assert_error(await client.get(f"/api/v1/certificates/{certificate_id}/image", headers=headers), 409,
                 "certificate_still_making")
    results = await asyncio.gather(*(certificates.make(services, certificate_id) for _ in range(3)))
    assert sorted(results) == [False, False, True]  # duplicate deliveries of the job change nothing
    first = (await Certificate.get(id=certificate_id)).pdf_sha256
    await drain()
    assert (await Certificate.get(id=certificate_id)).pdf_sha256 == first


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="SQLite ignores select_for_update: races are asserted on PostgreSQL")
async def test_parallel_requests_make_one_certificate(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox)
    answers = await asyncio.gather(*(client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)
                                     for _ in range(8)))
    assert {r.status_code for r in answers} == {202}
    assert len({r.json()["certificates"][0]["id"] for r in answers}) == 1
    assert await Certificate.all().count() == 1


async def test_a_certificate_whose_job_was_lost_is_made_when_asked_again(client, services, wechat_sandbox, upstream,
                                                                        monkeypatch):  # type: ignore[no-untyped-def]
    from app.certificates import services as certificates
    from app.identity.models import User
    from app.payments.models import Payment

    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox)
    user = await User.get(id=(await Payment.get(id=payment["id"])).user_id)

    async def queue_down(certificate_id: int) -> None:
        raise ConnectionError("the job queue is unreachable")  # after the row was committed

    monkeypatch.setattr(services.queue, "defer_certificate", queue_down)
    with pytest.raises(ConnectionError):
        await certificates.request_for_payment(services, user, payment["id"])
    monkeypatch.undo()

    r = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)  # the user asks again
    assert r.status_code == 202, r.text
    [made] = r.json()["certificates"]
    await drain()
    shown = (await client.get(f"/api/v1/certificates/{made['id']}", headers=headers)).json()["certificate"]
    # today: the standing row is returned as is, nothing defers its job again (and no sweep looks for
    # certificates left 正在制作): it never becomes 制作成功
    assert shown["state"] == "ready", shown["state"]


async def test_hubei_offers_the_document_style_beijing_only_the_table(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox)
    assert payment["certificate_available"] is True
    r = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers,
                          json={"style": "document"})
    assert r.status_code == 202, r.text
    certificate = await Certificate.get(id=r.json()["certificates"][0]["id"])
    assert certificate.style == "document" and certificate.pdf is not None
    import pypdfium2 as pdfium

    from pdfs.signing import _PDFIUM

    with _PDFIUM:  # PDFium: one caller at a time in a process
        document = pdfium.PdfDocument(bytes(certificate.pdf))
        try:
            text = document[0].get_textpage().get_text_range()
        finally:
            document.close()
    assert "文书式" in text and "特此证明" in text
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox, "beijing", "resident_medical")
    assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers,
                                   json={"style": "document"}), 400, "certificate_style_not_offered")


async def test_a_share_posting_later_supersedes_the_certificate_with_a_new_one(client, services, wechat_sandbox,
                                                                               upstream):  # type: ignore[no-untyped-def]
    headers, person = await signed_in_person(client, wechat_sandbox, "hubei", "resident_pension")
    declared = [await declare(client, headers, options_for(services, "hubei", kind))
                for kind in ("resident_pension", "resident_medical")]
    r = await client.post("/api/v1/payments", headers=headers,
                          json={"declaration_ids": [d["id"] for d in declared], "channel": "wechat_pay"})
    payment = r.json()["payment"]
    upstream.set_fault("post_payment", "down", department="healthcare_security")  # medical waits
    wechat_sandbox.confirm_payment(payment["out_trade_no"])
    await wechat_sandbox.deliver_payment_notification(payment["out_trade_no"])
    r = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)
    [first] = r.json()["certificates"]
    assert len(first["lines"]) == 1 and first["total_fen"] == declared[0]["amount_due_fen"]

    upstream.clear_faults()
    await services.queue.defer_posting(payment["id"])
    await drain()  # medical posts; the certificate of one share is superseded by one of both
    old = await Certificate.get(id=first["id"])
    assert old.state.value == "superseded" and old.superseded_by_id is not None
    new = await Certificate.get(id=old.superseded_by_id)
    assert new.state.value == "ready" and len(new.lines) == 2
    assert new.total_fen == sum(d["amount_due_fen"] for d in declared)
    r = await _verify(client, services, person.id_number, old.verification_code)
    assert r.status_code == 200 and r.json()["result"] == "superseded"
    r = await _verify(client, services, person.id_number, new.verification_code)
    assert r.status_code == 200 and r.json()["result"] == "valid"
    again = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)
    assert [c["id"] for c in again.json()["certificates"]] == [new.id]  # the standing one
    await services.queue.defer_posting(payment["id"])
    await drain()
    assert await Certificate.all().count() == 2  # nothing changed: nothing reissued


async def test_a_treasury_query_outage_does_not_void_a_standing_certificate(client, services, wechat_sandbox,
                                                                           upstream):  # type: ignore[no-untyped-def]
    headers, person, payment = await paid_and_posted(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    item = await PaymentItem.get(payment_id=payment["id"])
    ready = add_working_days(item.posted_at.astimezone(SHANGHAI).date(), 3)
    move_clock(datetime.combine(ready, datetime.min.time(), SHANGHAI))
    r = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)
    assert r.status_code == 202, r.text
    [made] = r.json()["certificates"]
    assert (await Certificate.get(id=made["id"])).state == CertificateState.READY

    upstream.set_fault("query_treasury_entry", "down")  # a moment's outage at the tax system
    await services.queue.defer_posting(payment["id"])  # any later run of the posting (or refund) job
    await drain()
    certificate = await Certificate.get(id=made["id"])
    # today: superseded (active_key cleared) with no replacement, though nothing paid changed
    assert certificate.state == CertificateState.READY, (certificate.state, certificate.superseded_by_id)


async def test_guizhou_queries_by_period_with_a_captcha(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    from app.payments.models import PaymentItem
    from app.workdays import add_working_days

    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    item = await PaymentItem.get(payment_id=payment["id"])
    posted_on = item.posted_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
    body = {"period_from": "202601", "period_to": "202612"}
    assert_error(await client.post("/api/v1/certificate-queries", headers=headers, json=body), 400,
                 "captcha_invalid")
    captcha_id, answer = await _captcha(client, services)
    r = await client.post("/api/v1/certificate-queries", headers=headers,
                          json={**body, "captcha_id": captcha_id, "captcha_answer": answer})
    assert_error(r, 404, "certificate_nothing_in_periods")  # not 3 working days after treasury entry yet
    ready = add_working_days(posted_on, 3)
    move_clock(datetime.combine(ready, datetime.min.time(), ZoneInfo("Asia/Shanghai")))
    captcha_id, answer = await _captcha(client, services)
    r = await client.post("/api/v1/certificate-queries", headers=headers,
                          json={**body, "captcha_id": captcha_id, "captcha_answer": answer})
    assert r.status_code == 202, r.text
    assert [c["payment_id"] for c in r.json()["certificates"]] == [payment["id"]]
    captcha_id, answer = await _captcha(client, services)
    r = await client.post("/api/v1/certificate-queries", headers=headers, json={
        "period_from": "202501", "period_to": "202512", "captcha_id": captcha_id, "captcha_answer": answer})
    assert_error(r, 404, "certificate_nothing_in_periods")
    captcha_id, answer = await _captcha(client, services)
    r = await client.post("/api/v1/certificate-queries", headers=headers, json={
        "period_from": "202612", "period_to": "202601", "captcha_id": captcha_id, "captcha_answer": answer})
    assert_error(r, 400, "period_range_invalid")
    listed = await client.get("/api/v1/certificates", headers=headers, params={"from": ready.isoformat()})
    assert listed.status_code == 200
    assert (await client.get("/api/v1/certificates", headers=headers, params={"to": "2020-01-01"})).json() == {
        "certificates": []}


async def test_full_width_captcha_answer_in_the_guizhou_query_is_refused_not_a_500(client, services, wechat_sandbox,
                                                                                  upstream):  # type: ignore[no-untyped-def]
    headers, _ = await signed_in_person(client, wechat_sandbox, "guizhou", "flexible_pension")
    captcha_id, _ = await _captcha(client, services)
    r = await client.post("/api/v1/certificate-queries", headers=headers, json={
        "period_from": "202601", "period_to": "202612", "captcha_id": captcha_id, "captcha_answer": "１２３４"})
    assert r.status_code == 400, r.text  # today: 500


async def test_the_public_page_the_qr_code_leads_to(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    import re

    headers, person, payment = await paid_and_posted(client, services, wechat_sandbox)
    made = (await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)).json()
    code = made["certificates"][0]["verification_code"]
    page = await client.get("/certificates/verify", params={"code": code})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert f'value="{code}"' in page.text and "data:image/png;base64," in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    captcha_id = re.search(r'name="captcha_id" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    answer = await services.kv.get(f"captcha:{captcha_id}")
    form = {"taxpayer_id": person.id_number, "verification_code": code, "captcha_id": captcha_id, "captcha": "x"}
    wrong = await client.post("/certificates/verify", data=form)
    assert wrong.status_code == 400 and "验证码错误或已过期" in wrong.text and "captcha_invalid" in wrong.text
    captcha_id = re.search(r'name="captcha_id" value="([^"]+)"', wrong.text).group(1)  # type: ignore[union-attr]
    answer = await services.kv.get(f"captcha:{captcha_id}")
    right = await client.post("/certificates/verify", data={**form, "captcha_id": captcha_id, "captcha": answer})
    assert right.status_code == 200 and "校验通过：证明真实有效" in right.text
    assert person.id_number not in right.text and made["certificates"][0]["certificate_no"] in right.text
    for hostile in ("<script>", "\x00", "9" * 40):
        r = await client.post("/certificates/verify", data={**form, "verification_code": hostile})
        assert r.status_code in (400, 404) and "<script>" not in r.text
    assert (await client.get("/certificates/verify", params={"code": "<x>"})).status_code == 200


async def test_full_width_captcha_answer_on_the_public_page_is_refused_not_a_500(client, services, wechat_sandbox,
                                                                                upstream):  # type: ignore[no-untyped-def]
    page = await client.get("/certificates/verify")
    captcha_id = re.search(r'name="captcha_id" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = await client.post("/certificates/verify", data={
        "taxpayer_id": "420102199003150220", "verification_code": "1000000000000009", "captcha_id": captcha_id,
        "captcha": "１２３４"})
    assert r.status_code == 400, r.text[:300]  # today: 500


async def test_the_public_page_does_not_mint_captchas_past_the_rate_limit(client, services, wechat_sandbox,
                                                                          upstream):  # type: ignore[no-untyped-def]
    limit = services.settings.captcha_rate_per_minute
    minted = set()
    for _ in range(limit + 10):
        page = await client.get("/certificates/verify")
        found = re.search(r'name="captcha_id" value="([^"]+)"', page.text)
        if page.status_code == 200 and found and await services.kv.get(f"captcha:{found.group(1)}"):
            minted.add(found.group(1))
    # today: every GET stores a fresh 5-minute captcha, unlimited (POST /api/v1/captchas stops at 30/min)
    assert len(minted) <= limit, len(minted)


async def test_guizhou_asks_upstream_whether_the_money_entered_the_treasury(client, services, wechat_sandbox,
                                                                           upstream):  # type: ignore[no-untyped-def]
    from datetime import date

    from app.payments.models import PaymentItem
    from app.workdays import add_working_days

    upstream.auto_treasury = False  # posted, but not 入库 yet
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    item = await PaymentItem.get(payment_id=payment["id"])
    move_clock(datetime(2026, 12, 31, 12, tzinfo=ZoneInfo("Asia/Shanghai")))  # long after posting
    assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers), 409,
                 "certificate_treasury_wait")
    upstream.set_fault("query_treasury_entry", "down")
    error = assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers),
                         409, "certificate_treasury_wait")
    assert "暂时无法确认" in error["message"]
    upstream.clear_faults()
    upstream.enter_treasury(item.posting_no, on=date(2026, 12, 29))
    assert add_working_days(date(2026, 12, 29), 3) > date(2026, 12, 31)
    error = assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers), 409,
                         "certificate_treasury_wait")  # entered, but not 3 working days ago
    assert "2026年12月29日缴入国库" in error["message"] and error["data"]["ready_on"] == "2027-01-04"
    upstream.set_fault("query_treasury_entry", "down")  # the entry's day, once known, is kept: no need to ask
    assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers), 409,
                 "certificate_treasury_wait")
    upstream.clear_faults()
    move_clock(datetime.combine(add_working_days(date(2026, 12, 29), 3), datetime.min.time(),
                           ZoneInfo("Asia/Shanghai")))
    assert (await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)).status_code == 202


async def test_a_record_paid_at_a_bank_counter_gets_its_certificate_from_the_records(client, services,
                                                                                    wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    import dataclasses
    from datetime import date

    from sandboxes.upstream.demo_data import HistoryRecord
    from tests.api.payer_steps import demo, signed_in_as

    person = demo("张敏")
    upstream.add_person(dataclasses.replace(person, history=(
        *person.history,
        HistoryRecord("hubei", "resident_medical", "202101", "202112", 28000, date(2021, 9, 15), "银行柜面",
                      "DZ4220210915000001"),
        HistoryRecord("hubei", "resident_medical", "202701", "202712", 40000, date(2026, 11, 23), "银行批扣",
                      "DZ4220261123000009"))))
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    records = (await client.get("/api/v1/payments", headers=headers,
                                params={"period_from": "202401", "period_to": "202712"})).json()
    receipts = {r["receipt_no"] for r in records["other_channel_records"]}
    assert "DZ4220241120000017" in receipts
    r = await client.post("/api/v1/record-certificates", headers=headers, json={"receipt_no": "DZ4220241120000017"})
    assert r.status_code == 202, r.text
    [made] = r.json()["certificates"]
    assert (made["payment_id"], made["receipt_no"], made["total_fen"]) == (None, "DZ4220241120000017", 38000)
    assert made["lines"][0]["voucher_no"] == "DZ4220241120000017" and made["state"] == "making"
    shown = (await client.get(f"/api/v1/certificates/{made['id']}", headers=headers)).json()["certificate"]
    assert shown["state"] == "ready" and shown["image_url"]
    again = await client.post("/api/v1/record-certificates", headers=headers, json={"receipt_no": "DZ4220241120000017"})
    assert again.json()["certificates"][0]["id"] == made["id"]
    error = assert_error(await client.post("/api/v1/record-certificates", headers=headers,
                                           json={"receipt_no": "DZ4220210915000001"}), 409, "certificate_before_cutoff")
    assert error["message"].startswith("2021年09月15日（含）之前")
    assert_error(await client.post("/api/v1/record-certificates", headers=headers,
                                   json={"receipt_no": "DZ4220261123000009"}), 409,
                 "certificate_after_daily_reconciliation")  # a batch debit of today: after the daily reconciliation
    assert_error(await client.post("/api/v1/record-certificates", headers=headers, json={"receipt_no": "DZ0"}), 404,
                 "paid_record_not_found")
    other = await signed_in_as(client, wechat_sandbox, "李建国")  # another person's receipt is not found
    assert_error(await client.post("/api/v1/record-certificates", headers=other,
                                   json={"receipt_no": "DZ4220241120000017"}), 404, "paid_record_not_found")
    r = await _verify(client, services, person.id_number, made["verification_code"])
    assert r.status_code == 200 and r.json()["result"] == "valid"
