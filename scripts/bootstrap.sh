#!/usr/bin/env bash
# Create .venv in the repo root (or reuse it) and install itinera with its dev tools.
# Re-installs only when pyproject.toml changed since the last install. Needs only python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.itinera-installed"
want="$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$root/pyproject.toml")"
if [ ! -x "$venv/bin/python" ]; then
  echo "itinera: creating virtual environment in .venv" >&2
  python3 -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "itinera: installing dependencies into .venv (first run takes a few minutes)" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root[dev]"
  echo "$want" > "$stamp"
fi
