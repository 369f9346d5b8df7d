"""The 人脸核身 2.0 adapter against the sandbox's /cgi-bin/token, getverifyid and queryverifyinfo on loopback."""

from __future__ import annotations

import base64
import json
import secrets
import urllib.parse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from app.server import serve_in_loop
from payment_channels.face import (
    VERIFY_NOT_FINISHED,
    VERIFY_PASSED,
    FaceCheck,
    FaceResultRejected,
    FaceSession,
    FaceVerifierUnavailable,
)
from payment_channels.wechat_face import WeChatFaceVerifier
from payment_channels.wechat_face.client import GETVERIFYID, QUERYVERIFYINFO, SHANGHAI, TOKEN_MARGIN_SECONDS
from payment_channels.wechat_pay import DemoKeys
from sandboxes.wechat_pay import WeChatPaySandbox, create_sandbox_app

MCHID = "1900000109"
APPID = "wx5a1c0e0d00demo01"
LOGIN_SECRET = "contract-login-secret"
OPENID = "oZhangSan000000000000000001"
ID_NUMBER = "11010519491231002X"
NAME = "张三"
PERSON = {"openid": OPENID, "id_number": ID_NUMBER, "name": NAME}
INVALID_IDENTIFY_ID = 84001  # WeChat's errcode for an unknown, expired or foreign id
FACE_MISMATCH = 10004  # verify_ret 比对人脸信息不匹配
START = 1_767_225_600.0  # 2026-01-01 08:00 Asia/Shanghai
# the worked example of WeChat's 注意事项 (face2/api_getfaceidentifyimage)
DOC_CERT_INFO = {"cert_type": "IDENTITY_CARD", "cert_name": "张三", "cert_no": "310101199801011234"}
DOC_CERT_HASH = "3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b"


def _seq() -> str:
    return f"face-{secrets.token_hex(8)}"


async def _begin(verifier: WeChatFaceVerifier, **changes: str) -> tuple[FaceSession, dict[str, str]]:
    """begin() for PERSON (with `changes`) and a new out_seq_no; returns the session and the arguments."""
    args = {**PERSON, "out_seq_no": _seq(), **changes}
    return await verifier.begin(**args), args


async def _result(verifier: WeChatFaceVerifier, session: FaceSession, args: dict[str, str],
                  **changes: str) -> FaceCheck:
    return await verifier.result(verify_id=session.verify_id, **{**args, **changes})


@asynccontextmanager
async def _clocked(demo_keys: DemoKeys, now: list[float]) -> AsyncIterator[tuple[WeChatPaySandbox, WeChatFaceVerifier]]:
    """A sandbox whose clock is now[0], served, with a started verifier reading the same clock."""
    sandbox = WeChatPaySandbox(MCHID, APPID, demo_keys.merchant_public_key_pem, demo_keys.merchant_serial_no,
                               demo_keys.platform_private_key_pem, demo_keys.platform_public_key_id,
                               demo_keys.apiv3_key, LOGIN_SECRET, clock=lambda: now[0])
    async with serve_in_loop(create_sandbox_app(sandbox)) as base_url:
        verifier = WeChatFaceVerifier(APPID, LOGIN_SECRET, base_url=base_url, timeout=1.0,
                                      now=lambda: datetime.fromtimestamp(now[0], SHANGHAI))
        await verifier.start()
        try:
            yield sandbox, verifier
        finally:
            await verifier.close()


# --- the flow --------------------------------------------------------------------------------------


async def test_begin_scan_result_passes(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox) -> None:
    session, args = await _begin(face_verifier)
    assert session.verify_id and len(session.verify_id) <= 256
    assert session.expires_at.tzinfo is not None
    assert abs(session.expires_at - datetime.now(SHANGHAI) - timedelta(hours=1)) < timedelta(seconds=5)
    sandbox.face.scan(session.verify_id, passed=True)
    check = await _result(face_verifier, session, args)
    assert check.passed and check.verify_ret == VERIFY_PASSED and not check.pending
    assert check.raw["errcode"] == 0


async def test_result_can_be_read_again(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox) -> None:
    session, args = await _begin(face_verifier)
    sandbox.face.scan(session.verify_id)
    assert await _result(face_verifier, session, args) == await _result(face_verifier, session, args)


async def test_failed_scan_is_not_passed(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox) -> None:
    session, args = await _begin(face_verifier)
    sandbox.face.scan(session.verify_id, passed=False)
    check = await _result(face_verifier, session, args)
    assert not check.passed and check.verify_ret == FACE_MISMATCH and not check.pending


async def test_result_before_the_scan_is_pending(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox) -> None:
    session, args = await _begin(face_verifier)
    check = await _result(face_verifier, session, args)
    assert not check.passed and check.verify_ret == VERIFY_NOT_FINISHED and check.pending
    sandbox.face.scan(session.verify_id)
    assert (await _result(face_verifier, session, args)).passed


async def test_id_number_case_does_not_matter(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox) -> None:
    session, args = await _begin(face_verifier, id_number=ID_NUMBER.lower())
    sandbox.face.scan(session.verify_id)
    assert (await _result(face_verifier, session, args, id_number=ID_NUMBER)).passed


@pytest.mark.parametrize("change", [{"openid": "oLiSi000000000000000000002"}, {"id_number": "110105194912310029"},
                                    {"name": "李四"}, {"out_seq_no": "face-another-number"}],
                         ids=["another_openid", "another_id_number", "another_name", "another_out_seq_no"])
async def test_another_account_person_or_number_is_rejected(face_verifier: WeChatFaceVerifier,
                                                            sandbox: WeChatPaySandbox, change: dict[str, str]) -> None:
    session, args = await _begin(face_verifier)
    sandbox.face.scan(session.verify_id)
    with pytest.raises(FaceResultRejected) as caught:
        await _result(face_verifier, session, args, **change)
    assert caught.value.code == INVALID_IDENTIFY_ID
    assert (await _result(face_verifier, session, args)).passed  # the refusal did not spoil it


async def test_someone_elses_verify_id_is_rejected(face_verifier: WeChatFaceVerifier,
                                                   sandbox: WeChatPaySandbox) -> None:
    theirs, _ = await _begin(face_verifier, openid="oLiSi000000000000000000002", name="李四",
                             id_number="110105194912310029")
    sandbox.face.scan(theirs.verify_id)
    _, mine = await _begin(face_verifier)
    with pytest.raises(FaceResultRejected):
        await _result(face_verifier, theirs, mine)


@pytest.mark.parametrize("verify_id", ["bogus-verify-id", "x" * 300])
async def test_unknown_verify_id_is_rejected(face_verifier: WeChatFaceVerifier, verify_id: str) -> None:
    with pytest.raises(FaceResultRejected) as caught:
        await face_verifier.result(verify_id=verify_id, out_seq_no=_seq(), **PERSON)
    assert (caught.value.code, caught.value.message) == (INVALID_IDENTIFY_ID, "invalid identify id")


async def test_verify_id_is_readable_until_it_expires(demo_keys: DemoKeys) -> None:
    now = [START]
    async with _clocked(demo_keys, now) as (sandbox, verifier):
        session, args = await _begin(verifier)
        assert session.expires_at == datetime.fromtimestamp(START + 3600, SHANGHAI)
        now[0] += 3600 - 1
        sandbox.face.scan(session.verify_id)
        assert (await _result(verifier, session, args)).passed
        now[0] += 1
        with pytest.raises(FaceResultRejected) as caught:
            await _result(verifier, session, args)
    assert caught.value.code == INVALID_IDENTIFY_ID


async def test_expired_verify_id_cannot_be_scanned(demo_keys: DemoKeys) -> None:
    now = [START]
    async with _clocked(demo_keys, now) as (sandbox, verifier):
        session, args = await _begin(verifier)
        now[0] += 3600
        with pytest.raises(ValueError, match="expired"):
            sandbox.face.scan(session.verify_id)
        with pytest.raises(FaceResultRejected):
            await _result(verifier, session, args)


@pytest.mark.parametrize("out_seq_no", ["abcd", "a" * 33, "face 123", "人脸核身0001"])
async def test_malformed_out_seq_no_is_rejected(face_verifier: WeChatFaceVerifier, out_seq_no: str) -> None:
    with pytest.raises(FaceResultRejected):
        await face_verifier.begin(**PERSON, out_seq_no=out_seq_no)


async def test_out_seq_no_is_accepted_once(face_verifier: WeChatFaceVerifier) -> None:
    session, args = await _begin(face_verifier)
    with pytest.raises(FaceResultRejected):
        await face_verifier.begin(**args)


@pytest.mark.parametrize("empty", ["openid", "id_number", "name", "out_seq_no"])
async def test_empty_arguments_are_the_callers_bug(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox,
                                                   empty: str) -> None:
    args = {**PERSON, "out_seq_no": _seq(), empty: " "}
    with pytest.raises(ValueError, match=empty):
        await face_verifier.begin(**args)
    with pytest.raises(ValueError, match=empty):
        await face_verifier.result(verify_id="v", **args)
    with pytest.raises(ValueError, match="verify_id"):
        await face_verifier.result(verify_id="", out_seq_no=_seq(), **PERSON)
    assert (sandbox.face.token_calls, sandbox.face.getverifyid_calls, sandbox.face.queryverifyinfo_calls) == (0, 0, 0)


# --- privacy ---------------------------------------------------------------------------------------


class _Recording(httpx.AsyncBaseTransport):
    """Forwards to the network (loopback) and keeps every request's path, URL and body."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.requests: list[tuple[str, str, bytes]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.url.path, str(request.url), request.content))
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _forms(text: str) -> list[bytes]:
    """How `text` could appear in a request: raw, JSON-escaped, URL-quoted, base64."""
    return [text.encode(), json.dumps(text).strip('"').encode(), urllib.parse.quote(text).encode(),
            base64.b64encode(text.encode())]


async def test_id_number_and_name_go_to_getverifyid_only(sandbox: WeChatPaySandbox, sandbox_url: str) -> None:
    recording = _Recording()
    verifier = WeChatFaceVerifier(APPID, LOGIN_SECRET, base_url=sandbox_url, timeout=1.0, transport=recording)
    await verifier.start()
    try:
        session, args = await _begin(verifier)
        sandbox.face.scan(session.verify_id)
        sandbox.face.expire_tokens()  # a refresh and a second queryverifyinfo too
        assert (await _result(verifier, session, args)).passed
    finally:
        await verifier.close()
    paths = [path for path, _, _ in recording.requests]
    assert paths == ["/cgi-bin/token", GETVERIFYID, QUERYVERIFYINFO, "/cgi-bin/token", QUERYVERIFYINFO]
    secrets_forms = _forms(ID_NUMBER) + _forms(ID_NUMBER.lower()) + _forms(NAME)
    for path, url, body in recording.requests:
        assert not any(form in url.encode() for form in secrets_forms), url
        if path != GETVERIFYID:
            assert not any(form in body for form in secrets_forms), (path, body)
    getverifyid_body = json.loads(recording.requests[1][2])
    assert getverifyid_body["cert_info"] == {"cert_type": "IDENTITY_CARD", "cert_name": NAME, "cert_no": ID_NUMBER}


# --- access tokens ---------------------------------------------------------------------------------


async def test_token_is_cached(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox) -> None:
    for _ in range(2):
        session, args = await _begin(face_verifier)
        await _result(face_verifier, session, args)
    assert sandbox.face.token_calls == 1


@pytest.mark.parametrize("revoke", [False, True], ids=["expired_42001", "revoked_40001"])
async def test_stale_token_is_refreshed_once(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox,
                                             revoke: bool) -> None:
    session, args = await _begin(face_verifier)
    sandbox.face.scan(session.verify_id)
    sandbox.face.expire_tokens(revoke=revoke)
    assert (await _result(face_verifier, session, args)).passed
    assert (sandbox.face.token_calls, sandbox.face.getverifyid_calls, sandbox.face.queryverifyinfo_calls) == (2, 1, 2)
    sandbox.face.expire_tokens(revoke=revoke)
    await _begin(face_verifier)
    assert (sandbox.face.token_calls, sandbox.face.getverifyid_calls) == (3, 3)


async def test_token_stale_after_refresh_is_unavailable(face_verifier: WeChatFaceVerifier,
                                                        sandbox: WeChatPaySandbox) -> None:
    sandbox.face.token_ttl_seconds = 0  # every token is born expired
    with pytest.raises(FaceVerifierUnavailable, match="42001"):
        await _begin(face_verifier)
    assert (sandbox.face.token_calls, sandbox.face.getverifyid_calls) == (2, 2)


async def test_token_is_renewed_before_it_expires(sandbox: WeChatPaySandbox, sandbox_url: str) -> None:
    clock = [0.0]
    verifier = WeChatFaceVerifier(APPID, LOGIN_SECRET, base_url=sandbox_url, timeout=1.0, clock=lambda: clock[0])
    await verifier.start()
    try:
        await _begin(verifier)
        clock[0] += 7200 - TOKEN_MARGIN_SECONDS - 1
        await _begin(verifier)
        assert sandbox.face.token_calls == 1
        clock[0] += 1
        await _begin(verifier)
        assert sandbox.face.token_calls == 2
    finally:
        await verifier.close()


async def test_wrong_secret_is_unavailable_not_rejected(sandbox: WeChatPaySandbox, sandbox_url: str) -> None:
    verifier = WeChatFaceVerifier(APPID, "not-the-secret", base_url=sandbox_url, timeout=1.0)
    await verifier.start()
    try:
        with pytest.raises(FaceVerifierUnavailable, match="40125"):
            await _begin(verifier)
    finally:
        await verifier.close()
    assert sandbox.face.getverifyid_calls == 0


# --- faults ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "style"), [("down", "timeout"), ("unknown", "timeout"), ("unknown", "error_500")])
async def test_result_faults_are_unavailable(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox,
                                             mode: str, style: str) -> None:
    session, args = await _begin(face_verifier)
    sandbox.face.scan(session.verify_id)
    sandbox.set_fault("face", mode, count=1, style=style)
    with pytest.raises(FaceVerifierUnavailable):
        await _result(face_verifier, session, args)
    assert (await _result(face_verifier, session, args)).passed  # the same arguments work on the retry


@pytest.mark.parametrize(("mode", "style"), [("down", "timeout"), ("unknown", "error_500")])
async def test_begin_faults_are_unavailable_and_a_new_number_works(
        face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox, mode: str, style: str) -> None:
    sandbox.set_fault("face", mode, count=1, style=style)
    with pytest.raises(FaceVerifierUnavailable):
        await _begin(face_verifier)
    session, args = await _begin(face_verifier)
    sandbox.face.scan(session.verify_id)
    assert (await _result(face_verifier, session, args)).passed


async def test_lost_begin_answer_used_up_its_number(face_verifier: WeChatFaceVerifier,
                                                    sandbox: WeChatPaySandbox) -> None:
    """Why begin() is retried with a new out_seq_no: WeChat may have recorded the first one."""
    args = {**PERSON, "out_seq_no": _seq()}
    sandbox.set_fault("face", "unknown", count=1, style="error_500")
    with pytest.raises(FaceVerifierUnavailable):
        await face_verifier.begin(**args)
    with pytest.raises(FaceResultRejected):
        await face_verifier.begin(**args)


async def test_slow_still_succeeds(face_verifier: WeChatFaceVerifier, sandbox: WeChatPaySandbox) -> None:
    sandbox.set_fault("face", "slow")
    session, args = await _begin(face_verifier)
    sandbox.face.scan(session.verify_id)
    assert (await _result(face_verifier, session, args)).passed


async def test_unreachable_is_unavailable() -> None:
    verifier = WeChatFaceVerifier(APPID, LOGIN_SECRET, base_url="http://127.0.0.1:9", timeout=1.0)
    await verifier.start()
    try:
        with pytest.raises(FaceVerifierUnavailable):
            await _begin(verifier)
        with pytest.raises(FaceVerifierUnavailable):
            await verifier.result(verify_id="whatever", out_seq_no=_seq(), **PERSON)
    finally:
        await verifier.close()


async def test_use_before_start_is_a_bug() -> None:
    verifier = WeChatFaceVerifier(APPID, LOGIN_SECRET)
    with pytest.raises(RuntimeError):
        await verifier.begin(**PERSON, out_seq_no=_seq())
    with pytest.raises(RuntimeError):
        await verifier.result(verify_id="whatever", out_seq_no=_seq(), **PERSON)
    assert LOGIN_SECRET not in repr(verifier)


# --- answers the sandbox never gives -----------------------------------------------------------------


def _wechat(face_answer: bytes) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/cgi-bin/token":
            return httpx.Response(200, json={"access_token": "token", "expires_in": 7200})
        return httpx.Response(200, content=face_answer)

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(("answer", "outcome"), [
    ({"errcode": 0, "errmsg": "ok"}, FaceVerifierUnavailable),
    ({"errcode": 0, "errmsg": "ok", "verify_ret": "10000"}, FaceVerifierUnavailable),
    ({"errcode": "0", "verify_ret": 10000}, FaceVerifierUnavailable),
    ({"errcode": -1, "errmsg": "system error"}, FaceVerifierUnavailable),
    ({"errcode": 45009, "errmsg": "reach max api daily quota limit"}, FaceVerifierUnavailable),
    ({"errcode": 48001, "errmsg": "api unauthorized"}, FaceVerifierUnavailable),
    ({"errcode": 84001, "errmsg": "invalid identify id hint: [x] rid: y"}, FaceResultRejected),
    ({"errcode": 84999, "errmsg": "something new"}, FaceResultRejected),
    (b"<html>busy</html>", FaceVerifierUnavailable),
    ([1, 2], FaceVerifierUnavailable),
])
async def test_odd_result_answers(answer: Any, outcome: type[Exception]) -> None:
    content = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
    verifier = WeChatFaceVerifier(APPID, LOGIN_SECRET, base_url="https://wechat.invalid", transport=_wechat(content))
    await verifier.start()
    try:
        with pytest.raises(outcome):
            await verifier.result(verify_id="v", out_seq_no=_seq(), **PERSON)
    finally:
        await verifier.close()


@pytest.mark.parametrize(("answer", "seconds"), [({"errcode": 0, "verify_id": "v"}, 3600),
                                                 ({"verify_id": "v", "expires_in": 600}, 600),
                                                 ({"errcode": 0, "expires_in": 600}, None),
                                                 ({"errcode": 0, "verify_id": "v", "expires_in": 0}, None)])
async def test_odd_begin_answers(answer: dict[str, Any], seconds: int | None) -> None:
    at = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    verifier = WeChatFaceVerifier(APPID, LOGIN_SECRET, base_url="https://wechat.invalid", now=lambda: at,
                                  transport=_wechat(json.dumps(answer).encode()))
    await verifier.start()
    try:
        if seconds is None:
            with pytest.raises(FaceVerifierUnavailable):
                await _begin(verifier)
        else:
            session, _ = await _begin(verifier)
            assert session == FaceSession("v", at + timedelta(seconds=seconds))
    finally:
        await verifier.close()


# --- the sandbox itself ----------------------------------------------------------------------------


async def test_scan_control_over_http(face_verifier: WeChatFaceVerifier, sandbox_url: str) -> None:
    passing, passing_args = await _begin(face_verifier)
    failing, failing_args = await _begin(face_verifier)
    scan = "/sandbox/face/scan"
    async with httpx.AsyncClient(base_url=sandbox_url) as http:
        passed = await http.post(scan, json={"verify_id": passing.verify_id, "passed": True})
        failed = await http.post(scan, json={"verify_id": failing.verify_id, "passed": False})
        statuses = [
            (await http.post(scan, json={"verify_id": passing.verify_id})).status_code,  # scanned already
            (await http.post(scan, json={"verify_id": "no-such-verify-id"})).status_code,
            (await http.post(scan, json={"passed": True})).status_code,
            (await http.post(scan, json={"verify_id": 12345})).status_code,
            (await http.post(scan, json={"verify_id": failing.verify_id, "passed": "yes"})).status_code,
            (await http.post(scan, json=["not", "an", "object"])).status_code,
        ]
    assert passed.json() == {"ok": True, "result": {"verify_id": passing.verify_id, "verify_ret": VERIFY_PASSED}}
    assert failed.json() == {"ok": True, "result": {"verify_id": failing.verify_id, "verify_ret": FACE_MISMATCH}}
    assert statuses == [400, 404, 400, 400, 400, 400]
    assert (await _result(face_verifier, passing, passing_args)).passed
    assert not (await _result(face_verifier, failing, failing_args)).passed


async def test_sandbox_speaks_wechat(sandbox_url: str) -> None:
    """What a careless client would get; and the sandbox's cert_hash is the documented one."""
    async with httpx.AsyncClient(base_url=sandbox_url) as http:
        token = (await http.get("/cgi-bin/token", params={
            "grant_type": "client_credential", "appid": APPID, "secret": LOGIN_SECRET})).json()
        auth = {"access_token": token["access_token"]}
        body = {"out_seq_no": "doc-example-1", "cert_info": DOC_CERT_INFO, "openid": OPENID}
        started = (await http.post(GETVERIFYID, params=auth, json=body)).json()
        query = {"verify_id": started["verify_id"], "out_seq_no": "doc-example-1", "cert_hash": DOC_CERT_HASH,
                 "openid": OPENID}
        pending = (await http.post(QUERYVERIFYINFO, params=auth, json=query)).json()

        async def errcode(path: str, **kwargs: Any) -> int:
            return int((await http.post(path, **kwargs)).json()["errcode"])

        refusals = {
            "no_token": await errcode(GETVERIFYID, json={**body, "out_seq_no": "doc-example-2"}),
            "reused_out_seq_no": await errcode(GETVERIFYID, params=auth, json=body),
            "passport": await errcode(GETVERIFYID, params=auth, json={
                **body, "out_seq_no": "doc-example-3", "cert_info": {**DOC_CERT_INFO, "cert_type": "PASSPORT"}}),
            "no_name": await errcode(GETVERIFYID, params=auth, json={
                **body, "out_seq_no": "doc-example-4", "cert_info": {**DOC_CERT_INFO, "cert_name": ""}}),
            "no_openid": await errcode(GETVERIFYID, params=auth, json={**body, "out_seq_no": "doc-ex-5", "openid": ""}),
            "not_json": await errcode(GETVERIFYID, params=auth, content=b"out_seq_no=doc-example-6"),
            "raw_identity_instead_of_hash": await errcode(QUERYVERIFYINFO, params=auth, json={
                **query, "cert_hash": DOC_CERT_INFO["cert_no"]}),
            "missing_cert_hash": await errcode(QUERYVERIFYINFO, params=auth, json={
                k: v for k, v in query.items() if k != "cert_hash"}),
        }
        wrong_appid = (await http.get("/cgi-bin/token", params={
            "grant_type": "client_credential", "appid": "wx0", "secret": LOGIN_SECRET})).json()
    assert token["expires_in"] == 7200
    assert started["errcode"] == 0 and started["expires_in"] == 3600 and len(started["verify_id"]) <= 256
    assert pending == {"errcode": 0, "errmsg": "ok", "verify_ret": VERIFY_NOT_FINISHED}
    assert refusals == {"no_token": 40001, "reused_out_seq_no": 40097, "passport": 40097, "no_name": 40097,
                        "no_openid": 40003, "not_json": 47001, "raw_identity_instead_of_hash": INVALID_IDENTIFY_ID,
                        "missing_cert_hash": 40097}
    assert wrong_appid == {"errcode": 40013, "errmsg": "invalid appid"}
