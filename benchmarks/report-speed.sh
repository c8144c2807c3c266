#!/usr/bin/env bash
# Report generation (`./jgil report x.jfr -o x.html --json x.json`, as users run it: the launcher's JVM flags) against
# `jfr summary` on the same file, for a ~35k-event and a ~1M-event trace-preset jgil recording: the two alternate
# (A B A B ...), RUNS pairs; median wall and CPU (user+sys) time, the median of the pairwise ratios, peak RSS, and
# the smallest -Xmx the report runs in on the 1M file.
#   benchmarks/run report-speed             # RUNS=5, JDK from JAVA_HOME (or the java on PATH)
#   RUNS=5 JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run report-speed
#   SIZES="1000000" benchmarks/run report-speed
# The recordings are generated into benchmarks/target/report-speed/ (never committed) by the agent's FixtureGenerator.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
SIZES="${SIZES:-35000 1000000}"
if [ -z "${JAVA_HOME:-}" ]; then JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
JFR="$JAVA_HOME/bin/jfr"
OUT=benchmarks/target/report-speed
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }

if [ ! -f reports/cli/target/jgil.jar ] || [ ! -d agent/target/test-classes ]; then
  echo "bench: building ..." >&2
  mvn -q -B -ntp -DskipTests package >&2
fi
mkdir -p "$OUT"
hdr_version=$(sed -n 's:.*<hdrhistogram.version>\(.*\)</hdrhistogram.version>.*:\1:p' pom.xml)
hdr="$HOME/.m2/repository/org/hdrhistogram/HdrHistogram/$hdr_version/HdrHistogram-$hdr_version.jar"
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# timed <file> <cmd...>: appends "wall cpu rss_kb" to file
timed() {
  local f=$1; shift
  "$TIME" -f "%e %U %S %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" || { echo "bench: failed: $*" >&2; cat "$OUT/stderr.txt" >&2; exit 1; }
  tail -1 "$OUT/time.txt" | awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' >> "$f"
}
col() { awk -v c="$2" '{print $c}' "$1" | median; }

echo "bench: $RUNS pairs each, $("$JAVA" -version 2>&1 | head -1), launcher flags: ${JGIL_CLI_JAVA_OPTS-default (cli_java_opts in ./jgil)}" >&2
echo
echo "| recording | jgil events | \`jfr summary\` wall / CPU s | \`jgil report\` wall / CPU s | ratio wall / CPU (median of pairs) | peak RSS summary / report MB |"
echo "|---|---:|---:|---:|---:|---:|"
for EVENTS in $SIZES; do
  REC="$OUT/bench-${EVENTS}.jfr"
  if [ ! -f "$REC" ]; then
    echo "bench: recording ~$EVENTS jgil events into $REC ..." >&2
    "$JAVA" -cp "agent/target/classes:agent/target/test-classes:agent/runtime/target/classes:reports/target/classes:reports/schema/target/classes:$hdr" \
        dev.jgil.recording.FixtureGenerator bench "$REC" "$EVENTS" >&2
  fi
  jgil_events=$("$JFR" summary "$REC" | awk '$1 ~ /^jgil\./ {n += $2} END {print n}')
  rm -f "$OUT/s.txt" "$OUT/r.txt"
  "$JFR" summary "$REC" >/dev/null; ./jgil report "$REC" -o "$OUT/report.html" --json "$OUT/report.json" 2>/dev/null # warm the page cache
  for _ in $(seq "$RUNS"); do
    timed "$OUT/s.txt" "$JFR" summary "$REC"
    timed "$OUT/r.txt" ./jgil report "$REC" -o "$OUT/report.html" --json "$OUT/report.json"
  done
  rw=$(paste "$OUT/r.txt" "$OUT/s.txt" | awk '{print $1/$4}' | median)
  rc=$(paste "$OUT/r.txt" "$OUT/s.txt" | awk '{print $2/$5}' | median)
  printf '| %s | %s | %s / %s | %s / %s | %.2f× / %.2f× | %.0f / %.0f |\n' "$(basename "$REC")" "$jgil_events" \
      "$(col "$OUT/s.txt" 1)" "$(col "$OUT/s.txt" 2)" "$(col "$OUT/r.txt" 1)" "$(col "$OUT/r.txt" 2)" "$rw" "$rc" \
      "$(col "$OUT/s.txt" 3 | awk '{print $1/1024}')" "$(col "$OUT/r.txt" 3 | awk '{print $1/1024}')"
done

# Smallest heap the report of the largest recording fits in (first -Xmx that exits 0, ascending).
xmx="-"
for m in 32 48 64 96 128 192 256 384 512 768 1024; do
  if JGIL_CLI_JAVA_OPTS="${JGIL_CLI_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -Xmx${m}m" ./jgil report "$REC" -o "$OUT/report-xmx.html" --json "$OUT/report-xmx.json" >/dev/null 2>&1; then
    xmx="${m} MB"; break
  fi
done
echo
echo "smallest -Xmx for the report of $(basename "$REC"): $xmx; load avg $(cut -d' ' -f1-3 /proc/loadavg)"
