"""One frozen settings object, built once at start-up by `load_settings`.

Sources, later wins: built-in defaults → `config/default.toml` → the TOML file named by
`SHEBAO_CONFIG_FILE` → environment variables `SHEBAO_<KEY>` (`SHEBAO_WECHAT_<KEY>`,
`SHEBAO_ALIPAY_<KEY>`, `SHEBAO_BANK_<KEY>` for the `[wechat]`, `[alipay]`, `[bank]` tables) →
keyword overrides. Nothing else in the code base reads `os.environ`.
Secrets are masked in `repr()` and `str()`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

CONFIG_DIR = Path(__file__).resolve().parent
PROJECT_DIR = CONFIG_DIR.parent
ENV_PREFIX = "SHEBAO_"
CONFIG_FILE_VARIABLE = f"{ENV_PREFIX}CONFIG_FILE"
DEMO_SECRET_KEY = "embedded-demo-secret-key-change-me-in-production"
_SECRETS = frozenset({"secret_key", "app_secret", "forwarded_secret", "upstream_secret", "metrics_token"})
_URL_USERINFO = re.compile(r"(?<=://)[^/]*@")  # greedy: an unescaped "@" in a password is masked too

# The environment of the load_settings call in progress; unset, Settings(...) reads no source at all.
_loading_env: ContextVar[Mapping[str, str] | None] = ContextVar("shebao_loading_env", default=None)
Profile = Literal["embedded", "production"]
_Model = TypeVar("_Model", bound=BaseSettings)


class SettingsError(ValueError):
    """A setting is missing, unknown or invalid."""


def _masked(name: str | None, value: Any) -> Any:
    if name in _SECRETS and value:
        return "***"
    if isinstance(value, str):
        return _URL_USERINFO.sub("***@", value)
    return value


class _Masked(BaseModel):
    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, _masked(name, value)


class WeChatSettings(_Masked):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    appid: str = "wx5a1c0e0d00demo01"
    mchid: str = "1900000109"
    app_secret: str = "sandbox-app-secret"
    gateway_url: str = ""  # empty: the sandbox the service starts itself
    login_base_url: str = ""  # empty: the same sandbox
    keys_dir: str = "var/keys"
    timeout_seconds: float = 10.0


class AlipaySettings(_Masked):
    """支付宝 open platform: the app (小程序 / 楚税通) and the merchant it collects for.

    Keys: `app_private_key_file` (PKCS#1 PEM, what the SDK signs with) and `alipay_public_key_file`
    (Alipay's public key, PEM); both empty on the embedded default, which makes a demo pair beside
    the WeChat Pay demo keys (`wechat.keys_dir`) and gives the sandbox the other halves.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    enabled: bool = True
    app_id: str = "2021004100000001"
    seller_id: str = "2088000000000001"  # the merchant's PID: notifications must name it
    gateway_url: str = ""  # empty: the sandbox the service starts itself
    app_private_key_file: str = ""
    alipay_public_key_file: str = ""
    timeout_seconds: float = 10.0


class BankSettings(_Masked):
    """The bank-side withholding gateway (两方协议 / 个人委托扣款协议 debits and batch debits).

    Keys: `merchant_private_key_file` (ours, PEM) and `bank_public_key_file` (the gateway's, PEM);
    both empty on the embedded default (a demo pair beside the WeChat Pay demo keys).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    enabled: bool = True
    merchant_no: str = "SBF4200000000001"
    gateway_url: str = ""  # empty: the sandbox the service starts itself
    merchant_private_key_file: str = ""
    bank_public_key_file: str = ""
    timeout_seconds: float = 10.0


class Settings(_Masked, BaseSettings):
    """`Settings(...)` alone takes defaults and keywords only; `load_settings` adds files and environment."""

    model_config = SettingsConfigDict(
        frozen=True, extra="forbid", hide_input_in_errors=True,
        env_prefix=ENV_PREFIX, env_nested_delimiter="_", env_nested_max_split=1,
    )

    profile: Profile = "embedded"
    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str = ""  # empty: http://{host}:{port}
    database_url: str = "sqlite://var/shebao.sqlite3"
    redis_url: str = ""
    redis_namespace: str = "shebao"  # every key is "<namespace>:…"
    secret_key: str = DEMO_SECRET_KEY
    channels_mode: Literal["sandbox", "live"] = "sandbox"
    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = 8001
    sandbox_keep_in_memory: int = Field(default=5000, ge=1)  # finished sandbox trades held in memory (more: disk)
    upstream_mode: Literal["sandbox", "live"] = "sandbox"
    upstream_url: str = ""  # the upstream gateway (or `python -m app sandbox`); empty: the sandbox in process
    upstream_secret: str = "sandbox-upstream-secret"  # HMAC key of requests to and answers from upstream
    upstream_timeout_seconds: float = 10.0
    allow_sandboxes: bool = False  # production profile only: run against the sandboxes on purpose (staging)
    load_demo_data: bool = True
    regions_dir: str = str(CONFIG_DIR / "regions")
    session_ttl_seconds: int = 7200
    # rate limits (app/rate_limits.py): attempts per moving window; one past the limit is refused, not counted
    login_rate_per_minute: int = 10  # per client address: mini-program and app sign-ins
    binding_rate_per_hour: int = 10  # per user: bindings, and (counted apart) face verifications started
    identity_check_rate_per_hour: int = 30  # per user: name + id number checks with upstream
    records_lookup_rate_per_hour: int = Field(default=10, ge=1)  # per user: 社保费申报查询 of unrelated people
    captcha_rate_per_minute: int = Field(default=30, ge=1)  # per client address: captchas, API and public page
    certificate_verification_rate_per_minute: int = Field(default=20, ge=1)  # per client address: 记录查验
    institution_verification_rate_per_minute: int = Field(default=60, ge=1)  # per institution API key (its own wins)
    operator_sign_in_rate_per_minute: int = Field(default=20, ge=1)  # per client address, besides the lockout
    unverified_notifications_per_minute: int = Field(default=60, ge=1)  # per sender: unverified ones kept
    notification_window_seconds: int = 300
    lock_timeout_seconds: float = 30.0
    access_log: bool = False
    log_format: Literal["text", "json"] = "text"  # json: one object per line, with request id and numbers
    metrics_token: str = ""  # set: /metrics asks for `Authorization: Bearer <token>`
    payment_expire_minutes: int = 30  # the channel order's time_expire; the jobs close it afterwards
    in_process_worker: bool = True  # the embedded default runs the job worker inside `serve`; else `app worker`
    worker_concurrency: int = Field(default=4, ge=1, le=64)
    stalled_job_seconds: int = Field(default=120, ge=1)  # a worker silent this long: its jobs run again
    api_start_seconds: int = Field(default=120, ge=5)  # `api`: how long its workers may take to start
    proxies_count: int = Field(default=0, ge=0, le=10)  # trusted proxies adding X-Forwarded-For; 0: the socket peer
    real_ip_header: str = ""  # e.g. "x-real-ip", set by the one trusted proxy
    forwarded_secret: str = ""  # Sanic's FORWARDED_SECRET for the Forwarded header
    # certificates: PEM files certificate_signing_{key,cert,root}.pem; empty: a demo chain made beside the
    # WeChat Pay demo keys (the sandbox's), which the production profile refuses
    certificate_keys_dir: str = ""
    # PAdES B-LTA (pdfs/signing.py): the RFC 3161 timestamp authority, and the OCSP responder of the signing
    # certificate's CA (empty: the one each certificate names in its AIA). Empty on the embedded default: the
    # sandbox authority (`/trust/tsa`, `/trust/ocsp`), which the production profile refuses
    certificate_tsa_url: str = ""
    certificate_ocsp_url: str = ""
    certificate_trust_timeout_seconds: float = Field(default=10.0, gt=0)
    # the operations dashboard (/dashboard)
    operator_session_minutes: int = Field(default=120, ge=5, le=24 * 60)  # idle time before signing in again
    operator_lockout_attempts: int = Field(default=5, ge=3, le=20)  # consecutive failed sign-ins
    operator_lockout_minutes: int = Field(default=15, ge=1, le=24 * 60)
    wechat: WeChatSettings = Field(default_factory=WeChatSettings)
    alipay: AlipaySettings = Field(default_factory=AlipaySettings)
    bank: BankSettings = Field(default_factory=BankSettings)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @field_validator("public_base_url")
    @classmethod
    def _derive_public_base_url(cls, value: str, info: ValidationInfo) -> str:
        if value:
            return value.rstrip("/")
        if "host" not in info.data or "port" not in info.data:
            return value  # host or port is invalid and already reported
        host = info.data["host"]
        host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        return f"http://{f'[{host}]' if ':' in host else host}:{info.data['port']}"

    @model_validator(mode="after")
    def _production_rules(self) -> Settings:
        if self.profile == "production":
            if "sandbox" in (self.channels_mode, self.upstream_mode) and not self.allow_sandboxes:
                raise ValueError("channels_mode and upstream_mode: the sandboxes refuse the production profile "
                                 "(unless allow_sandboxes is set on purpose)")
            if self.is_sqlite or not self.redis_url:
                raise ValueError("database_url and redis_url: production runs on PostgreSQL and Redis")
            if not self.upstream_url:
                raise ValueError("upstream_url: production reaches upstream over HTTP (or the sandbox process)")
            if self.in_process_worker:
                raise ValueError("in_process_worker: production runs jobs in `python -m app worker`, not in the API")
            if self.secret_key == DEMO_SECRET_KEY or len(self.secret_key) < 32:
                raise ValueError("secret_key: production needs its own secret_key of at least 32 characters")
            for table, keys in (("alipay", (self.alipay.app_private_key_file, self.alipay.alipay_public_key_file)),
                                ("bank", (self.bank.merchant_private_key_file, self.bank.bank_public_key_file))):
                enabled = getattr(self, table).enabled
                if enabled and not all(keys) and not self.allow_sandboxes:
                    raise ValueError(f"{table}: production needs its key files (or enabled = false)")
                if enabled and self.channels_mode == "live" and not getattr(self, table).gateway_url:
                    raise ValueError(f"{table}: live channels need gateway_url (or enabled = false)")
            if not self.certificate_keys_dir and not self.allow_sandboxes:
                raise ValueError("certificate_keys_dir: production signs certificates with the tax bureau's own "
                                 "certificate, not the demo chain")
            if self.certificate_keys_dir and not (self.certificate_tsa_url and self.certificate_ocsp_url):
                raise ValueError("certificate_tsa_url and certificate_ocsp_url: production timestamps certificates "
                                 "(PAdES B-LTA) at a real timestamp authority and embeds its CA's OCSP answers")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return _sources(settings_cls, init_settings)


class _SandboxGate(BaseSettings):
    """The two settings that say whether the simulators may be loaded, read from the same sources as
    `Settings`; every other key is ignored and nothing else is checked."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", hide_input_in_errors=True,
                                      env_prefix=ENV_PREFIX)

    profile: Profile = "embedded"
    allow_sandboxes: bool = False

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return _sources(settings_cls, init_settings)


def _sources(settings_cls: type[BaseSettings],
             init_settings: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
    """Keywords, then the environment of the `load_settings` call in progress, then the TOML files."""
    env = _loading_env.get()
    if env is None:
        return (init_settings,)
    files = [path for path in (env.get(CONFIG_FILE_VARIABLE), CONFIG_DIR / "default.toml") if path]
    tomls = (TomlConfigSettingsSource(settings_cls, path) for path in files)
    return (init_settings, _MappingEnvSource(settings_cls, env), *tomls)


def _env_names() -> frozenset[str]:
    tables: dict[str, type[BaseModel]] = {"wechat": WeChatSettings, "alipay": AlipaySettings, "bank": BankSettings}
    top = {f"{ENV_PREFIX}{name.upper()}" for name in Settings.model_fields if name not in tables}
    return frozenset(top | {f"{ENV_PREFIX}{table.upper()}_{name.upper()}"
                            for table, model in tables.items() for name in model.model_fields})


class _MappingEnvSource(EnvSettingsSource):
    """`SHEBAO_*` variables from the given mapping; names that are not settings are left alone."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str]) -> None:
        self._env = env
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        names = _env_names()
        return {name.lower(): value for name, value in self._env.items() if name in names}


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            problems.append(f"unknown setting {key!r}")
        else:
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{key}: {message}" if key else message)
    return "; ".join(problems)


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build the settings from defaults, the TOML files, the environment and `overrides`.

    Args:
        env: the variables to read; None reads the process environment. Variables named
            `SHEBAO_*` that are not settings (`SHEBAO_CONFIG_FILE`, `SHEBAO_TEST_*`) are ignored.
        overrides: field values that win over every other source (`wechat=` replaces the table).

    Raises:
        SettingsError: a value is invalid, a TOML key unknown, the config file missing or
            unreadable, or the production profile's rules are broken. The message names the key.
    """
    return _load(Settings, env, overrides)


def sandboxes_allowed(env: Mapping[str, str] | None = None) -> bool:
    """Whether this process may load the simulators (the `sandboxes` package): not in the
    production profile, unless `allow_sandboxes` is set on purpose (staging). The profile is read
    as `load_settings` reads it (the environment, then the TOML files); no other setting is checked.

    Args:
        env: the variables to read; None reads the process environment.

    Raises:
        SettingsError: `profile` or `allow_sandboxes` is invalid, or the config file is missing or
            unreadable.
    """
    gate = _load(_SandboxGate, env, {})
    return gate.profile != "production" or gate.allow_sandboxes


def _load(model: type[_Model], env: Mapping[str, str] | None, overrides: Mapping[str, Any]) -> _Model:
    env = os.environ if env is None else env
    config_file = env.get(CONFIG_FILE_VARIABLE)
    if config_file and not Path(config_file).is_file():
        raise SettingsError(f"{CONFIG_FILE_VARIABLE}: no such file {config_file!r}")
    token = _loading_env.set(env)
    try:
        return model(**overrides)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"malformed TOML in {config_file or CONFIG_DIR / 'default.toml'}: {exc}") from None
    finally:
        _loading_env.reset(token)
