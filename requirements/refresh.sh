#!/usr/bin/env bash
# Regenerate the action's locks from pyproject.toml and requirements/*.in (run from anywhere;
# needs uv: `pip install uv`). .github/workflows/lock.yml runs this weekly and opens a pull request
# when a lock changed; tests/test_lock.py checks the locks against pyproject.toml.
#   action.lock.txt  the runtime dependencies action.yml installs (uv pip install --require-hashes)
#   uv.lock.txt      uv itself, which action.yml bootstraps with pip --require-hashes
# --universal: one lock for Linux, macOS and Windows (markers where they differ), every wheel's
# hash; --python-version 3.11: the Python action.yml sets up.
set -euo pipefail
cd "$(dirname "$0")/.."
uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --universal -o requirements/action.lock.txt --quiet "$@"
uv pip compile requirements/uv.in --generate-hashes --python-version 3.11 --universal -o requirements/uv.lock.txt --quiet "$@"
