"""The committed OpenAPI document (docs/openapi.json, which every response in the suite is checked
against) is the one the service generates now: a changed handler without `python -m app openapi`
fails here. (Generated in its own process: Tortoise's state is global.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.openapi_check import DOCUMENT


def test_the_committed_openapi_document_is_current(tmp_path: Path) -> None:
    output = tmp_path / "openapi.json"
    subprocess.run([sys.executable, "-m", "app", "openapi", str(output)], check=True,
                   cwd=DOCUMENT.parents[1], capture_output=True, timeout=120)
    generated = json.loads(output.read_text(encoding="utf-8"))
    committed = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    stale = sorted(set(generated["paths"]) ^ set(committed["paths"]))
    assert not stale, f"paths differ: {stale}; run python -m app openapi"
    assert generated == committed, "docs/openapi.json is stale: run python -m app openapi"
