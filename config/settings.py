"""One frozen settings object, built once at start-up.

Sources, later wins: built-in defaults → `config/default.toml` → the TOML file named by
`SHEBAO_CONFIG_FILE` → environment variables `SHEBAO_<SECTION>_<KEY>` (or `SHEBAO_<KEY>` for
top-level keys). Nothing else in the code base reads `os.environ`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

CONFIG_DIR = Path(__file__).resolve().parent
PROJECT_DIR = CONFIG_DIR.parent
ENV_PREFIX = "SHEBAO_"
_SECRET_NAMES = ("secret", "password", "key")


class SettingsError(ValueError):
    """A setting is missing or invalid."""


def _mask(name: str, value: Any) -> Any:
    if isinstance(value, str) and value and any(s in name for s in _SECRET_NAMES):
        return value[:2] + "***"
    if isinstance(value, str) and "://" in value and "@" in value:
        scheme, rest = value.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return value


class _Masked:
    def __repr__(self) -> str:
        parts = ", ".join(f"{f.name}={_mask(f.name, getattr(self, f.name))!r}" for f in fields(self))  # type: ignore[arg-type]
        return f"{type(self).__name__}({parts})"


@dataclass(frozen=True, repr=False)
class WeChatSettings(_Masked):
    appid: str = "wx5a1c0e0d00demo01"
    mchid: str = "1900000109"
    app_secret: str = "sandbox-app-secret"
    gateway_url: str = ""  # empty: the sandbox the service starts itself
    login_base_url: str = ""  # empty: the same sandbox
    keys_dir: str = "var/keys"
    timeout_seconds: float = 10.0


@dataclass(frozen=True, repr=False)
class Settings(_Masked):
    profile: str = "embedded"  # embedded | production
    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"
    database_url: str = "sqlite://var/shebao.sqlite3"
    redis_url: str = ""
    redis_namespace: str = "shebao"  # every key is "<namespace>:…"
    secret_key: str = "embedded-demo-secret-key-change-me-in-production"
    channels_mode: str = "sandbox"  # sandbox | live
    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = 8001
    upstream_mode: str = "sandbox"
    upstream_timeout_seconds: float = 10.0
    load_demo_data: bool = True
    regions_dir: str = str(CONFIG_DIR / "regions")
    session_ttl_seconds: int = 7200
    login_rate_per_minute: int = 10
    binding_rate_per_hour: int = 10
    notification_window_seconds: int = 300
    lock_timeout_seconds: float = 30.0
    access_log: bool = False
    payment_expire_minutes: int = 30  # the channel order's time_expire; the jobs close it afterwards
    jobs_interval_seconds: float = 60.0  # 0: no in-process jobs (tests, or an external scheduler)
    wechat: WeChatSettings = field(default_factory=WeChatSettings)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def validate(self) -> Settings:
        if self.profile not in ("embedded", "production"):
            raise SettingsError(f"profile must be embedded or production, not {self.profile!r}")
        if self.profile == "production":
            if self.channels_mode == "sandbox" or self.upstream_mode == "sandbox":
                raise SettingsError("the sandboxes refuse to run in the production profile")
            if self.secret_key == Settings.secret_key or len(self.secret_key) < 32:
                raise SettingsError("production needs its own secret_key of at least 32 characters")
        return self


def _coerce(current: Any, raw: str) -> Any:
    if isinstance(current, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, float):
        return float(raw)
    return raw


def _apply(obj: Any, data: Mapping[str, Any], env: Mapping[str, str], prefix: str) -> Any:
    changes: dict[str, Any] = {}
    for f in fields(obj):
        current = getattr(obj, f.name)
        if isinstance(current, _Masked):
            sub = data.get(f.name, {})
            changes[f.name] = _apply(current, sub, env, f"{prefix}{f.name.upper()}_")
            continue
        if f.name in data:
            changes[f.name] = data[f.name]
        env_name = f"{prefix}{f.name.upper()}"
        if env_name in env:
            changes[f.name] = _coerce(current, env[env_name])
    unknown = set(data) - {f.name for f in fields(obj)}
    if unknown:
        raise SettingsError(f"unknown settings: {sorted(unknown)}")
    return replace(obj, **changes)


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build the settings from defaults, TOML files and the environment; `overrides` win."""
    env = os.environ if env is None else env
    data: dict[str, Any] = {}
    for path in (CONFIG_DIR / "default.toml", env.get(f"{ENV_PREFIX}CONFIG_FILE")):
        if path and Path(path).exists():
            with open(path, "rb") as fh:
                loaded = tomllib.load(fh)
            for key, value in loaded.items():
                if isinstance(value, dict):
                    data.setdefault(key, {}).update(value)
                else:
                    data[key] = value
    settings = _apply(Settings(), data, env, ENV_PREFIX)
    if overrides:
        settings = replace(settings, **overrides)
    return settings.validate()
