#!/bin/bash
# Runs the hostile matrix N times under every policy (one JVM per policy and iteration) and tallies
# the CASE lines. Usage: agent/scripts/hostile-loop.sh [N] [JAVA_HOME]. Needs `mvn -pl agent package` first.
N=${1:-20}
J=${2:-${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}}
cd "$(dirname "$0")/.." || exit 1
OUT=${OUT:-/tmp/jgil-hostile-loop-$(date +%s)}
mkdir -p "$OUT"
for i in $(seq 1 "$N"); do
  for p in switch ticks fifo off; do
    timeout 900 "$J/bin/java" -javaagent:target/jgil-agent.jar=include=com.acme.apps.hostile.d.**,policy=$p,record=off \
      -cp target/test-classes com.acme.apps.hostile.HostileMatrix timeout=30000 > "$OUT/$i-$p.out" 2>&1
    echo "iteration $i policy $p exit $? $(grep -c ' PASS ' "$OUT/$i-$p.out") pass $(grep -cE ' (FAIL|HANG) ' "$OUT/$i-$p.out") fail/hang"
  done
done
echo "--- non-passing case lines (all iterations) in $OUT:"
grep -hE '^CASE .* (FAIL|HANG) ' "$OUT"/*.out | cut -c1-300
