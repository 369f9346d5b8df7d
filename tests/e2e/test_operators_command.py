"""`python -m app operators …` as an administrator runs it, against a fresh embedded database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHEBAO_DATABASE_URL": f"sqlite://{tmp_path / 'ops.sqlite3'}", "SHEBAO_LOG_FORMAT": "text"}
    return subprocess.run([sys.executable, "-m", "app", "operators", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120, check=False)


def test_operators_are_added_listed_and_refused_with_reasons(tmp_path: Path) -> None:
    added = _run(tmp_path, "add", "li.si", "--role", "approver", "--name", "李四", "--password-stdin",
                 stdin="a-long-enough-password\n")
    assert added.returncode == 0, added.stderr
    assert "已添加操作员 li.si（审批员）" in added.stdout
    again = _run(tmp_path, "add", "li.si", "--role", "viewer", "--password-stdin", stdin="another-long-password\n")
    assert again.returncode == 2 and "operator_exists" in again.stderr and "该用户名已存在" in again.stderr
    weak = _run(tmp_path, "add", "wang.wu", "--role", "viewer", "--password-stdin", stdin="short\n")
    assert weak.returncode == 2 and "operator_password_weak" in weak.stderr
    bad = _run(tmp_path, "add", "Bad Name!", "--role", "viewer", "--password-stdin", stdin="a-long-enough-password\n")
    assert bad.returncode == 2 and "operator_username_invalid" in bad.stderr
    listed = _run(tmp_path, "list")
    assert listed.returncode == 0 and "li.si" in listed.stdout and "审批员" in listed.stdout
    assert "wang.wu" not in listed.stdout
    assert _run(tmp_path, "disable", "li.si").returncode == 0
    assert "已停用" in _run(tmp_path, "list").stdout
    missing = _run(tmp_path, "unlock", "nobody")
    assert missing.returncode == 2 and "operator_not_found" in missing.stderr
