"""`api` gives Sanic's workers SHEBAO_API_START_SECONDS to start: Sanic's own 30 s stopped the
whole API on a busy 2-core machine (the deadline-day bench, three attempts in a row)."""

from __future__ import annotations

from typing import Any

import pytest
from sanic import Sanic
from sanic.worker.manager import WorkerManager
from sanic.worker.process import WorkerProcess

import app.__main__ as main
from config.settings import Settings


def test_the_workers_get_the_configured_start_up_allowance(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[Any] = []

    class Loader:
        def __init__(self, factory: Any) -> None:
            pass

        def load(self) -> Any:
            class App:
                def prepare(self, **kwargs: Any) -> None:
                    served.append(kwargs)
            return App()

    monkeypatch.setattr(main, "AppLoader", Loader)
    monkeypatch.setattr(Sanic, "serve", staticmethod(lambda **kwargs: served.append("serve")))
    monkeypatch.setattr(WorkerManager, "THRESHOLD", WorkerManager.THRESHOLD)
    monkeypatch.setattr(WorkerProcess, "THRESHOLD", WorkerProcess.THRESHOLD)
    settings = Settings(database_url="postgres://x@127.0.0.1/x", in_process_worker=False, api_start_seconds=95)
    main.api(settings, 2)
    assert served[-1] == "serve" and served[0]["workers"] == 2
    assert WorkerManager.THRESHOLD == WorkerProcess.THRESHOLD == 950  # tenths of a second, as Sanic counts
    assert Settings().api_start_seconds == 120
