#!/usr/bin/env python3
"""Fidelity of jgil against CPython on the chapter's two artefact-prone cases, same run, alternating
variants within each round (medians; min-max shown):

  warmup   the countdown warmed up plainly on one thread, then sequential vs 2 threads:
           threads/sequential wall (CPython's band on 2 cores: about 0.9-1.15; the JVM without a GIL ~0.5)
  convoy   a 1-byte echo client beside one CPU-bound thread, 5 ms interval: slowdown vs the client alone
           (CPython: tens to hundreds x; jgil must show it too: >= 30x and within 3x of CPython)

  policies the convoy per policy (issue 17: priority and bfs beside switch), 5 ms interval, record=off: the echo
           client's slowdown beside 1 and 4 CPU-bound threads, and the CPU-bound threads' designated throughput as a
           ratio to switch's in the same round (targets: slowdown <= 2x and <= 3x, throughput >= 0.8x; switch >= 30x)

  benchmarks/run fidelity warmup|convoy|policies [--rounds 5] [--jdk JAVA_HOME] [--policies switch,priority,bfs]
Variants: noagent (plain JVM), jgil (default recording), jgil-off (record=off), cpython (demo-apps/python twin).
"""
import argparse, os, re, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AGENT = os.environ.get("JGIL_AGENT", os.path.join(ROOT, "agent", "target", "jgil-agent.jar"))  # JGIL_AGENT: a copy to A/B
# Only this module's own classes: benchmarks.jar bundles the agent's classes, which would shadow the agent jar.
BENCH = os.path.join(HERE, "target", "classes")
INC = "include=com.acme.fidelity.Spin"


def java_cmd(java, variant, main, args, workdir):
    cmd = [java]
    if variant == "jgil":
        cmd.append(f"-javaagent:{AGENT}={INC},summary=off,jfr={workdir}/r.jfr,hlog=off,report=off")
    elif variant == "jgil-off":
        cmd.append(f"-javaagent:{AGENT}={INC},record=off")
    return cmd + ["-cp", BENCH, main] + args


def result(out):
    for line in out.splitlines():
        if line.startswith("RESULT "):
            return dict(kv.split("=", 1) for kv in line[7:].split())
    raise SystemExit("no RESULT line in:\n" + out)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return p.stdout


def one(case, variant, java, workdir, a):
    if case == "warmup":
        if variant == "cpython":
            r = result(run(["python3", os.path.join(ROOT, "demo-apps", "python", "countdown.py"), "--n", str(a.py_n),
                            "--modes", "sequential,threads", "--reps", "1"]))
            return float(r["threads_ratio"])
        r = result(run(java_cmd(java, variant, "com.acme.fidelity.WarmUp", [str(a.n)], workdir)))
        return float(r["ratio"])
    if variant == "cpython":
        r = result(run(["python3", os.path.join(ROOT, "demo-apps", "python", "convoy.py"), "--cpu", "0,1",
                        "--intervals", "5ms", "--duration", f"{a.ms}ms"]))
        return float(r["slowdown1"])
    r = result(run(java_cmd(java, variant, "com.acme.fidelity.Convoy", [str(a.ms)], workdir)))
    return float(r["slowdown"])


def policies(a, java):
    pols = a.policies.split(",")
    ks = [1, 4]
    res = {p: [] for p in pols}
    load0 = open("/proc/loadavg").read().split()[:3]
    t0 = time.time()
    for i in range(a.rounds):
        order = pols[i % len(pols):] + pols[:i % len(pols)]
        for p in order:
            agent = [] if p == "noagent" else [f"-javaagent:{AGENT}={INC},policy={p},interval=5ms,record=off"]
            res[p].append(result(run([java] + agent + ["-cp", BENCH, "com.acme.fidelity.ConvoyThroughput", str(a.ms),
                                                        ",".join(map(str, ks))])))
    load1 = open("/proc/loadavg").read().split()[:3]
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    print(f"policies: 1-byte echo beside k CPU-bound threads, 5 ms interval, record=off, {a.ms} ms per phase; {version}; "
          f"{a.rounds} rounds alternating, {time.time() - t0:.0f} s; load average before {' '.join(load0)}, after {' '.join(load1)}")
    head = "| policy | echo alone (rt/s) |" + "".join(f" slowdown beside {k} |" for k in ks) \
        + "".join(f" CPU throughput beside {k} ÷ switch |" for k in ks) \
        + "".join(f" client's GIL wait per contended acquisition beside {k} (µs) |" for k in ks) \
        + "".join(f" CPU threads on a core / waiting for the token beside {k} (share of the phase) |" for k in ks)
    print(head)
    print("|---" * (2 + 4 * len(ks)) + "|")

    def med(xs):
        return f"{statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"
    for p in pols:
        rs = res[p]
        row = f"| {p} | {statistics.median(float(r['alone_rtps']) for r in rs):,.0f} |"
        row += "".join(f" {med([float(r[f'slowdown{k}']) for r in rs])} |" for k in ks)
        for k in ks:
            if "switch" in res:
                # paired: the same round's switch run (noagent: what the CPU threads get with no lock at all)
                row += f" {med([float(r[f'spins{k}']) / float(s[f'spins{k}']) for r, s in zip(rs, res['switch'])])} |"
            else:
                row += " - |"
        for k in ks:
            waits = [float(r[f"wait_us{k}"]) for r in rs if f"wait_us{k}" in r]
            row += f" {statistics.median(waits):,.0f} ({min(waits):,.0f}-{max(waits):,.0f}) |" if waits else " - |"
        for k in ks:
            # where the CPU threads' throughput goes: off their core (the OS), or spinning/parked for the token
            on = [float(r[f"cpu_oncore{k}"]) for r in rs if f"cpu_oncore{k}" in r]
            wt = [float(r[f"cpu_gilwait{k}"]) for r in rs if f"cpu_gilwait{k}" in r]
            row += f" {statistics.median(on):.2f} / {statistics.median(wt):.2f} |" if wt else f" {statistics.median(on):.2f} / - |"
        print(row)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=["warmup", "convoy", "policies"])
    ap.add_argument("--policies", default="switch,priority,bfs")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jdk", default=os.environ.get("JAVA_HOME", ""))
    ap.add_argument("--variants", default="noagent,jgil,jgil-off,cpython")
    ap.add_argument("--n", type=int, default=2_000_000_000)  # >= 0.5 s sequential on the plain JVM: thread start-up is noise
    ap.add_argument("--py-n", type=int, default=20_000_000)
    ap.add_argument("--ms", type=int, default=1000)
    a = ap.parse_args()
    java = os.path.join(a.jdk, "bin", "java") if a.jdk else "java"
    workdir = os.path.join(HERE, "target", "fidelity")
    os.makedirs(workdir, exist_ok=True)
    if a.case == "policies":
        policies(a, java)
        return
    variants = a.variants.split(",")
    res = {v: [] for v in variants}
    load0 = open("/proc/loadavg").read().split()[:3]
    t0 = time.time()
    for i in range(a.rounds):
        order = variants[i % len(variants):] + variants[:i % len(variants)]
        for v in order:
            res[v].append(one(a.case, v, java, workdir, a))
    load1 = open("/proc/loadavg").read().split()[:3]
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    what = "threads/sequential wall" if a.case == "warmup" else "echo slowdown beside 1 CPU thread (5 ms)"
    print(f"{a.case}: {what}; {version}; {a.rounds} rounds alternating, {time.time() - t0:.0f} s; "
          f"load average before {' '.join(load0)}, after {' '.join(load1)}")
    print("| variant | median | min-max |")
    print("|---|---:|---|")
    for v in variants:
        xs = res[v]
        print(f"| {v} | {statistics.median(xs):.2f} | {min(xs):.2f}-{max(xs):.2f} |")
    if a.case == "convoy" and "jgil" in res and "cpython" in res:
        print(f"jgil / CPython (medians): {statistics.median(res['jgil']) / statistics.median(res['cpython']):.2f}")


if __name__ == "__main__":
    main()
