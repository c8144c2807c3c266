"""jgil predict, accuracy: record each program under policy=off (trace preset), predict it under a policy, then run it
for real under that policy; several repetitions, alternating. Prints one Markdown table of errors.

Usage: python3 benchmarks/predict/accuracy.py [--java /path/to/java] [--reps 3] [--programs countdown,iobound,...]
       [--policy switch] [--interval 5ms]
Needs the built tree (mvn -DskipTests package) and, for lucene/jackson, benchmarks/engines-cost/drivers/target
(cd benchmarks/engines-cost/drivers && mvn -q package).

Errors are (predicted - actual) / actual. Wall: the designated span (first designated activity to the last), the part
of the run a GIL changes: jgil predict's designatedSpanNanos vs the real run's first acquisition to last hold end (both
runs use the trace preset, so both pay for an event per segment or hold). Total wait: sum of the predicted per-thread waits vs the real run's exact contended waits (jgil.Statistics).
Time-bounded programs (convoy, webserver: a fixed measuring time, so the GIL changes the work, not the time) are
compared per operation instead: predicted throughput = ops_off / (duration + predicted added time), and wait per
operation.
"""
import argparse, json, os, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# JGIL_AGENT / JGIL_CLI: copies of the jars, so that a rebuild during a long run does not swap them under it.
AGENT = os.environ.get("JGIL_AGENT", os.path.join(ROOT, "agent", "target", "jgil-agent.jar"))
CLI = os.environ.get("JGIL_CLI", os.path.join(ROOT, "reports", "cli", "target", "jgil.jar"))
DEMO = os.environ.get("JGIL_DEMO", os.path.join(ROOT, "demo-apps", "target", "classes"))
DRIVERS = os.path.join(ROOT, "benchmarks", "engines-cost", "drivers", "target")
DRIVERS_CP = os.path.join(DRIVERS, "classes") + ":" + os.path.join(DRIVERS, "lib", "*")

GROUPS = "group.parser=dev.jgil.demo.groups.ParserWork,group.driver=dev.jgil.demo.groups.DriverWork"
# name -> (class path, main, designation, args, ops key in the RESULT line or None, measuring seconds or None)
PROGRAMS = {
    "countdown": (DEMO, "dev.jgil.demo.countdown.Countdown", "include=dev.jgil.demo.countdown.CountdownWork",
                  ["--modes", "threads", "--reps", "1"], None, None),
    "iobound": (DEMO, "dev.jgil.demo.iobound.IoBound",
                "include=dev.jgil.demo.iobound.IoWork,release=dev.jgil.demo.common.Blocking#*",
                ["--threads", "4", "--reps", "1"], None, None),
    "convoy": (DEMO, "dev.jgil.demo.convoy.Convoy",
               "include=dev.jgil.demo.convoy.ConvoyWork,release=dev.jgil.demo.common.Blocking#*",
               ["--cell", "--cpu", "1", "--duration", "400ms"], "roundtrips", 0.4),
    "webserver": (DEMO, "dev.jgil.demo.webserver.WebServer",
                  "include=dev.jgil.demo.webserver.Handlers,release=dev.jgil.demo.common.Blocking#*",
                  ["--scenarios", "mixed", "--duration", "1s"], "requests", 1.0),
    "lucene": (DRIVERS_CP, "drivers.LuceneDriver", "include=org.apache.lucene.**",
               ["threads=4", "docs=20000", "queries=200"], None, None),
    "jackson": (DRIVERS_CP, "drivers.JacksonDriver", "include=com.fasterxml.jackson.**",
                ["threads=4", "docs=5000", "rounds=5"], None, None),
    # One GIL per group (issue 17): recorded under off with the two groups; "groups" predicts a lock per group against a
    # real run with the groups, "groups-one" predicts one GIL for both (--groups one) against a real run with one GIL.
    "groups": (DEMO, "dev.jgil.demo.groups.Groups", GROUPS, ["--child", "100000000", "3", "groups"], None, None),
    "groups-one": (DEMO, "dev.jgil.demo.groups.Groups", GROUPS, ["--child", "100000000", "3", "one"], None, None),
}
# Programs whose real run or prediction differs from the recorded designation: (real run's designation, predict args).
VARIANTS = {"groups-one": ("include=dev.jgil.demo.groups.ParserWork;dev.jgil.demo.groups.DriverWork", ["--groups", "one"]),
            # The convoy cell's CPU threads spin until a stop flag: time-bound (jgil predict --time-bound). "convoy" itself
            # replays them as work, which is what predict does when not told.
            "convoy-bound": (None, ["--time-bound", "cpu-*"])}
PROGRAMS["convoy-bound"] = PROGRAMS["convoy"]


def run(java, prog, opts, log, designation=None):
    cp, main, recorded, args, _, _ = PROGRAMS[prog]
    designation = designation or recorded
    cmd = [java, "-Xmx1g", "-javaagent:%s=%s,%s,report=off,hlog=off,summary=off" % (AGENT, designation, opts),
           "-cp", cp, main] + args
    t0 = time.monotonic()
    with open(log, "w") as f:
        p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, timeout=600)
    if p.returncode != 0:
        sys.exit("failed (%d): %s; see %s" % (p.returncode, " ".join(cmd), log))
    res = {}
    for line in open(log):
        if line.startswith("RESULT "):
            res = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
    return res, time.monotonic() - t0


def span(java, jfr):
    out = subprocess.run([java, os.path.join(HERE, "Span.java"), jfr], capture_output=True, text=True, check=True).stdout
    kv = dict(x.split("=") for x in out.split())
    return int(kv["designatedSpanNanos"]), int(kv["waitNanos"])


def predict(java, jfr, policy, interval, out, extra=()):
    subprocess.run([java, "-jar", CLI, "predict", jfr, "--policy", policy, "--interval", interval, "--json", out, *extra],
                   check=True, capture_output=True)
    j = json.load(open(out))
    return j["predicted"], j["recorded"], j.get("warnings", [])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java", default="java")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--programs", default="countdown,iobound,convoy,webserver,lucene,jackson")
    ap.add_argument("--policy", default="switch")
    ap.add_argument("--interval", default="5ms")
    ap.add_argument("--out", default="/tmp/jgil-predict-accuracy")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    version = subprocess.run([a.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    rows = []
    for prog in a.programs.split(","):
        ops_key, seconds = PROGRAMS[prog][4], PROGRAMS[prog][5]
        errs_wall, errs_wait, detail, warns = [], [], [], set()
        for rep in range(a.reps):
            base = os.path.join(a.out, "%s-r%d" % (prog, rep))
            order = ["off", "real"] if rep % 2 == 0 else ["real", "off"]  # alternate: drift hits both sides
            r = {}
            for side in order:
                if side == "off":
                    r["off"] = run(a.java, prog, "policy=off,jfr.settings=trace,jfr=%s-off.jfr" % base, base + "-off.log")
                else:
                    r["real"] = run(a.java, prog, "policy=%s,interval=%s,jfr.settings=trace,jfr=%s-real.jfr" % (a.policy, a.interval, base),
                                    base + "-real.log", VARIANTS.get(prog, (None, ()))[0])
            pred, rec, w = predict(a.java, base + "-off.jfr", a.policy, a.interval, base + "-pred.json",
                                   VARIANTS.get(prog, (None, ()))[1])
            warns.update(w)
            real_span, real_wait = span(a.java, base + "-real.jfr")
            if ops_key is None:
                p_wall, act_wall = pred["designatedSpanNanos"], real_span
                p_wait, act_wait = pred["addedWaitNanos"], real_wait
            else:  # per operation
                ops_off, ops_real = float(r["off"][0][ops_key]), float(r["real"][0][ops_key])
                added = pred["designatedSpanNanos"] - pred["recordedDesignatedSpanNanos"]
                p_wall = (seconds * 1e9 + added) / ops_off  # predicted time per op
                act_wall = seconds * 1e9 / ops_real
                p_wait, act_wait = pred["addedWaitNanos"] / ops_off, real_wait / ops_real
            errs_wall.append((p_wall - act_wall) / act_wall)
            errs_wait.append((p_wait - act_wait) / act_wait if act_wait > 0 else float("nan"))
            detail.append("rep %d: designated span recorded %.3f s, predicted %.3f s, real %.3f s (%.2f cores); wait predicted %.3f s, real %.3f s%s" % (
                rep, pred["recordedDesignatedSpanNanos"] / 1e9, pred["designatedSpanNanos"] / 1e9, real_span / 1e9, pred["capacityCores"], pred["addedWaitNanos"] / 1e9,
                real_wait / 1e9, "" if ops_key is None else "; ops off %s, real %s" % (r["off"][0][ops_key], r["real"][0][ops_key])))
            print("%s %s" % (prog, detail[-1]), file=sys.stderr)
        rows.append((prog, "per op" if ops_key else "run", statistics.median(errs_wall), min(errs_wall), max(errs_wall),
                     statistics.median(errs_wait), min(errs_wait), max(errs_wait), len(warns)))
    load = os.getloadavg()
    print("%s; %s %s; %d reps; load %.1f %.1f %.1f; %s" % (version, a.policy, a.interval, a.reps, *load,
                                                             time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))
    print()
    print("| program | compared | wall error, median (min…max) | total wait error, median (min…max) | warnings |")
    print("|---|---|---:|---:|---:|")
    for prog, how, wm, wl, wh, am, al, ah, nw in rows:
        print("| %s | %s | %+.1f %% (%+.1f…%+.1f) | %+.1f %% (%+.1f…%+.1f) | %d |" % (
            prog, how, 100 * wm, 100 * wl, 100 * wh, 100 * am, 100 * al, 100 * ah, nw))


if __name__ == "__main__":
    main()
