#!/usr/bin/env bash
# Install and start the app on the embedded Laoshan data: http://127.0.0.1:8501
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python -m streamlit run app.py --server.address 127.0.0.1 --server.port "${PORT:-8501}" "$@"
