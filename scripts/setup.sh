#!/usr/bin/env bash
# Install what the project needs into .venv (idempotent; fast when already done).
#   scripts/setup.sh          app dependencies
#   scripts/setup.sh --test   + test tools, Debian's chromium and a CJK font, Neo4j's jars from Maven Central
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
extra=""
[ "${1:-}" = "--test" ] && extra="[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"

if [ "${1:-}" = "--test" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # (no `fc-list | grep -q`: under pipefail grep's early exit makes fc-list fail with SIGPIPE)
  [ -n "$(fc-list :lang=zh family 2>/dev/null)" ] || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # Neo4j Community from Maven Central into .neo4j/ (skipped when already there).
  .venv/bin/python -c "from pathlib import Path; from chainmap.neo4j_server import ensure_installed, DEFAULT_HOME; ensure_installed(DEFAULT_HOME)"
fi
