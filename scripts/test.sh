#!/usr/bin/env bash
# Install what the tests need, then run the whole suite. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

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

python3 -m pytest "$@"
