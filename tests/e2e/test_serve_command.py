"""`python -m app serve` as a newcomer runs it: migrations, sandboxes, demo payers, a real journey."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


async def _wait_healthy(url: str, proc: asyncio.subprocess.Process, seconds: float = 60) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(int(seconds * 10)):
            if proc.returncode is not None:
                output = await proc.stdout.read() if proc.stdout else b""
                raise AssertionError(output.decode())
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"{url} never became healthy")


async def test_serve_runs_the_embedded_default_end_to_end(tmp_path: Path) -> None:
    port, sandbox_port = free_port(), free_port()
    env = {
        **os.environ,
        # no SHEBAO_PUBLIC_BASE_URL: the notification URL follows SHEBAO_PORT by itself
        "SHEBAO_PORT": str(port), "SHEBAO_SANDBOX_PORT": str(sandbox_port),
        "SHEBAO_DATABASE_URL": f"sqlite://{tmp_path / 'serve.sqlite3'}",
        "SHEBAO_WECHAT_KEYS_DIR": str(tmp_path / "keys"), "SHEBAO_REDIS_URL": "",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "serve", cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, start_new_session=True,
    )
    try:
        base, sandbox = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{sandbox_port}"
        await _wait_healthy(f"{base}/healthz", proc)
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            code = (await client.post(f"{sandbox}/sandbox/wx/login-code", json={"user": "e2e"})).json()
            r = await client.post("/api/v1/sessions", json={"code": code["result"]["code"], "region": "hubei"})
            assert r.status_code == 201, r.text
            headers = {"Authorization": f"Bearer {r.json()['token']}"}
            body = {"id_type": "resident_id_card", "id_number": "420102199003150221", "name": "张敏"}
            r = await client.post("/api/v1/face-verifications", json=body, headers=headers)  # 楚税通: 人脸核身
            assert r.status_code == 201, r.text
            verify_id = r.json()["verify_id"]
            scan = await client.post(f"{sandbox}/sandbox/face/scan", json={"verify_id": verify_id, "passed": True})
            assert scan.status_code == 200, scan.text
            r = await client.post("/api/v1/me/real-name", json={**body, "face_verify_id": verify_id}, headers=headers)
            assert r.status_code == 200, r.text
            assert r.json()["user"]["real_name_verified"] is True
            enrollments = (await client.get("/api/v1/enrollments", headers=headers)).json()["enrollments"]
            assert [e["insurance_type"] for e in enrollments] == ["resident_medical"]
            year = datetime.now(ZoneInfo("Asia/Shanghai")).year  # the real clock: this is the real service
            r = await client.post("/api/v1/declarations", headers=headers, json={
                "insurance_type": "resident_medical", "payment_kind": "normal",
                "period_start": f"{year}01", "period_end": f"{year}12"})
            assert r.status_code == 201, r.text
            r = await client.post("/api/v1/payments", headers=headers,
                                  json={"declaration_ids": [r.json()["declaration"]["id"]]})
            assert r.status_code == 200, r.text
            payment = r.json()["payment"]
            order = {"out_trade_no": payment["out_trade_no"]}
            confirm = await client.post(f"{sandbox}/sandbox/pay/confirm", json=order)
            assert confirm.status_code == 200, confirm.text
            notify = await client.post(f"{sandbox}/sandbox/pay/notify", json=order)
            assert notify.status_code == 200, notify.text
            for _ in range(50):  # posting is the worker's job, a moment after the notification
                shown = (await client.get(f"/api/v1/payments/{payment['id']}", headers=headers)).json()["payment"]
                if shown["status_label"] == "缴款成功":
                    break
                await asyncio.sleep(0.2)
            assert shown["status_label"] == "缴款成功", shown
            assert "/api/v1/payments" in (await client.get("/docs/openapi.json")).json()["paths"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 15)
    assert proc.returncode == 0
