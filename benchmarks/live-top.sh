#!/usr/bin/env bash
# Measures the live view, `jgil top <pid>`: (1) how late it shows what happens in the target, (2) what it
# costs the target. Prints Markdown tables (medians, p90, ratios computed in this run) on stdout.
#
#   benchmarks/live-top.sh            # full: latency (12 `jgil set` 5 s apart, >= 60 intervals) + 3 cost sets
#                                     #       of 6x15 s with top between 7x15 s without, ABA..BA (~15 min)
#   QUICK=1 benchmarks/live-top.sh    # smoke: 4 sets, >= 20 intervals; cost 3x6 s per condition (~5 min)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/live-top.sh   # target, top and set all on that JDK
#
# What runs: benchmarks/target/classes dev.jgil.bench.live.LiveTopBench (JDK only) starts the target
# dev.jgil.bench.live.BusyTarget (N workers calling the designated com.acme.livebench.BusyWork, agent with
# its default recording on: the JFR repository top reads; report/summary/hlog off), then
#   latency: `jgil top <pid> --json`, stamping each stdout line as it arrives, and `jgil set <pid>
#            interval=2ms|5ms` every EVERY seconds; lagMillis distribution and change -> visible per set;
#   cost:    target throughput/CPU in windows without and with top attached, alternating (off, on, off, on...),
#            top's own CPU (/proc via ProcessHandle), the whole machine's CPU (/proc/stat) and load.
# Cost sets (COST_SETS, "workers:policy" words): 2:switch (the GIL: ~1 core busy), 2:off (no serialization:
# both cores busy, so top competes with the target), 1:switch (one worker, a core left free).
#
# Env: QUICK=1; JAVA_HOME (runs on $JAVA_HOME/bin/java; the build always uses the default JDK's mvn);
#      REBUILD=1 (force mvn package); OUT=dir (default benchmarks/target/live-top/jdk-<version>);
#      PHASES="latency cost" (either or both); COST_SETS="2:switch 2:off 1:switch";
#      CHANGES=12 EVERY=5 INTERVALS=60 (latency); WINDOWS=6 WINDOW_SECONDS=15 (cost).
# Raw rows: latency-lines.tsv, latency-changes.tsv, cost-windows.tsv, *.err in $OUT/<phase>/.
# Not part of `mvn verify`: it is a benchmark, and it needs a quiet machine to mean much.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
agent="$root/agent/target/jgil-agent.jar"
cli="$root/reports/cli/target/jgil.jar"
classes="$here/target/classes"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java)"
fi

if [[ "${REBUILD:-0}" == 1 || ! -f "$agent" || ! -f "$cli" || ! -f "$classes/dev/jgil/bench/live/LiveTopBench.class" ]]; then
  echo "building ..." >&2
  # Never `mvn install`: ~/.m2 is shared. Release 17 bytecode runs on any newer JDK.
  (cd "$root" && env -u JAVA_HOME mvn -B -ntp -q package -DskipTests) >&2
fi

jdk="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
out="${OUT:-$here/target/live-top}/jdk-$jdk"
mkdir -p "$out"

if [[ "${QUICK:-0}" == 1 ]]; then
  lat=(changes="${CHANGES:-4}" every="${EVERY:-4}" intervals="${INTERVALS:-20}")
  cost=(windows="${WINDOWS:-3}" seconds="${WINDOW_SECONDS:-6}")
else
  lat=(changes="${CHANGES:-12}" every="${EVERY:-5}" intervals="${INTERVALS:-60}")
  cost=(windows="${WINDOWS:-6}" seconds="${WINDOW_SECONDS:-15}")
fi

bench() {
  "$java" -cp "$classes" dev.jgil.bench.live.LiveTopBench java="$java" agent="$agent" cli="$cli" cp="$classes" jdk="$jdk" "$@"
}

echo "### jgil top, live view — JDK $jdk, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)$([[ "${QUICK:-0}" == 1 ]] && echo ' (QUICK)')"
echo
echo "uptime at start: $(uptime)"
echo
for phase in ${PHASES:-latency cost}; do
  case "$phase" in
    latency)
      echo "== latency ($(uptime | sed 's/.*load/load/'))" >&2
      bench mode=latency out="$out/latency" workers=2 policy=switch "${lat[@]}"
      ;;
    cost)
      for set in ${COST_SETS:-2:switch 2:off 1:switch}; do
        w="${set%%:*}" p="${set#*:}"
        echo "== cost, $w worker(s), policy=$p ($(uptime | sed 's/.*load/load/'))" >&2
        bench mode=cost out="$out/cost-$w-$p" workers="$w" policy="$p" "${cost[@]}"
      done
      ;;
    *) echo "unknown phase $phase (latency|cost)" >&2; exit 2 ;;
  esac
done
echo "uptime at end: $(uptime)"
echo
echo "Raw rows: $out"
