"""Issue 16, 1–4 over HTTP: each style is its own document; the payment and the records say when a
certificate may be asked for (Guizhou: 3 working days from the day upstream gives for 入库); by
period covers records of every channel; each region's name for the document and its issuing
district office, on the PDF and on the verification page the QR code leads to."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from datetime import date, datetime
from typing import Any

import pypdfium2 as pdfium
import pytest

from app.certificates.jobs import verify_url
from app.certificates.models import Certificate
from app.clock import SHANGHAI
from app.payments.models import PaymentItem
from app.tasks import SWEEPS
from app.workdays import add_working_days
from pdfs.signing import _PDFIUM
from sandboxes.upstream.demo_data import HistoryRecord
from tests.api.payer_steps import assert_error, demo, signed_in_as
from tests.api.support import paid_and_posted
from tests.conftest import TEST_DATABASE_URL, TODAY, drain, move_clock


def _on(services: Any, day: date) -> None:
    """The service's clock at the start of `day` (one place to change when the clock moves otherwise)."""
    move_clock(datetime.combine(day, datetime.min.time(), SHANGHAI))


def _text(pdf: bytes) -> str:
    with _PDFIUM:  # PDFium: one caller at a time in a process
        document = pdfium.PdfDocument(pdf)
        try:
            return "".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()


def _created(pdf: bytes) -> str:
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            return str(document.get_metadata_dict()["CreationDate"])
        finally:
            document.close()


async def _verify(client, services, taxpayer_id: str, code: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    r = await client.post("/api/v1/captchas")
    captcha_id = r.json()["captcha_id"]
    r = await client.post("/api/v1/certificate-verifications", json={
        "taxpayer_id": taxpayer_id, "verification_code": code, "captcha_id": captcha_id,
        "captcha_answer": await services.kv.get(f"captcha:{captcha_id}")})
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def _ask(client, headers, payment_id: int, style: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    r = await client.post(f"/api/v1/payments/{payment_id}/certificates", headers=headers, json={"style": style})
    assert r.status_code == 202, r.text
    [made] = r.json()["certificates"]
    return made  # type: ignore[no-any-return]


async def test_each_style_is_its_own_document_in_either_order(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    for first, second, kind in (("table", "document", "resident_medical"), ("document", "table", "resident_pension")):
        headers, person, payment = await paid_and_posted(client, services, wechat_sandbox, "hubei", kind)
        one = await _ask(client, headers, payment["id"], first)
        other = await _ask(client, headers, payment["id"], second)
        # today: the second style answers the first certificate (same id, same number, same code)
        assert other["id"] != one["id"], (first, second)
        assert other["certificate_no"] != one["certificate_no"]
        assert other["verification_code"] != one["verification_code"]
        assert (one["style"], other["style"]) == (first, second)
        assert {one["style_label"], other["style_label"]} == {"表格式", "文书式"}
        again = await _ask(client, headers, payment["id"], second)
        assert again["id"] == other["id"]  # asked again: the standing one of that style
        await drain()
        listed = (await client.get("/api/v1/certificates", headers=headers)).json()["certificates"]
        assert sorted(c["id"] for c in listed) == sorted([one["id"], other["id"]])  # 记录下载 lists both
        assert {c["state"] for c in listed} == {"ready"}
        for made in (one, other):
            facts = await _verify(client, services, person.id_number, made["verification_code"])
            assert facts["result"] == "valid" and facts["certificate_no"] == made["certificate_no"]
        document = await Certificate.get(id=one["id"] if first == "document" else other["id"])
        assert "（文书式）" in _text(bytes(document.pdf))


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="SQLite ignores select_for_update: races are asserted on PostgreSQL")
async def test_both_styles_asked_in_parallel_make_one_of_each(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox)
    answers = await asyncio.gather(*(client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers,
                                                 json={"style": style}) for style in ("table", "document") * 4))
    assert {r.status_code for r in answers} == {202}, [r.text for r in answers]
    ids = {(r.json()["certificates"][0]["style"], r.json()["certificates"][0]["id"]) for r in answers}
    assert sorted(style for style, _ in ids) == ["document", "table"]  # one of each, whoever asked first
    assert await Certificate.filter(payment_id=payment["id"]).count() == 2


async def test_a_record_gets_one_certificate_per_style_too(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    answers = [await client.post("/api/v1/record-certificates", headers=headers,
                                 json={"receipt_no": "DZ4220241120000017", "style": style})
               for style in ("table", "document", "document")]
    assert [r.status_code for r in answers] == [202, 202, 202], [r.text for r in answers]
    ids = [r.json()["certificates"][0]["id"] for r in answers]
    assert ids[0] != ids[1] and ids[1] == ids[2]
    assert [r.json()["certificates"][0]["style"] for r in answers] == ["table", "document", "document"]


async def test_guizhou_says_on_the_payment_when_its_certificate_may_be_asked_for(client, services, wechat_sandbox,
                                                                                upstream):  # type: ignore[no-untyped-def]
    upstream.auto_treasury = False  # posted, not 入库 yet
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    # today: certificate_available true, then asking answers 409 certificate_treasury_wait
    assert payment["certificate_available"] is False, payment
    assert payment["certificate_reason_code"] == "certificate_treasury_wait"
    assert payment["certificate_ready_on"] is None and "缴入国库" in payment["certificate_reason"]

    item = await PaymentItem.get(payment_id=payment["id"])
    upstream.enter_treasury(item.posting_no, on=date(2026, 12, 1))  # a Tuesday
    ready_on = add_working_days(date(2026, 12, 1), 3)
    assert ready_on == date(2026, 12, 4)  # Friday: 3 working days from the entry, not from the posting
    _on(services, date(2026, 12, 3))
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert (shown["certificate_available"], shown["certificate_ready_on"]) == (False, "2026-12-04"), shown
    assert "2026年12月01日" in shown["certificate_reason"] and "2026年12月04日" in shown["certificate_reason"]
    error = assert_error(await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers), 409,
                         "certificate_treasury_wait")
    assert error["message"] == shown["certificate_reason"]  # the payment says what asking answers
    listed = (await client.get("/api/v1/payments", headers=headers,
                               params={"period_from": "202601", "period_to": "202612"})).json()["payments"]
    assert [(p["certificate_available"], p["certificate_ready_on"]) for p in listed] == [(False, "2026-12-04")]

    _on(services, ready_on)
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert (shown["certificate_available"], shown["certificate_ready_on"], shown["certificate_reason"]) == (
        True, None, None)
    r = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)
    assert r.status_code == 202, r.text
    [made] = r.json()["certificates"]
    assert made["lines"][0]["posted_on"] == "2026-12-01"  # 入（退）库日期: the day upstream gives for 入库
    await services.queue.defer_posting(payment["id"])  # the posting job again: nothing paid changed
    await drain()
    assert await Certificate.filter(payment_id=payment["id"]).count() == 1


async def test_a_page_of_payments_does_not_ask_upstream_on_every_view(client, services, wechat_sandbox,
                                                                       upstream):  # type: ignore[no-untyped-def]
    """The payments page says for each payment whether its certificate may be asked for; in Guizhou
    that needs upstream's 入库 day, and "not yet" once made every view ask upstream again for every
    share on the page (the page ran at 0.06 of its floor). A page now takes upstream's last answer
    for a while; opening the payment, or asking for the certificate, asks afresh (and the page
    then shows that)."""
    upstream.auto_treasury = False  # posted, not 入库 yet
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    params = {"period_from": "202601", "period_to": "202612"}
    (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).raise_for_status()
    asked = upstream.calls["query_treasury_entry"]
    for _ in range(3):
        listed = (await client.get("/api/v1/payments", headers=headers, params=params)).json()["payments"]
        assert [(p["certificate_available"], p["certificate_reason_code"]) for p in listed] == [
            (False, "certificate_treasury_wait")]
    assert upstream.calls["query_treasury_entry"] == asked  # the page took the payment's answer

    item = await PaymentItem.get(payment_id=payment["id"])
    upstream.enter_treasury(item.posting_no, on=date(2026, 12, 1))
    _on(services, date(2026, 12, 3))
    shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
    assert (shown["certificate_available"], shown["certificate_ready_on"]) == (False, "2026-12-04")  # asked afresh
    assert upstream.calls["query_treasury_entry"] == asked + 1
    listed = (await client.get("/api/v1/payments", headers=headers, params=params)).json()["payments"]
    assert [(p["certificate_available"], p["certificate_ready_on"]) for p in listed] == [(False, "2026-12-04")]
    assert upstream.calls["query_treasury_entry"] == asked + 1  # the day, once known, is kept


async def test_guizhou_by_period_covers_records_of_every_channel(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    person = demo("吴强")
    upstream.add_person(dataclasses.replace(person, history=(*person.history, HistoryRecord(
        "guizhou", "flexible_pension", "202607", "202609", 150_000, date(2026, 10, 15), "银行柜面",
        "DZ5220261015000031"))))
    headers = await signed_in_as(client, wechat_sandbox, "吴强")
    records = (await client.get("/api/v1/payments", headers=headers,
                                params={"period_from": "202601", "period_to": "202612"})).json()
    [record] = [r for r in records["other_channel_records"] if r["receipt_no"] == "DZ5220261015000031"]
    assert record["certificate_available"] is True and record["certificate_reason"] is None
    r = await client.post("/api/v1/captchas")
    captcha_id = r.json()["captcha_id"]
    r = await client.post("/api/v1/certificate-queries", headers=headers, json={
        "period_from": "202601", "period_to": "202612", "captcha_id": captcha_id,
        "captcha_answer": await services.kv.get(f"captcha:{captcha_id}")})
    # today: 404 certificate_nothing_in_periods, though record-certificates certifies the record
    assert r.status_code == 202, r.text
    assert [(c["receipt_no"], c["total_fen"]) for c in r.json()["certificates"]] == [("DZ5220261015000031", 150_000)]
    same = await client.post("/api/v1/record-certificates", headers=headers,
                             json={"receipt_no": "DZ5220261015000031"})
    assert same.json()["certificates"][0]["id"] == r.json()["certificates"][0]["id"]  # one document, not two


async def test_a_record_too_recent_says_so_on_the_records(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    person = demo("吴强")
    upstream.add_person(dataclasses.replace(person, history=(*person.history, HistoryRecord(
        "guizhou", "flexible_pension", "202610", "202610", 50_000, date(2026, 12, 1), "银行柜面",
        "DZ5220261201000031"))))
    headers = await signed_in_as(client, wechat_sandbox, "吴强")
    _on(services, date(2026, 12, 2))
    records = (await client.get("/api/v1/payments", headers=headers,
                                params={"period_from": "202601", "period_to": "202612"})).json()
    [record] = [r for r in records["other_channel_records"] if r["receipt_no"] == "DZ5220261201000031"]
    assert (record["certificate_available"], record["certificate_ready_on"]) == (False, "2026-12-04")
    assert record["certificate_reason_code"] == "certificate_treasury_wait"


async def test_each_region_names_its_document_and_the_district_office_issues_it(client, services, wechat_sandbox,
                                                                               upstream):  # type: ignore[no-untyped-def]
    expected = {"hubei": ("税收完税证明", "国家税务总局武汉市江岸区税务局", "resident_medical"),
                "beijing": ("社会保险费缴费证明", "国家税务总局北京市东城区税务局", "resident_medical"),
                "guizhou": ("社会保险费缴费证明", "国家税务总局贵阳市南明区税务局", "flexible_pension")}
    assert {r: services.profile(r).certificate.document_name for r in expected} == {
        r: name for r, (name, _, _) in expected.items()}
    for region, (name, office, kind) in expected.items():
        move_clock(TODAY)
        headers, person, payment = await paid_and_posted(client, services, wechat_sandbox, region, kind)
        _on(services, date(2026, 12, 31))  # Guizhou's 3 working days after 入库 over
        made = await _ask(client, headers, payment["id"], "table")
        assert (made["title"], made["tax_bureau"]) == (name, office), region
        await drain()
        certificate = await Certificate.get(id=made["id"])
        text = _text(bytes(certificate.pdf)).replace("\r\n", "")
        issued = certificate.created_at.astimezone(SHANGHAI)
        assert _created(bytes(certificate.pdf)) == f"D:{issued:%Y%m%d%H%M%S}+08'00'"  # signed, it says when issued
        assert name in text and office in text, region
        # today: Beijing's PDF says 完税证明 and the provincial bureau issues every certificate
        if name != "税收完税证明":
            assert "完税证明" not in text, region
        assert services.profile(region).tax_bureau not in text, region
        facts = await _verify(client, services, person.id_number, made["verification_code"])
        assert (facts["title"], facts["tax_bureau"]) == (name, office)
        # the QR code leads to the region's page, titled with the region's name
        assert f"/certificates/verify/{region}?code={made['verification_code']}" in verify_url(services, certificate)
        menus = (await client.get(f"/api/v1/regions/{region}/menus")).json()["certificate"]
        assert (menus["document_name"], menus["verify_url"]) == (name, f"/certificates/verify/{region}")
        page = await client.get(f"/certificates/verify/{region}", params={"code": made["verification_code"]})
        assert page.status_code == 200
        assert re.search(r"<h1>(.*?)</h1>", page.text).group(1) == f"{name}查验"  # type: ignore[union-attr]
        captcha_id = re.search(r'name="captcha_id" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        assert f'action="/certificates/verify/{region}"' in page.text
        answer = await services.kv.get(f"captcha:{captcha_id}")
        shown = await client.post(f"/certificates/verify/{region}", data={
            "taxpayer_id": person.id_number, "verification_code": made["verification_code"],
            "captcha_id": captcha_id, "captcha": answer})
        assert shown.status_code == 200 and "校验通过" in shown.text
        assert f"<h1>{name}查验结果</h1>" in shown.text and office in shown.text
    assert (await client.get("/certificates/verify/atlantis")).status_code == 404


async def test_a_record_is_issued_by_the_office_upstream_names(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    headers = await signed_in_as(client, wechat_sandbox, "张敏")
    r = await client.post("/api/v1/record-certificates", headers=headers, json={"receipt_no": "DZ4220241120000017"})
    assert r.status_code == 202, r.text
    assert r.json()["certificates"][0]["tax_bureau"] == "国家税务总局武汉市江岸区税务局"
    assert r.json()["certificates"][0]["title"] == "税收完税证明"


async def test_the_treasury_sweep_learns_each_shares_day_and_pages_ask_upstream_nothing(
        client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    """A page of Guizhou payments reads each share's 入库 day from the share and asks upstream
    nothing, on a payer's first view too (asking for every share on every view ran the page at
    0.06 of its floor). The treasury sweep asks upstream about shares whose day is not known (once
    an hour each, only where the region waits for the treasury) and keeps the day given; a page
    then shows from when a certificate may be asked for."""
    upstream.auto_treasury = False  # posted, not 入库 yet
    headers, _, payment = await paid_and_posted(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    await paid_and_posted(client, services, wechat_sandbox, "hubei", "resident_medical")  # Hubei waits for no treasury
    item = await PaymentItem.get(payment_id=payment["id"])
    params = {"period_from": "202601", "period_to": "202612"}

    async def page() -> list[tuple[Any, ...]]:
        listed = (await client.get("/api/v1/payments", headers=headers, params=params)).json()["payments"]
        return [(p["certificate_available"], p["certificate_reason_code"], p["certificate_ready_on"]) for p in listed]

    asked = upstream.calls["query_treasury_entry"]
    for _ in range(3):
        assert await page() == [(False, "certificate_treasury_wait", None)]
    assert upstream.calls["query_treasury_entry"] == asked  # the first view too

    sweep = SWEEPS["treasury_entries"].work
    assert await sweep(services) == 0  # not in the treasury yet
    assert upstream.calls["query_treasury_entry"] == asked + 1  # the Guizhou share only
    assert await sweep(services) == 0
    assert upstream.calls["query_treasury_entry"] == asked + 1  # not again within the hour

    upstream.enter_treasury(item.posting_no, on=date(2026, 12, 1))
    _on(services, date(2026, 12, 3))
    upstream.set_fault("query_treasury_entry", "down")
    assert await sweep(services) == 0  # upstream down: the share waits for the next run, nothing kept
    assert (await PaymentItem.get(id=item.id)).treasury_entered_on is None
    upstream.clear_faults()
    move_clock(datetime(2026, 12, 3, 2, 0, tzinfo=SHANGHAI))  # an hour on: asked again
    assert await sweep(services) == 1
    assert (await PaymentItem.get(id=item.id)).treasury_entered_on == date(2026, 12, 1)
    calls = upstream.calls["query_treasury_entry"]
    assert await page() == [(False, "certificate_treasury_wait", "2026-12-04")]
    move_clock(datetime(2026, 12, 3, 4, 0, tzinfo=SHANGHAI))
    assert await sweep(services) == 0  # known: never asked again
    _on(services, date(2026, 12, 4))
    assert await page() == [(True, None, None)]
    assert upstream.calls["query_treasury_entry"] == calls


async def test_the_treasury_sweep_asks_a_few_at_once_each_share_once(client, services, wechat_sandbox, upstream,
                                                                     monkeypatch):  # type: ignore[no-untyped-def]
    """Twenty posted shares whose 入库 day is not known: the sweep asks upstream about each once, a
    few at a time; two sweeps at once (a duplicate delivery) keep one day per share."""
    from app.certificates.services import TREASURY_ASKS_AT_ONCE
    from app.payments.models import Payment, PostingState
    from app.upstream.interfaces import TreasuryEntry

    upstream.auto_treasury = False  # posted, not 入库 yet
    _, _, paid = await paid_and_posted(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    first = await PaymentItem.get(payment_id=paid["id"])
    template = await Payment.get(id=paid["id"])
    for k in range(19):
        payment = await Payment.create(out_trade_no=f"SBPATONCE{k:04d}", region="guizhou", channel="wechat_pay",
                                       amount_fen=100, description="x", state="paid", payer_ref="o",
                                       user_id=template.user_id, paid_at=template.paid_at)
        await PaymentItem.create(payment=payment, declaration_id=first.declaration_id, amount_fen=100,
                                 posting_no=f"SBR-AT-ONCE-{k:04d}", posting_state=PostingState.POSTED,
                                 posted_at=first.posted_at)
    in_flight, most, asked = 0, 0, []

    async def query_treasury_entry(posting_no: str) -> TreasuryEntry:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        asked.append(posting_no)
        day = date(2026, 11, 30) if posting_no == first.posting_no else date(2026, 12, 1)
        return TreasuryEntry(posting_no=posting_no, entered=True, entered_on=day)

    monkeypatch.setattr(services.upstream, "query_treasury_entry", query_treasury_entry)
    sweep = SWEEPS["treasury_entries"].work
    learned = await asyncio.gather(sweep(services), sweep(services))
    assert sum(learned) in range(20, 41)  # each run keeps what it was told; the first answer stands
    assert sorted(set(asked)) == sorted([first.posting_no, *(f"SBR-AT-ONCE-{k:04d}" for k in range(19))])
    assert 1 < most <= 2 * TREASURY_ASKS_AT_ONCE  # a few at a time per run (one after another: 1)
    days = dict(await PaymentItem.filter(posted_at=first.posted_at).values_list("posting_no", "treasury_entered_on"))
    assert days == {first.posting_no: date(2026, 11, 30), **{f"SBR-AT-ONCE-{k:04d}": date(2026, 12, 1)
                                                              for k in range(19)}}
    asked.clear()
    move_clock(datetime(2026, 12, 3, 2, 0, tzinfo=SHANGHAI))
    assert await sweep(services) == 0 and asked == []  # known: not asked again


async def test_an_operator_sees_the_day_a_share_entered_the_treasury(server, client, services, wechat_sandbox,
                                                                       upstream):  # type: ignore[no-untyped-def]
    """A payer asks why no certificate yet: the dashboard's payment page says the 入库 day once the
    sweep has learned it (the wait runs 3 working days from it)."""
    from tests.api import dashboard_steps as steps

    upstream.auto_treasury = False
    _, _, payment = await paid_and_posted(client, services, wechat_sandbox, "guizhou", "flexible_pension")
    item = await PaymentItem.get(payment_id=payment["id"])
    viewer = await steps.staff(server, "vera", "viewer")
    try:
        page = (await viewer.get(f"/dashboard/payments/{payment['id']}")).text
        assert item.posting_no in page and "入库" not in page
        upstream.enter_treasury(item.posting_no, on=date(2026, 11, 24))
        assert await SWEEPS["treasury_entries"].work(services) == 1
        page = (await viewer.get(f"/dashboard/payments/{payment['id']}")).text
        assert "入库 2026-11-24" in page
    finally:
        await steps.close_all()

