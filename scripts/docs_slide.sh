#!/usr/bin/env bash
# Render one exported slide to docs/slide.png for the README, the way a user would see the deck:
# chainmap export → LibreOffice (PPTX → PDF) → pdftoppm (page 2 = the first chain's slide).
# Needs: apt-get install libreoffice-impress poppler-utils (not needed by the app or the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
chain=${1:-ai}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python -m chainmap.cli export data/laoshan --chain "$chain" --format pptx --out "$tmp/deck.pptx" >/dev/null
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/deck.pptx" >/dev/null 2>&1
pdftoppm -f 2 -l 2 -r 144 -png -singlefile "$tmp/deck.pdf" docs/slide
echo docs/slide.png
