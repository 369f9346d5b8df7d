# Sourced by scripts/serve, scripts/test, scripts/lock and .ci/run: the project's virtualenv,
# installed from the lock. requirements.txt (uv.lock exported by scripts/lock) names every
# dependency at an exact version with its hashes; pip installs exactly those and refuses anything
# else (--require-hashes), then installs this project without resolving again (--no-deps, built by
# the locked setuptools). When the lock changes the virtualenv is made again from nothing, so it
# holds what the lock says and no more; when only pyproject.toml changes, the project is reinstalled.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
lock_stamp=.venv/.lock-$(sha1sum requirements.txt | cut -c1-12)
project_stamp=.venv/.project-$(sha1sum pyproject.toml | cut -c1-12)
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)

_venv_pip() {  # pip's chatter (e.g. this machine's missing find-links folders) to a log, shown on failure
  if ! "${pip[@]}" "$@" 2>>.venv/install.log; then
    cat .venv/install.log >&2
    echo "_venv.sh: install failed (log above, kept in .venv/install.log)" >&2
    exit 1
  fi
}

if [ ! -f "$lock_stamp" ]; then
  if ! "$PYTHON" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))'; then
    echo "_venv.sh: the lock is for CPython 3.11 to 3.13; $PYTHON is $("$PYTHON" -V 2>&1)." \
      "Set PYTHON=python3.11 (or 3.12, 3.13)." >&2
    exit 1
  fi
  rm -rf .venv
  "$PYTHON" -m venv .venv
  echo "_venv.sh: installing the locked dependencies into .venv (requirements.txt)" >&2
  _venv_pip --require-hashes -r requirements.txt
  touch "$lock_stamp"
fi
if [ ! -f "$project_stamp" ]; then
  _venv_pip --no-deps --no-build-isolation -e .
  rm -f .venv/.project-* && touch "$project_stamp"
fi
unset -f _venv_pip
# shellcheck disable=SC1091
. .venv/bin/activate
