#!/usr/bin/env bash
# Weaving speed, cold: the first N classes of lucene-core woven in a fresh JVM by the ASM path and by the
# ByteBuddy path, alternating, RUNS times; prints each run and the median process CPU (JIT included).
#   benchmarks/run weaving-speed [N=1000] [RUNS=3]      # JAVA_HOME picks the JDK; needs the engines-cost drivers' lib
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"; RUNS="${2:-3}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"; JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
JAR=agent/target/jgil-agent.jar
LUCENE=benchmarks/engines-cost/drivers/target/lib/lucene-core-9.12.3.jar
[ -f "$LUCENE" ] || (cd benchmarks/engines-cost/drivers && env -u JAVA_HOME mvn -q -B -ntp package) >&2
OUT=benchmarks/target/weaving-speed; mkdir -p "$OUT"
"$JAVAC" -nowarn -cp "$JAR" -d "$OUT" benchmarks/weaving-speed/WeaveHarness.java
declare -A cpu
for r in $(seq 1 "$RUNS"); do
  for p in bytebuddy asm; do
    line=$("$JAVA" -cp "$JAR:$OUT" dev.jgil.agent.weaving.WeaveHarness "$p" "$LUCENE" "$N" 'org.apache.lucene.**')
    echo "run $r $line load=$(cut -d' ' -f1 /proc/loadavg)"
    cpu[$p]+="$(echo "$line" | sed 's/.*processCpuMs=\([0-9]*\).*/\1/') "
  done
done
for p in bytebuddy asm; do
  echo "$p: median process CPU $(echo ${cpu[$p]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms for $N classes"
done
