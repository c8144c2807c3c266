#!/usr/bin/env python3
"""Twin of `./jgil demo groups`: two CPU-bound countdowns on a thread each, in one interpreter (one GIL) and in two
subinterpreters (PEP 684: each its own GIL on CPython >= 3.12; on 3.11 subinterpreters still share one GIL).

    python3 demo-apps/python/groups.py [--n 20000000] [--reps 3]

Prints a Markdown table and `RESULT demo=groups gil=cpython-<mode> ...` lines. Standard library only.
"""
import argparse
import statistics
import sys
import threading
import time

# A function, as countdown() is: module-level names would make the loop slower than the threads' (dict lookups).
CODE = "def countdown(n):\n    while n > 0:\n        n -= 1\ncountdown({n})\n"


def countdown(n):
    while n > 0:
        n -= 1


def interpreters_api():
    """(create, run(interp, code), destroy, own_gil) for this CPython, or None."""
    try:
        from concurrent import interpreters  # 3.14
        return (interpreters.create, lambda i, c: i.exec(c), lambda i: i.close(), True)
    except ImportError:
        pass
    try:
        import _interpreters  # 3.13
        return (_interpreters.create, _interpreters.exec, _interpreters.destroy, True)
    except ImportError:
        pass
    try:
        import _xxsubinterpreters as xx  # 3.8-3.12
        if sys.version_info >= (3, 12):
            return (lambda: xx.create(isolated=True), xx.run_string, xx.destroy, True)
        return (xx.create, xx.run_string, xx.destroy, False)
    except ImportError:
        return None


def on_threads(targets):
    ts = [threading.Thread(target=t) for t in targets]
    c0 = time.process_time()
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return time.perf_counter() - t0, time.process_time() - c0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000_000, help="count of each library")
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    api = interpreters_api()
    rows = {"sequential": [], "threads": [], "interpreters": []}
    cpu = {"threads": [], "interpreters": []}
    for _ in range(a.reps):
        t0 = time.perf_counter()
        countdown(a.n)
        countdown(a.n)
        rows["sequential"].append(time.perf_counter() - t0)
        w, c = on_threads([lambda: countdown(a.n), lambda: countdown(a.n)])
        rows["threads"].append(w)
        cpu["threads"].append(c / w)
        if api:
            create, run, destroy, _ = api
            its = [create(), create()]
            code = CODE.format(n=a.n)
            w, c = on_threads([lambda i=i: run(i, code) for i in its])
            rows["interpreters"].append(w)
            cpu["interpreters"].append(c / w)
            for i in its:
                destroy(i)
    seq = statistics.median(rows["sequential"])
    gil_note = "no subinterpreters" if not api else ("own GIL each" if api[3] else "one shared GIL (CPython < 3.12)")
    print(f"groups: two countdowns from {a.n:,} each; CPython {sys.version.split()[0]}; subinterpreters: {gil_note}")
    print("| mode | wall ms (median) | ÷ sequential | CPU ÷ wall |")
    print("|---|---:|---:|---:|")
    for mode, ws in rows.items():
        if not ws:
            continue
        m = statistics.median(ws)
        par = statistics.median(cpu[mode]) if mode in cpu else 1.0
        print(f"| {mode} | {m * 1e3:.0f} | {m / seq:.2f} | {par:.2f} |")
        if mode != "sequential":
            print(f"RESULT demo=groups gil=cpython-{mode} own_gil={str(bool(api and api[3]) and mode == 'interpreters').lower()} "
                  f"n={a.n} sequential_ms={seq * 1e3:.1f} threads_ms={m * 1e3:.1f} threads_ratio={m / seq:.3f} "
                  f"threads_parallelism={par:.3f}")


if __name__ == "__main__":
    main()
