#!/usr/bin/env bash
# Report generation on a ~1M-event jgil recording (trace preset) against `jfr summary` on the same file:
# median wall time of RUNS runs each, peak RSS (/usr/bin/time), and the smallest -Xmx the report runs in.
#   benchmarks/run report-speed             # RUNS=3 EVENTS=1000000, JDK from JAVA_HOME (or the java on PATH)
#   RUNS=5 JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run report-speed
# The recording is generated into benchmarks/target/report-speed/ (never committed) by the agent's FixtureGenerator.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
EVENTS="${EVENTS:-1000000}"
if [ -z "${JAVA_HOME:-}" ]; then JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; fi
JAVA="$JAVA_HOME/bin/java"
JFR="$JAVA_HOME/bin/jfr"
OUT=benchmarks/target/report-speed
REC="$OUT/bench-${EVENTS}.jfr"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }

if [ ! -f reports/cli/target/jgil.jar ] || [ ! -d agent/target/test-classes ]; then
  echo "bench: building ..." >&2
  mvn -q -B -ntp -DskipTests package >&2
fi
mkdir -p "$OUT"
if [ ! -f "$REC" ]; then
  hdr_version=$(sed -n 's:.*<hdrhistogram.version>\(.*\)</hdrhistogram.version>.*:\1:p' pom.xml)
  hdr="$HOME/.m2/repository/org/hdrhistogram/HdrHistogram/$hdr_version/HdrHistogram-$hdr_version.jar"
  echo "bench: recording ~$EVENTS jgil events into $REC ..." >&2
  "$JAVA" -cp "agent/target/classes:agent/target/test-classes:agent/runtime/target/classes:reports/target/classes:reports/schema/target/classes:$hdr" \
      dev.jgil.recording.FixtureGenerator bench "$REC" "$EVENTS" >&2
fi
jgil_events=$("$JFR" summary "$REC" | awk '$1 ~ /^jgil\./ {n += $2} END {print n}')
chunks=$("$JFR" summary "$REC" | awk '/Chunks:/ {print $2}')

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# run <label> <cmd...>: RUNS times; prints "median_wall median_rss_mb"
run() {
  local label=$1; shift
  local walls=() rsss=()
  for _ in $(seq "$RUNS"); do
    "$TIME" -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" || { echo "bench: $label failed:" >&2; cat "$OUT/stderr.txt" >&2; exit 1; }
    read -r wall rss < <(tail -1 "$OUT/time.txt")
    walls+=("$wall"); rsss+=("$rss")
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${rsss[@]}" | median | awk '{printf "%.0f", $1/1024}')"
}

echo "bench: $RUNS runs each on $REC ($(du -m "$REC" | cut -f1) MB, $jgil_events jgil events, $chunks chunks), $("$JAVA" -version 2>&1 | head -1)" >&2
read -r s_wall s_rss < <(run "jfr summary" "$JFR" summary "$REC")
read -r r_wall r_rss < <(run "jgil report" "$JAVA" -jar reports/cli/target/jgil.jar report "$REC" -o "$OUT/report.html" --json "$OUT/report.json")
html_kb=$(( $(stat -c %s "$OUT/report.html") / 1024 ))

# Smallest heap the report fits in (first that exits 0, ascending).
xmx="-"
for m in 32 48 64 96 128 192 256 384 512 768 1024; do
  if "$JAVA" "-Xmx${m}m" -jar reports/cli/target/jgil.jar report "$REC" -o "$OUT/report-xmx.html" >/dev/null 2>&1; then xmx="${m} MB"; break; fi
done

ratio=$(awk -v a="$r_wall" -v b="$s_wall" 'BEGIN {printf "%.2f", a/b}')
load=$(cut -d' ' -f1-3 /proc/loadavg)
cat <<TABLE

| $jgil_events jgil events, $(du -m "$REC" | cut -f1) MB, $chunks chunks; $RUNS runs; load avg $load | median wall (s) | median max RSS (MB) |
|---|---:|---:|
| \`jfr summary\` | $s_wall | $s_rss |
| \`jgil report -o report.html --json report.json\` | $r_wall | $r_rss |
| ratio report / summary | $ratio× | |
| smallest -Xmx for the report | $xmx | |
| report.html size | ${html_kb} KB | |
TABLE
