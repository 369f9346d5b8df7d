"""`python -m app institutions …` as an operator runs it, against a fresh embedded database: a key
is printed once, kept only as a hash, listed without its secret, and revoked at once."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHEBAO_DATABASE_URL": f"sqlite://{tmp_path / 'inst.sqlite3'}", "SHEBAO_LOG_FORMAT": "text"}
    return subprocess.run([sys.executable, "-m", "app", "institutions", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120, check=False)


def test_a_key_is_issued_once_listed_without_its_secret_and_revoked(tmp_path: Path) -> None:
    added = _run(tmp_path, "add", "某银行股份有限公司武汉分行", "--rate-per-minute", "30")
    assert added.returncode == 0, added.stderr
    assert "每分钟 30 次" in added.stdout and "只显示这一次" in added.stdout
    [key] = re.findall(r"sbk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", added.stdout)
    with sqlite3.connect(tmp_path / "inst.sqlite3") as db:
        [(kept,)] = db.execute("SELECT secret_sha256 FROM institution_keys").fetchall()
    assert kept == hashlib.sha256(key.encode()).hexdigest()  # the key itself is not stored
    again = _run(tmp_path, "add", "某银行股份有限公司武汉分行")
    assert again.returncode == 2 and "institution_exists" in again.stderr
    listed = _run(tmp_path, "list")
    assert listed.returncode == 0 and "某银行股份有限公司武汉分行" in listed.stdout and "有效" in listed.stdout
    secret = key.removeprefix("sbk_")[13:]  # after the key id and its "_": the secret may itself hold "_" or "-"
    assert len(secret) == 43 and key not in listed.stdout and secret not in listed.stdout
    revoked = _run(tmp_path, "revoke", "某银行股份有限公司武汉分行")
    assert revoked.returncode == 0 and "已停用 1 个密钥" in revoked.stdout
    assert "已停用" in _run(tmp_path, "list").stdout
    missing = _run(tmp_path, "revoke", "没有这个机构")
    assert missing.returncode == 2 and "institution_not_found" in missing.stderr
    reissued = _run(tmp_path, "add", "某银行股份有限公司武汉分行")  # after revoking, a new key may be issued
    assert reissued.returncode == 0, reissued.stderr
