"""bench.paths' own arithmetic: the table's ratios are service over floor, and the profile summary
reads py-spy's raw stacks into inclusive and own shares. (The figures themselves come from
running the bench, never from a test.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.paths import print_paths, stop_profiler


def test_the_table_divides_the_service_by_its_floor(capsys: pytest.CaptureFixture[str]) -> None:
    print_paths("title", {"checkout (WeChat Pay)": {
        "service": {"rps": 20.0, "p50_ms": 100.0, "p99_ms": 600.0},
        "floor": {"rps": 40.0, "p50_ms": 50.0, "p99_ms": 200.0},
    }})
    row = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| checkout")][0]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == ["checkout (WeChat Pay)", "20", "40", "0.50", "100.0 ms", "50.0 ms", "600.0 ms", "200.0 ms",
                     "3.00"]


class _Stopped:
    def __init__(self) -> None:
        self.signals: list[int] = []

    def send_signal(self, sig: int) -> None:
        self.signals.append(sig)

    def wait(self, timeout: float) -> int:
        return 0


def test_the_profile_summary_counts_inclusive_and_own_samples(tmp_path: Path) -> None:
    raw = tmp_path / "profile-checkout.txt"
    raw.write_text(
        "process 1:python;handle (sanic/app.py:10);checkout (app/paying/checkout.py:200);"
        "execute (asyncpg/connection.py:2066) 6\n"
        "process 1:python;handle (sanic/app.py:10);checkout (app/paying/checkout.py:210) 3\n"
        "process 1:python;handle (sanic/app.py:10) 1\n")
    spy = _Stopped()
    summary = stop_profiler(spy, raw).splitlines()  # type: ignore[arg-type]
    assert spy.signals, "py-spy is stopped (SIGINT) before its file is read"
    assert "10 samples" in summary[0]
    shares = {line.split("  ")[-1]: line.split()[:2] for line in summary[1:]}
    assert shares["handle (sanic/app.py)"] == ["100.0", "10.0"]
    assert shares["checkout (app/paying/checkout.py)"] == ["90.0", "30.0"]  # two lines of one function
    assert shares["execute (asyncpg/connection.py)"] == ["60.0", "60.0"]
