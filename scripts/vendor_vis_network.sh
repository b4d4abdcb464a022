#!/usr/bin/env bash
# Re-fetch the vendored vis-network (graph/assets/vis-network/) from the npm registry and check its digest.
#   scripts/vendor_vis_network.sh            verify: fetch the pinned version, compare with the committed file
#   scripts/vendor_vis_network.sh --update   replace the committed file (then update VERSION's sha256)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=graph/assets/vis-network
version=$(sed -n 's/^version=//p' "$dir/VERSION")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "vis-network@$version" -q >/dev/null && tar xzf "vis-network-$version.tgz")
js="$tmp/package/standalone/umd/vis-network.min.js"
css="$tmp/package/styles/vis-network.min.css"
if [ "${1:-}" = "--update" ]; then
  cp "$js" "$css" "$tmp/package/LICENSE-MIT" "$tmp/package/LICENSE-APACHE-2.0" "$dir/"
  echo "updated; now set sha256 / css_sha256 in $dir/VERSION:"
  sha256sum "$dir/vis-network.min.js" "$dir/vis-network.min.css"
else
  cmp "$js" "$dir/vis-network.min.js" && cmp "$css" "$dir/vis-network.min.css" \
    && echo "vis-network $version matches the npm registry"
fi
