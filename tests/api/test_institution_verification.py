"""Machine verification for institutions (a bank, an employer): the certificate PDF, or its code
and the file's SHA-256, checked with an API key and no captcha; the key hashed, rate-limited per
key, revocable at once; every check audited; the public page still asks for its captcha."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
from stdnum import luhn

from app.institutions import InstitutionKey, issue_key, revoke_key
from app.operations.models import AuditEntry
from tests.api.payer_steps import assert_error
from tests.api.support import paid_and_posted
from tests.conftest import drain

URL = "/api/v1/institutions/certificate-verifications"
UNKNOWN_CODE = "481730592614805" + luhn.calc_check_digit("481730592614805")  # well formed, issued to no one


async def _certificate(client: httpx.AsyncClient, services: Any, sandbox: Any) -> tuple[dict[str, Any], bytes]:
    headers, _, payment = await paid_and_posted(client, services, sandbox)
    r = await client.post(f"/api/v1/payments/{payment['id']}/certificates", headers=headers)
    assert r.status_code == 202, r.text
    await drain()  # the job renders and signs it (PAdES B-LTA, at the sandbox authority)
    made = (await client.get(f"/api/v1/certificates/{r.json()['certificates'][0]['id']}", headers=headers)).json()
    pdf = await client.get(made["certificate"]["pdf_url"], headers=headers)
    assert pdf.status_code == 200
    return made["certificate"], pdf.content


def _key(plaintext: str) -> dict[str, str]:
    return {"Authorization": f"ApiKey {plaintext}"}


async def _send_pdf(client: httpx.AsyncClient, key: str, pdf: bytes) -> httpx.Response:
    return await client.post(URL, content=pdf, headers={**_key(key), "Content-Type": "application/pdf"})


async def test_an_institution_checks_a_certificate_without_a_captcha(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    certificate, pdf = await _certificate(client, services, wechat_sandbox)
    key, plaintext = await issue_key("某银行股份有限公司武汉分行", issued_by="test")
    stored = await InstitutionKey.get(id=key.id)
    assert plaintext not in str(stored.secret_sha256) and stored.secret_sha256 == hashlib.sha256(
        plaintext.encode()).hexdigest()  # only its hash is kept

    r = await _send_pdf(client, plaintext, pdf)  # the PDF itself
    assert r.status_code == 200, r.text
    seen = r.json()
    assert (seen["sha256"], seen["result"]) == (hashlib.sha256(pdf).hexdigest(), "valid")
    assert seen["certificate"]["certificate_no"] == certificate["certificate_no"]
    assert seen["certificate"]["verification_code"] == certificate["verification_code"]
    assert "*" in seen["certificate"]["taxpayer_name"]
    signature = seen["signature"]
    assert (signature["level"], signature["intact"], signature["trusted"]) == ("B-LTA", True, True)
    assert "国家税务总局" in signature["signer"] and signature["signed_at"] and signature["archived_at"]

    r = await client.post(URL, json={"verification_code": certificate["verification_code"],
                                     "sha256": hashlib.sha256(pdf).hexdigest().upper()}, headers=_key(plaintext))
    assert r.status_code == 200, r.text  # the code printed on it and the file's hash
    assert (r.json()["result"], r.json()["certificate"]["certificate_no"]) == ("valid", certificate["certificate_no"])

    at = pdf.index(b"/Title") + 9
    changed = pdf[:at] + bytes([pdf[at] ^ 1]) + pdf[at + 1:]
    r = await _send_pdf(client, plaintext, changed)  # one byte changed
    assert r.status_code == 200, r.text
    assert (r.json()["result"], r.json()["certificate"], r.json()["signature"]["intact"]) == (
        "unknown_document", None, False)

    r = await client.post(URL, json={"verification_code": certificate["verification_code"],
                                     "sha256": hashlib.sha256(changed).hexdigest()}, headers=_key(plaintext))
    assert (r.json()["result"], r.json()["certificate"], r.json()["signature"]) == ("mismatch", None, None)

    checks = await AuditEntry.filter(action="certificate_check", operator=f"inst:{key.key_id}").order_by("id")
    assert [c.data["result"] for c in checks] == ["valid", "valid", "unknown_document", "mismatch"]
    assert checks[0].target_id == certificate["certificate_no"] and checks[0].data["institution"] == key.name
    assert await AuditEntry.exists(action="institution_key_issue", target_id=key.key_id)

    public = await client.post("/api/v1/certificate-verifications", json={  # the public page keeps its captcha
        "taxpayer_id": "420102199003150221", "verification_code": certificate["verification_code"],
        "captcha_id": "none", "captcha_answer": "1234"})
    assert_error(public, 400, "captcha_invalid")


async def test_without_a_standing_key_nothing_is_checked(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    body = {"verification_code": UNKNOWN_CODE, "sha256": "0" * 64}
    assert_error(await client.post(URL, json=body), 401, "institution_api_key_missing")
    assert_error(await client.post(URL, json=body, headers={"Authorization": "Bearer abc"}), 401,
                 "institution_api_key_missing")
    assert_error(await client.post(URL, json=body, headers=_key("sbk_000000000000_" + "x" * 43)), 401,
                 "institution_api_key_invalid")
    key, plaintext = await issue_key("某人力资源公司", issued_by="test")
    wrong = plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")  # the right id with a wrong secret
    assert_error(await client.post(URL, json=body, headers=_key(wrong)), 401, "institution_api_key_invalid")
    assert_error(await client.post(URL, json=body, headers=_key(plaintext)), 404, "certificate_not_found")
    assert await revoke_key("某人力资源公司", issued_by="test") == 1
    assert_error(await client.post(URL, json=body, headers=_key(plaintext)), 401, "institution_api_key_invalid")
    assert await AuditEntry.exists(action="institution_key_revoke", target_id=key.key_id)


async def test_bad_inputs_get_stable_codes(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    _, plaintext = await issue_key("某银行", issued_by="test")
    headers = _key(plaintext)
    assert_error(await client.post(URL, content=b"hello", headers={**headers, "Content-Type": "text/plain"}), 400,
                 "certificate_document_not_pdf")
    assert_error(await _send_pdf(client, plaintext, b"not a pdf at all"), 400, "certificate_document_not_pdf")
    assert_error(await client.post(URL, json={"verification_code": UNKNOWN_CODE, "sha256": "xyz"},
                                   headers=headers), 400, "certificate_sha256_invalid")
    mistyped = UNKNOWN_CODE[:-1] + str((int(UNKNOWN_CODE[-1]) + 1) % 10)  # its check digit is wrong
    assert_error(await client.post(URL, json={"verification_code": mistyped, "sha256": "0" * 64}, headers=headers),
                 400, "certificate_code_invalid")
    r = await _send_pdf(client, plaintext, b"%PDF-1.7\n%%EOF\n")  # a PDF, but not ours and unsigned
    assert r.status_code == 200, r.text
    assert (r.json()["result"], r.json()["signature"]["level"]) == ("unknown_document", "")


async def test_each_key_has_its_own_rate(client, services, wechat_sandbox, upstream):  # type: ignore[no-untyped-def]
    _, slow = await issue_key("限频测试机构", rate_per_minute=2, issued_by="test")
    _, other = await issue_key("另一机构", issued_by="test")
    body = {"verification_code": UNKNOWN_CODE, "sha256": "0" * 64}
    for _ in range(2):
        assert_error(await client.post(URL, json=body, headers=_key(slow)), 404, "certificate_not_found")
    assert_error(await client.post(URL, json=body, headers=_key(slow)), 429, "institution_rate_limited")
    assert_error(await client.post(URL, json=body, headers=_key(other)), 404, "certificate_not_found")
