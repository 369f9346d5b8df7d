"""The simulators are not part of the product: a process in the production profile cannot import
them, and building the production service (every module of the production packages imported, the
app, its channels and upstream; on PostgreSQL and Redis its services started too) never loads
them. Staging (`allow_sandboxes`) still can."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from payment_channels import demo_key_pairs as key_pairs
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_PACKAGES = ("app", "miniprogram_api", "payment_channels", "dashboard", "public_site", "pdfs", "config")

BUILD_THE_PRODUCT = f"""
import asyncio, importlib, pkgutil, sys

count = 0
for name in {PRODUCTION_PACKAGES!r}:
    package = importlib.import_module(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(module.name)
        count += 1

from app.bootstrap import build_services, close_services, build_channels, default_upstream
from app.server import create_app
from config.regions import load_region_profiles
from config.settings import load_settings

settings = load_settings()
assert settings.profile == "production" and not settings.allow_sandboxes, settings
create_app(settings)
assert sorted(build_channels(settings)) == ["alipay", "bank_agreement", "wechat_pay"]
default_upstream(settings, load_region_profiles())


async def services() -> None:
    await close_services(await build_services(settings))
    print("services started and closed")

if sys.argv[1] == "start":
    asyncio.run(services())
loaded = sorted(m for m in sys.modules if m == "sandboxes" or m.startswith("sandboxes."))
assert not loaded, loaded
print("imported", count, "modules; sandboxes loaded: none")
"""


def _env(**variables: str) -> dict[str, str]:
    """This process's environment without its SHEBAO_* settings, plus `variables`."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("SHEBAO_")}, **variables}


def _python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def _production(tmp_path: Path) -> dict[str, str]:
    """A valid production profile: live channels with their own key files, PostgreSQL and Redis
    (the test's when it has them; else addresses nothing is asked of)."""
    keys = tmp_path / "keys"
    files = {}
    for variable, name in (("SHEBAO_ALIPAY_APP_PRIVATE_KEY_FILE", "alipay_app"),
                           ("SHEBAO_ALIPAY_ALIPAY_PUBLIC_KEY_FILE", "alipay_platform"),
                           ("SHEBAO_BANK_MERCHANT_PRIVATE_KEY_FILE", "bank_merchant"),
                           ("SHEBAO_BANK_BANK_PUBLIC_KEY_FILE", "bank_gateway")):
        key = key_pairs.load_or_create(keys, name)
        path = tmp_path / f"{variable.lower()}.pem"
        path.write_text(key_pairs.public_pem(key) if "PUBLIC" in variable else key_pairs.private_pem(key))
        files[variable] = str(path)
    return _env(
        SHEBAO_PROFILE="production", SHEBAO_CHANNELS_MODE="live", SHEBAO_UPSTREAM_MODE="live",
        SHEBAO_SECRET_KEY="a-production-secret-key-of-40-characters!",
        SHEBAO_DATABASE_URL=TEST_DATABASE_URL or "postgres://shebao@127.0.0.1:1/shebao",
        SHEBAO_REDIS_URL=TEST_REDIS_URL or "redis://127.0.0.1:1/0",
        SHEBAO_UPSTREAM_URL="https://upstream.invalid", SHEBAO_WECHAT_GATEWAY_URL="https://wechat.invalid",
        SHEBAO_ALIPAY_GATEWAY_URL="https://alipay.invalid/gateway.do", SHEBAO_BANK_GATEWAY_URL="https://bank.invalid",
        SHEBAO_IN_PROCESS_WORKER="false", SHEBAO_WECHAT_KEYS_DIR=str(keys),
        SHEBAO_CERTIFICATE_KEYS_DIR=str(tmp_path / "certificate-keys"),
        SHEBAO_CERTIFICATE_TSA_URL="https://tsa.invalid/tsp", SHEBAO_CERTIFICATE_OCSP_URL="https://ocsp.invalid",
        **files,
    )


def test_the_production_profile_cannot_import_the_sandboxes() -> None:
    for module in ("sandboxes", "sandboxes.wechat_pay", "sandboxes.upstream.demo_data"):
        refused = _python(_env(SHEBAO_PROFILE="production"), "-c", f"import {module}")
        assert refused.returncode == 1, refused.stderr
        assert "ImportError: sandboxes: the simulators are not part of the product" in refused.stderr


def test_staging_and_the_embedded_default_import_them() -> None:
    script = "import sandboxes.wechat_pay, sandboxes.alipay, sandboxes.bank, sandboxes.upstream.http"
    for env in (_env(), _env(SHEBAO_PROFILE="production", SHEBAO_ALLOW_SANDBOXES="true")):
        allowed = _python(env, "-c", script)
        assert allowed.returncode == 0, allowed.stderr


def test_building_the_production_service_loads_no_sandbox(tmp_path: Path) -> None:
    start = "start" if TEST_DATABASE_URL and TEST_REDIS_URL else "build"
    built = _python(_production(tmp_path), "-c", BUILD_THE_PRODUCT, start)
    assert built.returncode == 0, built.stderr
    assert "sandboxes loaded: none" in built.stdout
    assert ("services started and closed" in built.stdout) == (start == "start")


def test_the_sandbox_command_is_refused_in_production(tmp_path: Path) -> None:
    refused = _python(_production(tmp_path), "-m", "app", "sandbox")
    assert refused.returncode == 1 and "refuse the production profile" in refused.stderr
