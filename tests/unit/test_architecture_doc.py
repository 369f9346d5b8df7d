"""docs/architecture.md shows the state tables as the code declares them."""

from __future__ import annotations

from pathlib import Path

from app.commands import tables

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_the_architecture_shows_the_state_tables_of_the_code() -> None:
    assert tables() in DOC.read_text(encoding="utf-8"), (
        "docs/architecture.md's state tables differ from the code: paste `python -m app machines` over them")
