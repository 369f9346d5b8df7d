"""The API document says exactly what the server accepts and answers: a schemathesis run (its
command line, as a mini-program developer would run it) against the running service, signed in as a
real-name-bound payer, over every operation of the committed docs/openapi.json, with its conformance
checks. Bounded: a few examples per operation, one worker, a fixed seed."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

from tests.api.support import signed_in_person
from tests.openapi_check import DOCUMENT, document

CHECKS = ("status_code_conformance,content_type_conformance,response_headers_conformance,"
          "response_schema_conformance,negative_data_rejection,unsupported_method,allow_header_conformance,"
          "positive_data_acceptance")
CONFIG = Path(__file__).with_name("schemathesis.toml")  # which operations may refuse schema-valid data, and why
EXAMPLES = 5  # per operation (and mode)


CLOCK_OPERATIONS = ("GET /sandbox/clock", "POST /sandbox/clock", "DELETE /sandbox/clock")


async def test_every_answer_conforms_to_the_api_document(client, services, wechat_sandbox, tmp_path: Path) -> None:
    headers, _ = await signed_in_person(client, wechat_sandbox, "guizhou", "flexible_pension")
    cli = Path(sys.executable).with_name("schemathesis")
    proc = await asyncio.create_subprocess_exec(
        str(cli), "--config-file", str(CONFIG), "run", str(DOCUMENT), "--url", str(client.base_url).rstrip("/"),
        "-H", f"Authorization: {headers['Authorization']}", "--checks", CHECKS,
        "--phases", os.environ.get("CONFORMANCE_PHASES", "examples,coverage,fuzzing"),
        "--max-examples", str(EXAMPLES), "--workers", "1", "--seed", "17", "--no-shrink",
        "--exclude-name", "DELETE /api/v1/sessions",  # would sign the run out
        # the sandbox's test clock would move the run onto another day (and the real date's), so
        # that the same seed answered differently from one day to the next: tests/api/test_sandbox_clock.py
        *[arg for name in CLOCK_OPERATIONS for arg in ("--exclude-name", name)],
        "--request-timeout", "30", "--continue-on-failure",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""},
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=600)
    text = out.decode("utf-8", "replace")
    if os.environ.get("CONFORMANCE_OUTPUT"):  # the whole report, for reading
        await asyncio.to_thread(Path(os.environ["CONFORMANCE_OUTPUT"]).write_text, text, encoding="utf-8")
    assert proc.returncode == 0, text[-30000:]
    operations = sum(len(methods) for path, methods in document()["paths"].items())
    tested = operations - 1 - len(CLOCK_OPERATIONS)  # every operation but signing out and the test clock
    assert f"Tested: {tested}\n" in text, text[-3000:]
    assert re.search(r"(\d+) generated, \1 passed", text), text[-3000:]


async def test_a_method_the_path_does_not_have_answers_405_with_allow(client) -> None:
    r = await client.request("PATCH", "/api/v1/payments/12")
    assert r.status_code == 405
    assert r.headers["allow"] == "GET, HEAD, OPTIONS", r.headers  # OPTIONS: CORS preflight
    r = await client.put("/api/v1/sessions")
    assert (r.status_code, r.headers["allow"]) == (405, "POST, DELETE, OPTIONS")


async def test_empty_query_values_and_ids_out_of_range_are_refused(client, wechat_sandbox) -> None:
    headers, _ = await signed_in_person(client, wechat_sandbox, "guizhou", "flexible_pension")
    for target in ("/api/v1/payments?period_to=", "/api/v1/declarations?to=", "/api/v1/batch-debit-settings?year=",
                   "/api/v1/declarations?state=", "/api/v1/payments/0", "/api/v1/payments/-1"):
        r = await client.get(target, headers=headers)
        assert r.status_code == 400, (target, r.text)
        assert r.json()["error"]["code"] in ("field_invalid", "field_missing"), (target, r.text)
    r = await client.get("/api/v1/payments/999999999999999", headers=headers)
    assert r.status_code == 404, r.text
