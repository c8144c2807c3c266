#!/usr/bin/env bash
# Regenerates the report screenshots in this folder from real demo runs: each demo runs under the agent (its exit
# report, jgil-<pid>.html, is the page users get), then headless Chromium photographs the top of the page (verdict,
# headline, findings, threads) and, scrolled to it, the contended sites' flame graph.
#   reports/docs/shoot.sh                 # convoy battle webserver
#   reports/docs/shoot.sh convoy          # one of them
# Needs chromium (Debian: apt-get install chromium). Builds the project first if needed (the jgil launcher does).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DOCS="$ROOT/reports/docs"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$CHROMIUM" ] || { echo "shoot: needs chromium" >&2; exit 1; }
demos=("$@"); [ ${#demos[@]} -gt 0 ] || demos=(convoy battle webserver)

shoot() { # shoot <page> <png> <height> [anchor]: the page, or the page scrolled to an anchor (inside an iframe)
  local url="file://$1"
  if [ -n "${4:-}" ]; then
    printf '<!DOCTYPE html><body style="margin:0"><iframe src="file://%s#%s" style="border:0;width:1280px;height:%spx"></iframe>' \
        "$1" "$4" "$3" > "$1.$4.html"
    url="file://$1.$4.html"
  fi
  "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
      --allow-file-access-from-files --virtual-time-budget=3000 --window-size="1280,$3" --screenshot="$2" "$url" >/dev/null 2>&1
}

for demo in "${demos[@]}"; do
  run=$(mktemp -d)
  echo "shoot: running the $demo demo in $run ..." >&2
  (cd "$run" && "$ROOT/jgil" demo "$demo" >"$run/demo.out" 2>&1)
  page=$(ls -t "$run"/jgil-*.html | head -1)
  shoot "$page" "$DOCS/report-$demo.png" 1500
  shoot "$page" "$DOCS/report-$demo-sites.png" 760 contended-sites
  echo "shoot: $DOCS/report-$demo.png, report-$demo-sites.png (from $(basename "$page"))" >&2
  rm -rf "$run"
done
