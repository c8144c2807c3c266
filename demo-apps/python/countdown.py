#!/usr/bin/env python3
"""The GIL chapter's first experiment on CPython: count down from N sequentially, in T threads, and in
T processes (multiprocessing, each with its own GIL). Twin of `./jgil demo countdown`.

    python3 demo-apps/python/countdown.py [--n 20000000] [--threads 2] [--modes sequential,threads,processes] [--reps 3]

Prints a Markdown table and a machine-readable `RESULT demo=countdown gil=cpython ...` line.
"""
import argparse
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time


def countdown(n):
    while n > 0:
        n -= 1


def timed_countdown(n, cpu):
    c0 = time.thread_time()
    countdown(n)
    cpu.append(time.thread_time() - c0)


def run_threads(n, threads):
    """Counts n down over the threads; returns the CPU seconds they used."""
    cpu = []
    ts = [threading.Thread(target=timed_countdown, args=(n // threads + (1 if i < n % threads else 0), cpu))
          for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sum(cpu)


def child(share, go, done):
    # A warm pool worker: wait for "go", count, report; repeat until told to stop (None).
    while True:
        cmd = go.get()
        if cmd is None:
            return
        c0 = time.thread_time()
        countdown(share)
        done.put(time.thread_time() - c0)


class Processes:
    """T warm worker processes released together, like a multiprocessing pool that already started."""

    def __init__(self, n, processes):
        start = time.perf_counter()
        self.done = mp.Queue()
        self.gos = []
        self.ps = []
        for i in range(processes):
            share = n // processes + (1 if i < n % processes else 0)
            go = mp.Queue()
            p = mp.Process(target=child, args=(share, go, self.done))
            p.start()
            self.gos.append(go)
            self.ps.append(p)
        self.startup_ms = (time.perf_counter() - start) * 1e3

    def go(self):
        for g in self.gos:
            g.put(1)
        return sum(self.done.get() for _ in self.ps)

    def close(self):
        for g in self.gos:
            g.put(None)
        for p in self.ps:
            p.join()
            if p.exitcode != 0:
                raise SystemExit(f"countdown.py: child process exited with {p.exitcode}")


def positive_int(s):
    try:
        v = int(s.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer, got '{s}'")
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {v}")
    return v


def main():
    ap = argparse.ArgumentParser(description="count down sequentially, in threads, in processes (CPython twin of ./jgil demo countdown)")
    ap.add_argument("--n", type=positive_int, default=20_000_000, help="total count (default 20000000)")
    ap.add_argument("--threads", type=positive_int, default=2, help="threads and processes (default 2)")
    ap.add_argument("--modes", default="sequential,threads,processes", help="comma-separated modes")
    ap.add_argument("--reps", type=positive_int, default=3, help="repetitions per mode (median reported)")
    a = ap.parse_args()
    modes = [m.strip() for m in a.modes.split(",")]
    for m in modes:
        if m not in ("sequential", "threads", "processes"):
            ap.error(f"unknown mode '{m}' (valid: sequential, threads, processes)")
    print(f"countdown from {a.n:,}; {a.threads} threads/processes; cores={os.cpu_count()}, "
          f"python {sys.version.split()[0]}, switch interval {sys.getswitchinterval() * 1e3:g} ms")
    countdown(a.n // 100)  # warm caches
    procs = Processes(a.n, a.threads) if "processes" in modes else None
    ms = {m: [] for m in modes}
    parallelism = {"threads": [], "processes": []}
    for _ in range(a.reps):
        for m in modes:
            t0 = time.perf_counter()
            if m == "sequential":
                countdown(a.n)
            elif m == "threads":
                cpu = run_threads(a.n, a.threads)
            else:
                cpu = procs.go()
            ms[m].append((time.perf_counter() - t0) * 1e3)
            if m in parallelism:
                parallelism[m].append(cpu * 1e3 / ms[m][-1])
    if procs:
        procs.close()
    seq = statistics.median(ms["sequential"]) if "sequential" in ms else None
    print()
    print(f"| mode | wall ms (median of {a.reps}) | min–max | ratio vs sequential |")
    print("|---|---:|---:|---:|")
    kv = [f"n={a.n}", f"threads={a.threads}", f"reps={a.reps}"]
    for m, xs in ms.items():
        med = statistics.median(xs)
        ratio = f"{med / seq:.2f}" if seq else "-"
        print(f"| {m} | {med:.0f} | {min(xs):.0f}–{max(xs):.0f} | {ratio} |")
        kv.append(f"{m}_ms={med:.1f}")
        if seq and m != "sequential":
            kv.append(f"{m}_ratio={med / seq:.3f}")
    for m, xs in parallelism.items():
        if xs:
            kv.append(f"{m}_parallelism={statistics.median(xs):.3f}")
    if procs:
        print(f"| (processes: start-up, once) | {procs.startup_ms:.0f} |  |  |")
        kv.append(f"process_startup_ms={procs.startup_ms:.0f}")
    print("RESULT demo=countdown gil=cpython " + " ".join(kv))


if __name__ == "__main__":
    main()
