"""Settings: defaults, TOML and environment sources in order, validation, masking, immutability."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from config.settings import (
    DEMO_SECRET_KEY,
    Settings,
    SettingsError,
    WeChatSettings,
    load_settings,
    sandboxes_allowed,
)

PRODUCTION_SECRET = "a-production-secret-key-of-40-characters!"


def _toml(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "shebao.toml"
    path.write_text(text, encoding="utf-8")
    return {"SHEBAO_CONFIG_FILE": str(path)}


def _refused(env: dict[str, str], **overrides: object) -> str:
    with pytest.raises(SettingsError) as caught:
        load_settings(env=env, **overrides)
    return str(caught.value)


def test_defaults() -> None:
    settings = load_settings(env={})
    assert settings.profile == "embedded" and settings.port == 8000 and settings.host == "127.0.0.1"
    assert settings.public_base_url == "http://127.0.0.1:8000"
    assert settings.is_sqlite and settings.channels_mode == settings.upstream_mode == "sandbox"
    assert settings.secret_key == DEMO_SECRET_KEY and settings.load_demo_data and not settings.access_log
    assert settings.proxies_count == 0 and settings.real_ip_header == settings.forwarded_secret == ""
    assert settings.wechat == WeChatSettings() and settings.wechat.keys_dir == "var/keys"


def test_a_toml_file_named_by_the_environment(tmp_path: Path) -> None:
    env = _toml(tmp_path, 'port = 9100\nredis_url = "redis://127.0.0.1:6379/0"\n[wechat]\nappid = "wxFromToml"\n')
    settings = load_settings(env=env)
    assert settings.port == 9100 and settings.redis_url == "redis://127.0.0.1:6379/0"
    # the [wechat] table merges with default.toml's, it does not replace it
    assert settings.wechat.appid == "wxFromToml" and settings.wechat.keys_dir == "var/keys"


def test_the_environment_wins_over_toml(tmp_path: Path) -> None:
    env = _toml(tmp_path, 'port = 9100\naccess_log = false\n[wechat]\nappid = "wxFromToml"\n')
    env |= {"SHEBAO_PORT": "9200", "SHEBAO_ACCESS_LOG": "yes", "SHEBAO_WECHAT_APPID": "wxFromEnv"}
    settings = load_settings(env=env)
    assert settings.port == 9200 and settings.access_log and settings.wechat.appid == "wxFromEnv"


def test_nested_wechat_variables() -> None:
    settings = load_settings(env={"SHEBAO_WECHAT_KEYS_DIR": "/srv/keys", "SHEBAO_WECHAT_TIMEOUT_SECONDS": "2.5"})
    assert settings.wechat.keys_dir == "/srv/keys" and settings.wechat.timeout_seconds == 2.5
    assert settings.wechat.appid == WeChatSettings().appid


@pytest.mark.parametrize(("raw", "expected"), [(v, True) for v in ("1", "true", "yes", "on", "TRUE")]
                         + [(v, False) for v in ("0", "false", "no", "off")])
def test_booleans_from_the_environment(raw: str, expected: bool) -> None:
    assert load_settings(env={"SHEBAO_LOAD_DEMO_DATA": raw}).load_demo_data is expected


def test_other_shebao_variables_are_ignored() -> None:
    env = {"SHEBAO_TEST_DATABASE_URL": "postgres://x@h/db", "SHEBAO_TEST_REDIS_URL": "redis://h",
           "SHEBAO_WECHAT_NOT_A_SETTING": "1", "SHEBAO_WECHAT": "{}", "shebao_port": "1"}
    assert load_settings(env=env) == load_settings(env={})


@pytest.mark.parametrize(("text", "key"), [("foo = 1\n", "'foo'"), ("[wechat]\nbar = 2\n", "'wechat.bar'")])
def test_an_unknown_toml_key_is_refused(tmp_path: Path, text: str, key: str) -> None:
    assert f"unknown setting {key}" in _refused(_toml(tmp_path, text))


def test_a_missing_or_malformed_config_file_is_refused(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.toml")
    assert "SHEBAO_CONFIG_FILE" in _refused({"SHEBAO_CONFIG_FILE": missing})
    assert "shebao.toml" in _refused(_toml(tmp_path, "port = \n"))


@pytest.mark.parametrize(
    ("env", "key"),
    [
        ({"SHEBAO_PORT": "abc"}, "port"),
        ({"SHEBAO_LOCK_TIMEOUT_SECONDS": "soon"}, "lock_timeout_seconds"),
        ({"SHEBAO_ACCESS_LOG": "maybe"}, "access_log"),
        ({"SHEBAO_WECHAT_TIMEOUT_SECONDS": "x"}, "wechat.timeout_seconds"),
        ({"SHEBAO_PROFILE": "staging"}, "profile"),
        ({"SHEBAO_CHANNELS_MODE": "mock"}, "channels_mode"),
        ({"SHEBAO_PROXIES_COUNT": "11"}, "proxies_count"),
        ({"SHEBAO_PROXIES_COUNT": "-1"}, "proxies_count"),
    ],
)
def test_a_bad_value_is_refused_naming_the_key(env: dict[str, str], key: str) -> None:
    assert _refused(env).startswith(f"{key}:")


def test_an_unknown_override_is_refused() -> None:
    assert "unknown setting 'bogus'" in _refused({}, bogus=1)


def test_trusted_proxy_settings() -> None:
    env = {"SHEBAO_PROXIES_COUNT": "2", "SHEBAO_REAL_IP_HEADER": "x-real-ip", "SHEBAO_FORWARDED_SECRET": "s3cret"}
    settings = load_settings(env=env)
    assert (settings.proxies_count, settings.real_ip_header, settings.forwarded_secret) == (2, "x-real-ip", "s3cret")


SERVICES = {"SHEBAO_DATABASE_URL": "postgres://shebao@db.internal:5432/shebao", "SHEBAO_REDIS_URL": "redis://r:6379/0",
            "SHEBAO_UPSTREAM_URL": "https://gateway.internal", "SHEBAO_IN_PROCESS_WORKER": "false",
            "SHEBAO_CERTIFICATE_KEYS_DIR": "/etc/shebao/certificate-keys",
            "SHEBAO_CERTIFICATE_TSA_URL": "https://tsa.ca.example/tsp", "SHEBAO_CERTIFICATE_OCSP_URL": "https://ocsp.ca.example",
            "SHEBAO_ALIPAY_APP_PRIVATE_KEY_FILE": "/etc/shebao/alipay/app_private_key.pem",
            "SHEBAO_ALIPAY_ALIPAY_PUBLIC_KEY_FILE": "/etc/shebao/alipay/alipay_public_key.pem",
            "SHEBAO_BANK_MERCHANT_PRIVATE_KEY_FILE": "/etc/shebao/bank/merchant_private_key.pem",
            "SHEBAO_BANK_BANK_PUBLIC_KEY_FILE": "/etc/shebao/bank/bank_public_key.pem",
            "SHEBAO_ALIPAY_GATEWAY_URL": "https://openapi.alipay.com/gateway.do",
            "SHEBAO_BANK_GATEWAY_URL": "https://bank-gateway.internal"}


def test_production_refuses_the_sandboxes() -> None:
    live = {"SHEBAO_PROFILE": "production", "SHEBAO_SECRET_KEY": PRODUCTION_SECRET, **SERVICES}
    assert "sandbox" in _refused(live)  # both modes default to sandbox
    assert "sandbox" in _refused(live | {"SHEBAO_CHANNELS_MODE": "live"})
    assert "sandbox" in _refused(live | {"SHEBAO_UPSTREAM_MODE": "live"})


@pytest.mark.parametrize("secret_key", [DEMO_SECRET_KEY, "x" * 31])
def test_production_needs_its_own_long_secret_key(secret_key: str) -> None:
    env = {"SHEBAO_PROFILE": "production", "SHEBAO_CHANNELS_MODE": "live", "SHEBAO_UPSTREAM_MODE": "live",
           "SHEBAO_SECRET_KEY": secret_key, **SERVICES}
    message = _refused(env)
    assert message.startswith("secret_key:") and secret_key not in message


def test_a_valid_production_profile() -> None:
    env = {"SHEBAO_PROFILE": "production", "SHEBAO_CHANNELS_MODE": "live", "SHEBAO_UPSTREAM_MODE": "live",
           "SHEBAO_SECRET_KEY": PRODUCTION_SECRET, **SERVICES}
    assert load_settings(env=env).profile == "production"


def test_production_signs_certificates_with_the_bureaus_own_keys() -> None:
    env = {"SHEBAO_PROFILE": "production", "SHEBAO_CHANNELS_MODE": "live", "SHEBAO_UPSTREAM_MODE": "live",
           "SHEBAO_SECRET_KEY": PRODUCTION_SECRET, **SERVICES}
    assert _refused(env | {"SHEBAO_CERTIFICATE_KEYS_DIR": ""}).startswith("certificate_keys_dir:")


@pytest.mark.parametrize("missing", ["SHEBAO_CERTIFICATE_TSA_URL", "SHEBAO_CERTIFICATE_OCSP_URL"])
def test_production_names_a_real_timestamp_authority_and_ocsp_responder(missing: str) -> None:
    env = {"SHEBAO_PROFILE": "production", "SHEBAO_CHANNELS_MODE": "live", "SHEBAO_UPSTREAM_MODE": "live",
           "SHEBAO_SECRET_KEY": PRODUCTION_SECRET, **SERVICES}
    assert _refused(env | {missing: ""}).startswith("certificate_tsa_url and certificate_ocsp_url:")


def test_production_runs_on_postgres_redis_and_an_upstream_gateway() -> None:
    env = {"SHEBAO_PROFILE": "production", "SHEBAO_CHANNELS_MODE": "live", "SHEBAO_UPSTREAM_MODE": "live",
           "SHEBAO_SECRET_KEY": PRODUCTION_SECRET, **SERVICES}
    assert "database_url" in _refused(env | {"SHEBAO_DATABASE_URL": "sqlite://var/x.sqlite3"})
    assert "redis_url" in _refused(env | {"SHEBAO_REDIS_URL": ""})
    assert "upstream_url" in _refused(env | {"SHEBAO_UPSTREAM_URL": ""})
    assert "in_process_worker" in _refused(env | {"SHEBAO_IN_PROCESS_WORKER": "true"})


def test_staging_allows_the_sandboxes_on_purpose() -> None:
    env = {"SHEBAO_PROFILE": "production", "SHEBAO_SECRET_KEY": PRODUCTION_SECRET, **SERVICES,
           "SHEBAO_ALLOW_SANDBOXES": "true"}
    settings = load_settings(env=env)
    assert (settings.profile, settings.channels_mode, settings.allow_sandboxes) == ("production", "sandbox", True)



@pytest.mark.parametrize(("env", "allowed"), [
    ({}, True),
    ({"SHEBAO_PROFILE": "embedded"}, True),
    ({"SHEBAO_PROFILE": "production"}, False),  # refused even where the rest would not load
    ({"SHEBAO_PROFILE": "production", "SHEBAO_ALLOW_SANDBOXES": "false"}, False),
    ({"SHEBAO_PROFILE": "production", "SHEBAO_ALLOW_SANDBOXES": "true"}, True),  # staging, on purpose
])
def test_the_sandboxes_may_be_loaded_outside_production(env: dict[str, str], allowed: bool) -> None:
    assert sandboxes_allowed(env) is allowed


def test_the_sandboxes_read_the_profile_as_the_settings_do(tmp_path: Path) -> None:
    env = _toml(tmp_path, 'profile = "production"\nport = 9100\n[wechat]\nappid = "wxFromToml"\n')
    assert not sandboxes_allowed(env)
    assert sandboxes_allowed(env | {"SHEBAO_PROFILE": "embedded"})  # the environment wins, as for load_settings
    with pytest.raises(SettingsError, match="profile"):
        sandboxes_allowed({"SHEBAO_PROFILE": "staging"})
    with pytest.raises(SettingsError, match="SHEBAO_CONFIG_FILE"):
        sandboxes_allowed({"SHEBAO_CONFIG_FILE": str(tmp_path / "missing.toml")})


def test_public_base_url_follows_the_port_when_not_given() -> None:
    assert load_settings(env={"SHEBAO_PORT": "9000"}).public_base_url == "http://127.0.0.1:9000"
    env = {"SHEBAO_HOST": "0.0.0.0", "SHEBAO_PORT": "9000"}
    assert load_settings(env=env).public_base_url == "http://127.0.0.1:9000"
    assert load_settings(env={"SHEBAO_HOST": "::"}).public_base_url == "http://127.0.0.1:8000"
    assert load_settings(env={"SHEBAO_HOST": "10.0.0.5"}).public_base_url == "http://10.0.0.5:8000"


def test_public_base_url_is_kept_when_given(tmp_path: Path) -> None:
    env = {"SHEBAO_PORT": "9000", "SHEBAO_PUBLIC_BASE_URL": "https://pay.example.com/shebao/"}
    assert load_settings(env=env).public_base_url == "https://pay.example.com/shebao"
    env = _toml(tmp_path, 'public_base_url = "https://pay.example.com"\n') | {"SHEBAO_PORT": "9000"}
    assert load_settings(env=env).public_base_url == "https://pay.example.com"


def test_secrets_are_masked_when_printed() -> None:
    env = {
        "SHEBAO_SECRET_KEY": "top-secret-key-value-0123456789abcdef",
        "SHEBAO_WECHAT_APP_SECRET": "wechat-app-secret-value",
        "SHEBAO_FORWARDED_SECRET": "forwarded-secret-value",
        "SHEBAO_DATABASE_URL": "postgres://shebao:db-password@db.internal:5432/shebao",
        "SHEBAO_REDIS_URL": "redis://:redis-password@cache.internal:6379/0",
    }
    settings = load_settings(env=env)
    for text in (repr(settings), str(settings), repr(settings.wechat)):
        for secret in ("top-secret", "wechat-app-secret", "forwarded-secret", "db-password", "redis-password"):
            assert secret not in text
    assert "postgres://***@db.internal:5432/shebao" in repr(settings)
    assert "redis://***@cache.internal:6379/0" in repr(settings)
    # the values themselves stay plain strings for the callers
    assert settings.database_url == env["SHEBAO_DATABASE_URL"] and settings.secret_key == env["SHEBAO_SECRET_KEY"]


def test_an_explicit_env_ignores_the_process_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SHEBAO_PORT", "9999")
    monkeypatch.setenv("SHEBAO_WECHAT_APPID", "wxFromProcess")
    monkeypatch.setenv("SHEBAO_CONFIG_FILE", str(tmp_path / "missing.toml"))
    settings = load_settings(env={})
    assert settings.port == 8000 and settings.wechat.appid == WeChatSettings().appid


def test_no_env_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEBAO_PORT", "9999")
    assert load_settings().port == 9999


def test_overrides_win(tmp_path: Path) -> None:
    env = _toml(tmp_path, "port = 9100\n[wechat]\nkeys_dir = \"/toml/keys\"\n") | {"SHEBAO_PORT": "9200"}
    settings = load_settings(env=env, port=9300, wechat=WeChatSettings(timeout_seconds=2.0))
    assert settings.port == 9300 and settings.public_base_url == "http://127.0.0.1:9300"
    assert settings.wechat == WeChatSettings(timeout_seconds=2.0)  # the override replaces the whole table


def test_settings_by_hand_read_no_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEBAO_PORT", "9999")
    assert Settings().port == 8000 and Settings(port=1).public_base_url == "http://127.0.0.1:1"


def test_settings_are_frozen() -> None:
    settings = load_settings(env={})
    with pytest.raises(ValidationError):
        settings.port = 1
    with pytest.raises(ValidationError):
        settings.wechat.appid = "wxOther"


def test_production_needs_each_enabled_channel_s_own_keys() -> None:
    env = {"SHEBAO_PROFILE": "production", "SHEBAO_CHANNELS_MODE": "live", "SHEBAO_UPSTREAM_MODE": "live",
           "SHEBAO_SECRET_KEY": PRODUCTION_SECRET, **SERVICES}
    assert _refused(env | {"SHEBAO_ALIPAY_APP_PRIVATE_KEY_FILE": ""}).startswith("alipay:")
    assert _refused(env | {"SHEBAO_BANK_BANK_PUBLIC_KEY_FILE": ""}).startswith("bank:")
    assert _refused(env | {"SHEBAO_ALIPAY_GATEWAY_URL": ""}).startswith("alipay: live channels need gateway_url")
    off = env | {"SHEBAO_BANK_BANK_PUBLIC_KEY_FILE": "", "SHEBAO_BANK_ENABLED": "false"}
    assert load_settings(env=off).bank.enabled is False
