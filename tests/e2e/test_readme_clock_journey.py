"""The README's test-clock journey, run as written against `python -m app serve`: upstream takes
nothing, a payer pays, the clock moves two weeks, and the share comes back to WeChat as a refund."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from tests.conftest import free_port
from tests.e2e.test_serve_command import _wait_healthy

ROOT = Path(__file__).resolve().parents[2]


def _readme_blocks() -> tuple[str, str]:
    """The `json` helper of the first journey, and the clock journey's commands."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    helper = re.search(r"^json\(\) \{.*\}$", text, re.M)
    journey = re.search(r"## Seeing a deadline pass.*?```bash\n(.*?)```", text, re.S)
    assert helper and journey, "the README lost its journeys"
    return helper.group(0), journey.group(1)


async def test_the_readme_clock_journey_refunds_the_held_share(tmp_path: Path) -> None:
    helper, journey = _readme_blocks()
    port, sandbox_port = free_port(), free_port()
    script = "\n".join([helper, journey]).replace("localhost:8000", f"127.0.0.1:{port}").replace(
        "localhost:8001", f"127.0.0.1:{sandbox_port}")
    env = {**os.environ, "SHEBAO_PORT": str(port), "SHEBAO_SANDBOX_PORT": str(sandbox_port),
           "SHEBAO_DATABASE_URL": f"sqlite://{tmp_path / 'serve.sqlite3'}",
           "SHEBAO_WECHAT_KEYS_DIR": str(tmp_path / "keys"), "SHEBAO_REDIS_URL": ""}
    serve_log = (tmp_path / "serve.log").open("wb")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "serve", cwd=ROOT, env=env, stdout=serve_log,
        stderr=asyncio.subprocess.STDOUT, stdin=asyncio.subprocess.DEVNULL, start_new_session=True)
    try:
        await _wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
        log = tmp_path / "journey.log"
        with log.open("wb") as out:
            shell = await asyncio.create_subprocess_exec(
                "bash", "-uc", script, stdout=out, stderr=asyncio.subprocess.STDOUT, stdin=asyncio.subprocess.DEVNULL)
            try:
                await asyncio.wait_for(shell.wait(), 240)
            except TimeoutError:
                shell.kill()
                raise AssertionError(f"the journey did not finish: {log.read_text()}") from None
        output = log.read_text()
        assert shell.returncode == 0, output
        refund_line = [line for line in output.splitlines() if "'out_refund_no'" in line][-1]
        assert "'state': 'succeeded'" in refund_line and "已退费" in refund_line, output
        assert '"offset_seconds":0' in output.replace(" ", ""), output  # DELETE put it back
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)
        serve_log.close()
