"""The WeChat Pay sandbox in a process of its own, as a remote channel would be."""

from __future__ import annotations

import asyncio
import signal

from app.__main__ import run
from app.bootstrap import channel_context
from app.server import serve_in_loop
from config.settings import load_settings
from sandboxes.wechat_pay import channel_sandbox, create_sandbox_app


async def main() -> None:
    settings = load_settings()
    app = create_sandbox_app(channel_sandbox(channel_context(settings)))
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with serve_in_loop(app, settings.sandbox_host, settings.sandbox_port):
        await stop.wait()


if __name__ == "__main__":
    run(main())
