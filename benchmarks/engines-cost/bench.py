#!/usr/bin/env python3
"""Runs real engines (Lucene, H2, Jackson) designated whole without the agent and under jgil modes,
alternating, and prints work-time ratios against the same rep's run without the agent.

Usage examples (benchmarks/run engines-cost passes its arguments here):
  bench.py --reps 3                                   # every engine, threads 1 and 4, default modes, this tree's agent
  bench.py --engines lucene --threads 4 --agent before=/path/old.jar \
           --mode off.before=before:policy=off --mode off=jgil:policy=off --reps 5

A mode is NAME=AGENT:OPTIONS[|JVMOPT...] (AGENT a key given with --agent; OPTIONS the agent options without include=,
which is added per engine; record=off is added unless OPTIONS says record=). 'none' runs without the agent.
Within one rep every mode of one (engine, threads) runs back to back in a rotated order; ratios are taken
against the same rep's 'none' run (paired), then the median over reps is printed.
"""
import argparse, json, os, re, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DRIVERS = os.path.join(HERE, "drivers")
CP = os.path.join(DRIVERS, "target", "classes") + ":" + os.path.join(DRIVERS, "target", "lib", "*")
ENGINES = {
    "lucene": ("drivers.LuceneDriver", "org.apache.lucene.**"),
    "h2": ("drivers.H2Driver", "org.h2.**"),
    "jackson": ("drivers.JacksonDriver", "com.fasterxml.jackson.**"),
}
DEFAULT_MODES = ["none", "off=jgil:policy=off", "switch=jgil:policy=switch", "fifo=jgil:policy=fifo",
                 "ticks=jgil:policy=ticks"]
# Sizes that keep one run of each engine at a few seconds on a loaded 2-core machine (override with --arg).
DEFAULT_ARGS = {"lucene": ["docs=20000", "queries=200"], "h2": ["statements=2000", "rounds=5"],
                "jackson": ["docs=5000", "rounds=5"]}


def parse_mode(spec):
    if spec == "none":
        return ("none", None, None, [])
    name, rest = spec.split("=", 1)
    rest, *jvm = rest.split("|")
    agent, _, opts = rest.partition(":")
    return (name, agent, opts, jvm)


def run_one(args, engine, threads, mode, agents, logdir, rep):
    main, include = ENGINES[engine]
    name, agent, opts, jvm = mode
    cmd = [args.java, "-Xmx2g"] + args.jvm + jvm
    if agent is not None:
        o = "include=" + include + ("," + opts if opts else "")
        if "record=" not in o:
            o += ",record=off"
        cmd.append("-javaagent:" + agents[agent] + "=" + o)
    cmd += ["-cp", CP, main, "threads=%d" % threads] + args.driver_args.get(engine, [])
    log = os.path.join(logdir, "%s-t%d-%s-r%d.log" % (engine, threads, name, rep))
    t0 = time.monotonic()
    with open(log, "w") as f:
        f.write("# " + " ".join(cmd) + "\n")
        f.flush()
        try:
            p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, timeout=args.timeout, cwd=logdir)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
    wall = time.monotonic() - t0
    res = {}
    with open(log) as f:
        for line in f:
            if line.startswith("RESULT "):
                res = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
    return {"engine": engine, "threads": threads, "mode": name, "rep": rep, "rc": rc, "wall": round(wall, 3),
            "work": int(res["workMillis"]) if "workMillis" in res else None,
            "cpu": int(res["workCpuMillis"]) if "workCpuMillis" in res else None,
            "last": int(res["roundMillis"].split(",")[-1].split("/")[0]) if "roundMillis" in res else None,
            "lastCpu": int(res["roundMillis"].split(",")[-1].split("/")[1]) if "/" in res.get("roundMillis", "") else None,
            "rounds": res.get("roundMillis"),
            "init": int(res["initMillis"]) if "initMillis" in res else None,
            "mainAt": int(res["mainAtMillis"]) if "mainAtMillis" in res else None,
            "ok": res.get("ok") == "true", "log": log,
            "load": os.getloadavg()[0]}


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engines", default="lucene,h2,jackson")
    ap.add_argument("--threads", default="1,4")
    ap.add_argument("--mode", action="append")
    ap.add_argument("--agent", action="append", default=[])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--java", default="java")
    ap.add_argument("--jvm", action="append", default=[], help="extra JVM option (repeatable)")
    ap.add_argument("--arg", action="append", default=[], help="ENGINE:key=value driver argument (repeatable)")
    ap.add_argument("--out", default=None, help="directory for logs and results.jsonl")
    args = ap.parse_args()
    agents = {"jgil": os.path.join(ROOT, "agent", "target", "jgil-agent.jar")}
    for a in args.agent:
        k, v = a.split("=", 1)
        agents[k] = v
    args.driver_args = {e: list(v) for e, v in DEFAULT_ARGS.items()}
    for a in args.arg:
        e, kv = a.split(":", 1)
        args.driver_args.setdefault(e, []).append(kv)
    modes = [parse_mode(m) for m in (args.mode or DEFAULT_MODES)]
    if modes[0][0] != "none" and not any(m[0] == "none" for m in modes):
        modes.insert(0, ("none", None, None, []))
    out = args.out or os.path.join(ROOT, "benchmarks", "target", "engines-cost", time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out, exist_ok=True)
    rows = []
    combos = [(e, int(t)) for e in args.engines.split(",") for t in args.threads.split(",")]
    with open(os.path.join(out, "results.jsonl"), "a") as jl:
        for rep in range(args.reps):
            for engine, threads in combos:
                k = rep % len(modes)
                order = modes[k:] + modes[:k]  # rotate so no mode always runs first
                for m in order:
                    r = run_one(args, engine, threads, m, agents, out, rep)
                    rows.append(r)
                    jl.write(json.dumps(r) + "\n")
                    jl.flush()
                    print("rep %d %-8s t%d %-14s rc=%s ok=%s work=%s cpu=%s rounds=%s init=%s mainAt=%s wall=%.1f load=%.1f" % (
                        rep, engine, threads, m[0], r["rc"], r["ok"], r["work"], r["cpu"], r["rounds"], r["init"], r["mainAt"], r["wall"],
                        r["load"]), flush=True)
    print_table(rows, [m[0] for m in modes])
    print("logs and results.jsonl in", out)


def print_table(rows, modes):
    combos = []
    for r in rows:
        if (r["engine"], r["threads"]) not in combos:
            combos.append((r["engine"], r["threads"]))
    print()
    print("cell: work wall ratio / work CPU ratio / last-round CPU ratio, each vs none (medians of per-rep paired ratios), "
          "[median work ms], start-up added (median paired diff of mainAt+init, ms); none: [work ms, cpu ms]")
    print("| engine | thr | " + " | ".join(modes) + " |")
    print("|---|---|" + "---|" * len(modes))
    for e, t in combos:
        cells = []
        base = {r["rep"]: r for r in rows if r["engine"] == e and r["threads"] == t and r["mode"] == "none"}
        for m in modes:
            rs = [r for r in rows if r["engine"] == e and r["threads"] == t and r["mode"] == m]
            fails = sum(1 for r in rs if not r["ok"])
            bad = (" **%d/%d failed**" % (fails, len(rs))) if fails else ""
            works = [r["work"] for r in rs if r["ok"]]
            if m == "none":
                cells.append("[%s ms, cpu %s]%s" % (fmt(med(works)), fmt(med([r.get("cpu") for r in rs if r["ok"]])), bad))
                continue
            ratios, cratios, lratios, su = [], [], [], []
            for r in rs:
                b = base.get(r["rep"])
                if b and b["ok"] and r["ok"]:
                    ratios.append(r["work"] / max(1, b["work"]))
                    if r.get("cpu") and b.get("cpu"):
                        cratios.append(r["cpu"] / max(1, b["cpu"]))
                    if r.get("lastCpu") and b.get("lastCpu"):
                        lratios.append(r["lastCpu"] / max(1, b["lastCpu"]))
                    su.append((r["mainAt"] + r["init"]) - (b["mainAt"] + b["init"]))
            cells.append("%sx / %sx / %sx [%s] +%s%s" % (fmt(med(ratios), 2), fmt(med(cratios), 2), fmt(med(lratios), 2), fmt(med(works)),
                                                  fmt(med(su)), bad))
        print("| %s | %d | %s |" % (e, t, " | ".join(cells)))


def fmt(x, nd=0):
    if x is None:
        return "-"
    return ("%." + str(nd) + "f") % x


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--table":
        rows = [json.loads(l) for f in sys.argv[2:] for l in open(f)]
        modes = []
        for r in rows:
            if r["mode"] not in modes:
                modes.append(r["mode"])
        if "none" in modes:
            modes.remove("none")
            modes.insert(0, "none")
        print_table(rows, modes)
    else:
        main()
