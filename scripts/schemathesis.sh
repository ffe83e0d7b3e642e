#!/usr/bin/env bash
# Installs schemathesis (pinned) into the repo's own virtualenv under
# .toolchain/ (git-ignored) with the preinstalled Python's pip, and prints
# the directory of its `schemathesis` executable. Idempotent: a second run
# reuses the venv. Exits non-zero with the reason when Python, venv or the
# install is not available.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.32.5
venv=".toolchain/schemathesis-$version"
if [ -x "$venv/bin/schemathesis" ] && "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  echo "$PWD/$venv/bin"
  exit 0
fi
python=$(command -v python3 || true)
[ -n "$python" ] || { echo "schemathesis.sh: python3 is not installed" >&2; exit 1; }
rm -rf "$venv"
"$python" -m venv "$venv" >&2 || { echo "schemathesis.sh: '$python -m venv' failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
"$venv/bin/python" -m pip install --quiet "schemathesis==$version" >&2 || {
  echo "schemathesis.sh: pip could not install schemathesis==$version (see above)" >&2
  rm -rf "$venv"
  exit 1
}
echo "$PWD/$venv/bin"
