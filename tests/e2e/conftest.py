"""What the browser tests share: Debian's chromium under Playwright, and where screenshots go
(docs/screenshots/ with SHEBAO_UPDATE_SCREENSHOTS=1, else the test's own folder)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("SHEBAO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    if not HAVE_CHROMIUM:
        pytest.fail(f"chromium not found at {CHROMIUM}: the project's setup installs it (scripts/system-packages)")
    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        await launched.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = DOCS if os.environ.get("SHEBAO_UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder
