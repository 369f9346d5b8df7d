"""Tortoise configuration and aerich migrations (one migration set per dialect)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aerich import Command
from tortoise import Tortoise

from app.jobs import JobQueue
from config.settings import PROJECT_DIR, Settings

MODEL_MODULES = [
    "app.identity.models",
    "app.events.models",
    "app.declarations.models",
    "app.payments.models",
    "app.notifications.models",
    "app.refunds.models",
    "app.payers.models",
    "app.batch_debit.models",
    "app.agreements.models",
    "app.reconciliation.models",
    "app.operations.models",
    "app.certificates.models",
    "app.institutions.models",
    "aerich.models",
]


def dialect(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgres"


def migrations_dir(database_url: str) -> Path:
    return PROJECT_DIR / "migrations" / dialect(database_url)


def tortoise_config(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite://") and not database_url.startswith("sqlite://:memory:"):
        path = Path(database_url.removeprefix("sqlite://"))
        path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "connections": {"default": database_url},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "Asia/Shanghai",
    }


async def migrate(settings: Settings) -> list[str]:
    """Apply every pending migration, and on PostgreSQL the job queue's own tables; returns the
    names applied."""
    command = Command(
        tortoise_config=tortoise_config(settings.database_url),
        app="models",
        location=str(migrations_dir(settings.database_url)),
    )
    await command.init()
    try:
        applied = list(await command.upgrade(run_in_transaction=True))
    finally:
        await command.aclose()
    queue = JobQueue(settings)
    await queue.open()
    try:
        if await queue.apply_schema():
            applied.append("procrastinate schema")
    finally:
        await queue.close()
    return applied


async def connect(settings: Settings) -> None:
    # handlers run in contexts the server creates, not the one that connected: share it globally
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    # Open the connection now, not in the first request: a request cancelled while SQLite's
    # connection was being opened (a health probe that timed out under load) left the client's
    # lock held, and every later query of the process waited for ever.
    await ping()


async def disconnect() -> None:
    await Tortoise.close_connections()


async def ping() -> bool:
    conn = Tortoise.get_connection("default")
    await conn.execute_query("SELECT 1")
    return True



async def make_migrations(settings: Settings, name: str = "update") -> str:
    """Developer command: write the next migration for this dialect from the models."""
    location = migrations_dir(settings.database_url)
    command = Command(tortoise_config=tortoise_config(settings.database_url), app="models", location=str(location))
    try:
        if not (location / "models").exists():
            await command.init_db(safe=True)
            return "initial"
        await command.init()
        return str(await command.migrate(name))
    finally:
        await command.aclose()
