#!/usr/bin/env bash
# Install what the checks and tests need: Debian packages, a venv at .venv with Lectern and its
# test and dev extras, and the Nu HTML Checker. scripts/test.sh and .ci/run call it; safe to rerun.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
# Debian's python3 is "externally managed" (PEP 668): everything goes into a venv of the project's own.
# `python3 -m venv` needs Debian's python3-venv; a venv that no longer runs (Python upgraded) is made anew.
if [ -e .venv ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
fi
if [ ! -e .venv ] && ! python3 -m venv .venv >/dev/null 2>&1; then
  rm -rf .venv
  need+=(python3-venv)
fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ -e .venv ] || python3 -m venv .venv

# Reinstall only when the declared dependencies changed (an editable install: the checkout is what runs).
# setuptools>=77 in the venv lets tests/test_package.py build a wheel without fetching a build backend.
stamp=.venv/.lectern-installed
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "setuptools>=77" -e ".[test,dev]"
  echo "$wanted" > "$stamp"
fi

# The Nu HTML Checker, pinned, from the npm registry (the jar is 32 MB, so it is fetched, not committed).
VNU_VERSION=26.9.27
if [ ! -f tests/.cache/vnu.jar ] || [ "$(cat tests/.cache/vnu.version 2>/dev/null)" != "$VNU_VERSION" ]; then
  mkdir -p tests/.cache
  scratch=$(mktemp -d)
  (cd "$scratch" && npm pack --silent "vnu-jar@$VNU_VERSION" >/dev/null && tar xzf "vnu-jar-$VNU_VERSION.tgz")
  cp "$scratch/package/build/dist/vnu.jar" tests/.cache/vnu.jar
  echo "$VNU_VERSION" > tests/.cache/vnu.version
  rm -rf "$scratch"
fi
