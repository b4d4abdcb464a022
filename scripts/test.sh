#!/usr/bin/env bash
# Install everything and run every test. A throwaway Neo4j is started by the tests when NEO4J_URI is unset.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
