#!/usr/bin/env bash
# fidelity.sh — runs every demo with jgil, without it (plain JVM), and the CPython twins, REPS times,
# and prints ONE Markdown table: phenomenon | CPython | jgil | JVM without GIL | target | met?
# Values are medians over the repetitions with min–max; they come from the demos' RESULT lines.
#
#   ./jgil fidelity                 # REPS=5
#   REPS=3 ./jgil fidelity
#   QUICK=1 ./jgil fidelity         # one repetition at small sizes: a smoke run (~1 min), not a measurement
#   KEEP=dir ./jgil fidelity        # keep the raw outputs in dir
#   PYTHON=/path/to/python3 ...     # which CPython to compare with (default: python3 on the PATH; PYTHON= skips it)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JGIL="$ROOT/jgil"
PY="$ROOT/demo-apps/python"
QUICK="${QUICK:-0}"
if [ "$QUICK" = 1 ]; then REPS="${REPS:-1}"; else REPS="${REPS:-5}"; fi
case "$REPS" in ''|*[!0-9]*|0) echo "fidelity: REPS must be a positive integer, got '$REPS'" >&2; exit 2 ;; esac
OUT="${KEEP:-$(mktemp -d)}"; mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$OUT"' EXIT

PYTHON="${PYTHON-$(command -v python3 || true)}"
cd "$OUT" # the agent writes its recordings (jgil-<pid>.jfr/.hlog) into the working directory

if [ "$QUICK" = 1 ]; then
  CD_N=20000000; PY_CD_N=2000000; BATTLE_N=20000000; CONVOY_D=200ms; NATIVE_MB=64; IO_OPS=40; WEB_D=500ms; LAT_D=500ms
else
  CD_N=200000000; PY_CD_N=20000000; BATTLE_N=100000000; CONVOY_D=400ms; NATIVE_MB=512; IO_OPS=160; WEB_D=2s; LAT_D=2s
fi

# --- run -------------------------------------------------------------------------------------------
run() { # run <name> <command...>: appends stdout to $OUT/<name>.out; stderr to $OUT/stderr
  local name="$1"; shift
  if ! "$@" >>"$OUT/$name.out" 2>>"$OUT/stderr"; then
    echo "fidelity: '$*' failed (see stderr below)" >&2; tail -20 "$OUT/stderr" >&2; exit 1
  fi
}

echo "fidelity: $REPS repetition(s)$([ "$QUICK" = 1 ] && echo ', QUICK sizes'); raw output in $OUT" >&2
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
[ -f "$ROOT/agent/target/jgil-agent.jar" ] && [ -d "$ROOT/demo-apps/target/classes" ] || "$JGIL" demo countdown --help >/dev/null
for ((r = 1; r <= REPS; r++)); do
  echo "fidelity: repetition $r/$REPS ..." >&2
  run cd_gil    "$JGIL" demo countdown          --n "$CD_N" --reps 3
  run cd_jvm    "$JGIL" demo countdown --no-gil --n "$CD_N" --reps 3
  run battle    "$JGIL" demo battle --n "$BATTLE_N" --reps 1
  run groups    "$JGIL" demo groups --n "$BATTLE_N" --reps 1
  run convoy    "$JGIL" demo convoy --cpu 0,1 --policies switch --duration "$CONVOY_D"
  run latency   "$JGIL" demo latency --cpu 0,1,4 --policies switch,priority,bfs --duration "$LAT_D"
  run native_gil "$JGIL" demo native          --mb "$NATIVE_MB" --reps 1
  run native_jvm "$JGIL" demo native --no-gil --mb "$NATIVE_MB" --reps 1
  run io_gil    "$JGIL" demo iobound          --threads 1,8 --ops "$IO_OPS" --reps 1
  run io_jvm    "$JGIL" demo iobound --no-gil --threads 1,8 --ops "$IO_OPS" --reps 1
  run web_gil   "$JGIL" demo webserver          --duration "$WEB_D"
  run web_jvm   "$JGIL" demo webserver --no-gil --duration "$WEB_D"
  if [ -n "$PYTHON" ]; then
    run cd_py     "$PYTHON" "$PY/countdown.py" --n "$PY_CD_N" --reps 1
    run groups_py "$PYTHON" "$PY/groups.py" --n "$PY_CD_N" --reps 1
    run convoy_py "$PYTHON" "$PY/convoy.py" --cpu 0,1 --duration "$CONVOY_D"
    run latency_py "$PYTHON" "$PY/latency.py" --cpu 0,1,4 --duration "$LAT_D"
    run native_py "$PYTHON" "$PY/native.py" --mb "$NATIVE_MB" --reps 1
  fi
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

# --- extract ---------------------------------------------------------------------------------------
# vals <file> <key> [k=v filters...]: the key's value on every matching RESULT line, one per line
vals() {
  local f="$OUT/$1.out" key="$2"; shift 2
  [ -f "$f" ] || return 0
  awk -v key="$key" -v filters="$*" '
    $1 == "RESULT" {
      delete kv
      for (i = 2; i <= NF; i++) { p = index($i, "="); if (p) kv[substr($i, 1, p - 1)] = substr($i, p + 1) }
      n = split(filters, fs, " "); ok = 1
      for (i = 1; i <= n; i++) { p = index(fs[i], "="); if (kv[substr(fs[i], 1, p - 1)] != substr(fs[i], p + 1)) ok = 0 }
      if (ok && (key in kv)) print kv[key]
    }' "$f"
}
# ratio_of <file-a> <key-a> <filters-a> <file-b> <key-b> <filters-b>: a/b per repetition (line-paired)
ratio_of() {
  paste <(vals "$1" "$2" $3) <(vals "$4" "$5" $6) | awk '$1 != "" && $2 != "" && $2 + 0 != 0 { printf "%.6g\n", $1 / $2 }'
}
# summary: reads numbers, prints "median (min–max)" or "–"
summary() { # blank lines are no value ("echo ''" of an empty set gives one): "–", not 0.00
  sort -g | awk 'NF { a[++n] = $1 } END {
    if (n == 0) { print "–"; exit }
    m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    if (n == 1) printf "%s\n", fmt(m); else printf "%s (%s–%s)\n", fmt(m), fmt(a[1], 1), fmt(a[n], 1) }
    function fmt(x, short) { return (x >= 100) ? sprintf("%.0f", x) : (x >= 10) ? sprintf("%.1f", x) : sprintf("%.2f", x) }'
}
median() { sort -g | awk 'NF { a[++n] = $1 } END { if (n == 0) print ""; else print (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }'; }
# met <median> <op> <bound> [<op2> <bound2>]
met() {
  local m="$1"; shift
  [ -n "$m" ] || { echo "–"; return; }
  awk -v m="$m" -v a="$*" 'BEGIN { n = split(a, t, " "); ok = 1
    for (i = 1; i < n; i += 2) { b = t[i + 1] + 0
      if (t[i] == ">=" && !(m >= b)) ok = 0; if (t[i] == "<=" && !(m <= b)) ok = 0
      if (t[i] == ">" && !(m > b)) ok = 0;  if (t[i] == "<" && !(m < b)) ok = 0 }
    print ok ? "yes" : "**no**" }'
}
nopy() { [ -n "$PYTHON" ] && summary || { cat >/dev/null; echo "no python3"; }; }

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

# countdown
J=$(vals cd_gil threads_ratio); V=$(vals cd_jvm threads_ratio); P=$(vals cd_py threads_ratio)
row "countdown: 2 threads ÷ sequential (switch, 5 ms)" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" \
    "0.9–1.2" "$(met "$(echo "$J" | median)" '>=' 0.9 '<=' 1.2)"
J=$(vals cd_gil threads_parallelism); V=$(vals cd_jvm threads_parallelism); P=$(vals cd_py threads_parallelism)
row "countdown: CPU time ÷ wall time of the 2 threads (cores in use)" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" \
    "≤ 1.1" "$(met "$(echo "$J" | median)" '<=' 1.1)"
J=$(vals cd_gil processes_parallelism); V=$(vals cd_jvm processes_parallelism); P=$(vals cd_py processes_parallelism)
row "countdown: CPU time ÷ wall time of the 2 processes (cores in use)" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" \
    "≥ 1.5" "$(met "$(echo "$J" | median)" '>=' 1.5)"
J=$(vals cd_gil processes_ratio); V=$(vals cd_jvm processes_ratio); P=$(vals cd_py processes_ratio)
row "countdown: 2 processes ÷ sequential (warm pool)" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" \
    "≤ 0.65" "$(met "$(echo "$J" | median)" '<=' 0.65)"
# battle
J=$(vals battle threads_ratio gil=ticks); V=$(vals battle threads_ratio gil=none)
row "battle: 2 threads ÷ sequential, old GIL (ticks)" "n/a (3.11 has no old GIL; Beazley: 1.8 on 2.6)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" \
    "> 1" "$(met "$(echo "$J" | median)" '>' 1)"
J2=$(vals battle threads_ratio gil=switch)
row "battle: same, new GIL (switch)" "see countdown" "$(echo "$J2" | summary)" "$(echo "$V" | summary)" "< ticks" \
    "$(met "$(echo "$J2" | median)" '<' "$(echo "$J" | median)")"
# groups (PEP 684's per-interpreter GIL): CPython's figure needs subinterpreters with their own GIL (3.12+)
V=$(vals groups threads_ratio gil=none)
J=$(vals groups threads_ratio gil=one); P=$(vals groups_py threads_ratio gil=cpython-threads)
row "groups: 2 libraries, a thread each ÷ sequential, one GIL" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" \
    "0.9–1.2" "$(met "$(echo "$J" | median)" '>=' 0.9 '<=' 1.2)"
J=$(vals groups threads_ratio gil=groups); P=$(vals groups_py threads_ratio gil=cpython-interpreters own_gil=true)
PV="$(echo "$P" | nopy)"; [ "$PV" = "–" ] && PV="n/a ($("${PYTHON:-python3}" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo '?'): subinterpreters share one GIL before 3.12)"
row "groups: same, each library its own group (own GIL)" "$PV" "$(echo "$J" | summary)" "$(echo "$V" | summary)" \
    "≤ JVM + 0.15" "$(met "$(echo "$J" | median)" '<=' "$(echo "$V" | median | awk '{ print $1 + 0.15 }')")"
# convoy
V=$(vals convoy slowdown1 gil=off)
for iv in 5ms 1ms 100us 10us; do
  J=$(vals convoy slowdown1 gil=switch interval=$iv); P=$(vals convoy_py slowdown1 interval=$iv)
  case $iv in
    5ms) tgt="≥ 30"; m=$(met "$(echo "$J" | median)" '>=' 30) ;;
    *)   tgt="falls with the interval"; m="" ;;
  esac
  row "convoy: round trips alone ÷ beside 1 CPU thread, interval $iv" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" "$tgt" "$m"
done
for pair in "1ms 100us" "100us 10us"; do
  set -- $pair
  J=$(ratio_of convoy slowdown1 "gil=switch interval=$1" convoy slowdown1 "gil=switch interval=$2")
  P=$(ratio_of convoy_py slowdown1 "interval=$1" convoy_py slowdown1 "interval=$2")
  row "convoy: recovery per decade, $1 → $2 (slowdown ratio)" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" "n/a" "≈ 10 (≥ 3)" \
      "$(met "$(echo "$J" | median)" '>=' 3)"
done
# latency (ccbench): mean ping round trip in ms; switch should follow CPython's curve, the convoy fixes flatten it
for k in 1 4; do
  J=$(vals latency mean_ms$k gil=switch); V=$(vals latency mean_ms$k gil=off); P=$(vals latency_py mean_ms$k)
  JM=$(echo "$J" | median); PM=$(echo "$P" | median)
  m=""; [ -n "$JM" ] && [ -n "$PM" ] && m=$(met "$(awk -v j="$JM" -v p="$PM" 'BEGIN { print (p > 0) ? j / p : 0 }')" '>=' 0.333 '<=' 3)
  row "latency: mean ping ms beside $k CPU thread$([ $k = 1 ] || echo s), switch 5 ms (ccbench)" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" \
      "$(echo "$V" | summary)" "within 3× of CPython" "$m"
done
for p in priority bfs; do
  if [ "$(vals latency available gil=$p | head -1)" = false ]; then
    row "latency: mean ping ms beside 4 CPU threads, policy=$p" "n/a (not in CPython)" "not available in this agent" "$(vals latency mean_ms4 gil=off | summary)" "≤ switch ÷ 4" "–"
    continue
  fi
  J=$(vals latency mean_ms4 gil=$p)
  row "latency: mean ping ms beside 4 CPU threads, policy=$p" "n/a (not in CPython)" "$(echo "$J" | summary)" "$(vals latency mean_ms4 gil=off | summary)" "≤ switch ÷ 4" \
      "$(met "$(echo "$J" | median)" '<=' "$(awk -v s="$(vals latency mean_ms4 gil=switch | median)" 'BEGIN { print s / 4 }')")"
done
# native
J=$(vals native_gil released_speedup); V=$(vals native_jvm released_speedup); P=$(vals native_py released_speedup)
row "native: SHA-256 in a release zone, sequential ÷ 2 threads" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" \
    "≥ 1.7" "$(met "$(echo "$J" | median)" '>=' 1.7)"
J=$(vals native_gil released_parallelism); V=$(vals native_jvm released_parallelism); P=$(vals native_py released_parallelism)
row "native: CPU time ÷ wall time of the 2 hashing threads, release zone" "$(echo "$P" | nopy)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" \
    "≥ 1.7" "$(met "$(echo "$J" | median)" '>=' 1.7)"
J=$(vals native_gil held_speedup); V=$(vals native_jvm held_speedup)
row "native: same work holding the GIL, sequential ÷ 2 threads" "n/a" "$(echo "$J" | summary)" "$(echo "$V" | summary)" "≤ 1.2" \
    "$(met "$(echo "$J" | median)" '<=' 1.2)"
# iobound
J=$(vals io_gil speedup8); V=$(vals io_jvm speedup8)
row "iobound: 8 threads ÷ 1 thread, speed-up (sleep + loopback)" "n/a (no twin)" "$(echo "$J" | summary)" "$(echo "$V" | summary)" "≥ 5.6 (0.7 × 8)" \
    "$(met "$(echo "$J" | median)" '>=' 5.6)"
# webserver
J=$(ratio_of web_gil rps scenario=io web_jvm rps scenario=io)
row "webserver: /io requests/s, GIL ÷ no GIL" "n/a" "$(echo "$J" | summary)" "1 (baseline)" "≥ 0.8" "$(met "$(echo "$J" | median)" '>=' 0.8)"
J=$(ratio_of web_gil rps scenario=cpu web_jvm rps scenario=cpu)
row "webserver: /cpu requests/s, GIL ÷ no GIL" "n/a" "$(echo "$J" | summary)" "1 (baseline)" "≤ 0.75 (one core of 2)" "$(met "$(echo "$J" | median)" '<=' 0.75)"
J=$(ratio_of web_gil io_p50_ms scenario=mixed web_gil io_p50_ms scenario=io)
V=$(ratio_of web_jvm io_p50_ms scenario=mixed web_jvm io_p50_ms scenario=io)
row "webserver: /io p50 in the 50/50 mix ÷ /io alone" "n/a" "$(echo "$J" | summary)" "$(echo "$V" | summary)" "> JVM (convoy)" \
    "$(met "$(echo "$J" | median)" '>' "$(echo "$V" | median)")"

# --- print -----------------------------------------------------------------------------------------
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo
echo "Machine: $(nproc) cores, Linux $(uname -r), $("$JAVA_BIN" -version 2>&1 | head -1), $([ -n "$PYTHON" ] && "$PYTHON" --version 2>&1 || echo 'no python3 on PATH: CPython column empty'); load average $LOAD_BEFORE before, $LOAD_AFTER after; REPS=$REPS$([ "$QUICK" = 1 ] && echo ', QUICK=1 (smoke sizes)')"
echo
echo "| phenomenon | CPython | jgil | JVM without GIL | target (jgil) | met? |"
echo "|---|---:|---:|---:|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "Medians over $REPS repetition(s), min–max in brackets. Ratios of wall times unless stated; convoy: how many times fewer round trips/s beside 1 CPU-bound thread than alone; latency: mean round trip of a ping sent every 100 ms, in ms."
