#!/usr/bin/env bash
# Opens jgil's Trace Event Format export in a real consumer that runs offline: speedscope (npm), in headless
# Chromium. speedscope sets the page title to "<file> - speedscope" only when it imported the file (a file it cannot
# read leaves the title unset; the script checks that too, as a negative control).
# Usage: reports/tools/check-trace-events-with-speedscope.sh <recording.jfr>...   (needs node/npm and chromium)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$root/reports/target/speedscope-check
mkdir -p "$work"
[ -d "$work/node_modules/speedscope" ] || (cd "$work" && npm install --no-audit --no-fund --silent speedscope@1.25.0 >/dev/null)
index="file://$work/node_modules/speedscope/dist/release/index.html"
title() { # file.json -> the title speedscope gives the page after loading it
  python3 - "$1" "$work/profile.js" <<'PY'
import base64, json, sys, os
src, js = sys.argv[1], sys.argv[2]
b = base64.b64encode(open(src, 'rb').read()).decode()
open(js, 'w').write('speedscope.loadFileFromBase64(%s, %s)' % (json.dumps(os.path.basename(src)), json.dumps(b)))
PY
  timeout 120 chromium --headless=new --no-sandbox --disable-gpu --virtual-time-budget=20000 --dump-dom \
    "$index#localProfilePath=$work/profile.js" 2>/dev/null | grep -o '<title>[^<]*</title>' || true
}
echo '{"not":"a trace"}' > "$work/bad.trace.json"
[ -z "$(title "$work/bad.trace.json")" ] || { echo "negative control: speedscope claimed to load garbage"; exit 1; }
fail=0
for jfr in "$@"; do
  out="$work/$(basename "$jfr" .jfr).trace.json"
  java -jar "$root/reports/cli/target/jgil.jar" report "$jfr" --perfetto "$out" 2>/dev/null || [ $? -eq 3 ]
  t=$(title "$out")
  if [ "$t" = "<title>$(basename "$out") - speedscope</title>" ]; then echo "ok   $(basename "$out") ($(wc -c <"$out") bytes)"
  else echo "FAIL $(basename "$out"): $t"; fail=1; fi
done
exit $fail
