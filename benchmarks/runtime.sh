#!/usr/bin/env bash
# Runs the jgil runtime benchmarks (JMH + the hand-off harness) and prints ONE Markdown table:
# figure | jgil | baseline | ratio | target | met?
#
#   benchmarks/run runtime             # full: 2 forks, 3x1s warm-up, 5x1s measurement (~6 min)
#   QUICK=1 benchmarks/run runtime    # smoke: 1 fork, 2x0.5s / 3x0.5s, fewer hand-offs (~2 min)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run runtime   # runs on that JDK
#
# Env: QUICK=1, REBUILD=1 (force mvn package), OUT=dir for results (default benchmarks/target/results),
#      JMH_FILTER=regex (default: all benchmarks), JMH_EXTRA="..." (more JMH args).
# The build always uses the default JDK's mvn; only the runs use $JAVA_HOME/bin/java when set.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java="$JAVA_HOME/bin/java"
else
  java="java"
fi

if [[ "${REBUILD:-0}" == 1 || ! -f "$jar" ]]; then
  echo "building $jar ..." >&2
  # Build with the default JDK (release 17 bytecode runs on any newer JDK).
  (cd "$root" && env -u JAVA_HOME mvn -q -pl benchmarks -am package -DskipTests) >&2
fi

jdk="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
out="${OUT:-$here/target/results}/jdk-$jdk"
mkdir -p "$out"

if [[ "${QUICK:-0}" == 1 ]]; then
  jmh_args=(-f 1 -wi 2 -w 500ms -i 3 -r 500ms)
  handoff_args=(2000 4)
else
  jmh_args=(-f 2 -wi 3 -w 1s -i 5 -r 1s)
  handoff_args=(4000 10)
fi

echo "== JMH on $("$java" -version 2>&1 | head -1) ($(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
# shellcheck disable=SC2086
"$java" -jar "$jar" "${jmh_args[@]}" -rf json -rff "$out/jmh.json" ${JMH_EXTRA:-} ${JMH_FILTER:-} \
  > "$out/jmh.log" 2>&1 || { tail -50 "$out/jmh.log" >&2; echo "JMH failed, log: $out/jmh.log" >&2; exit 1; }
grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.)' "$out/jmh.log" >&2 || true

echo "== hand-off harness (${handoff_args[*]}: hand-offs per round, rounds)" >&2
"$java" -cp "$jar" dev.jgil.bench.HandOffLatency "${handoff_args[@]}" "$out/handoff.tsv" \
  > "$out/handoff.log" 2>&1 || { cat "$out/handoff.log" >&2; echo "hand-off harness failed" >&2; exit 1; }
sed -n '/^probe/,$p' "$out/handoff.log" >&2

echo >&2
echo "### jgil runtime benchmarks — JDK $jdk, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)$([[ "${QUICK:-0}" == 1 ]] && echo ' (QUICK)')"
echo
"$java" -cp "$jar" dev.jgil.bench.RuntimeSuiteTable "$out/jmh.json" "$out/handoff.tsv" | tee "$out/table.md"
echo
echo "Errors: JMH 99.9% CI; hand-off: 99.9% CI over rounds (ratio paired per round). Raw results: $out" 
