#!/usr/bin/env bash
# Install what the tests need (scripts/setup.sh: Debian packages, .venv, the Nu checker), then run the
# whole suite with the venv's pytest. Extra arguments go to pytest. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pytest "$@"
