#!/usr/bin/env python3
"""hashlib drops the GIL: SHA-256 over large buffers, sequential vs T threads, on CPython. Twin of
`./jgil demo native` (whose release zone plays the part of hashlib's Py_BEGIN_ALLOW_THREADS; CPython
has no "holding the GIL" twin of the same call, so only the released row is measured here).

    python3 demo-apps/python/native.py [--mb 512] [--chunk-kb 1024] [--threads 2] [--reps 3]

Prints a Markdown table and `RESULT demo=native gil=cpython released_speedup=...`.
"""
import argparse
import hashlib
import os
import statistics
import sys
import threading
import time


def hash_many(buf, count, cpu):
    c0 = time.thread_time()
    acc = 0
    for _ in range(count):
        acc += hashlib.sha256(buf).digest()[0]
    cpu.append(time.thread_time() - c0)
    return acc


def run(buf, calls, threads):
    """(wall ms, CPU ms of the hashing threads)"""
    cpu = []
    ts = [threading.Thread(target=hash_many, args=(buf, calls // threads + (1 if i < calls % threads else 0), cpu))
          for i in range(threads)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return (time.perf_counter() - t0) * 1e3, sum(cpu) * 1e3


def positive_int(s):
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer, got '{s}'")
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {v}")
    return v


def main():
    ap = argparse.ArgumentParser(description="SHA-256 over large buffers, sequential vs threads (CPython twin of ./jgil demo native)")
    ap.add_argument("--mb", type=positive_int, default=512, help="megabytes hashed per run (default 512)")
    ap.add_argument("--chunk-kb", type=positive_int, default=1024, help="buffer per digest call in KiB (default 1024)")
    ap.add_argument("--threads", type=positive_int, default=2, help="threads (default 2)")
    ap.add_argument("--reps", type=positive_int, default=3, help="repetitions (median reported)")
    a = ap.parse_args()
    chunk = a.chunk_kb * 1024
    calls = max(a.threads, a.mb * 1024 * 1024 // chunk)
    buf = os.urandom(chunk)
    print(f"native: SHA-256 over {calls} × {a.chunk_kb} KiB, sequential vs {a.threads} threads; "
          f"cores={os.cpu_count()}, python {sys.version.split()[0]}")
    run(buf, max(a.threads, calls // 8), a.threads)
    seq, par, parallelism = [], [], []
    for _ in range(a.reps):
        seq.append(run(buf, calls, 1)[0])
        wall, cpu = run(buf, calls, a.threads)
        par.append(wall)
        parallelism.append(cpu / wall)
    s, p, q = statistics.median(seq), statistics.median(par), statistics.median(parallelism)
    print()
    print(f"| digest runs | sequential ms | {a.threads} threads ms | speed-up (sequential / threads) | CPU ÷ wall of the threads |")
    print("|---|---:|---:|---:|---:|")
    print(f"| hashlib (drops the GIL) | {s:.0f} | {p:.0f} | {s / p:.2f}× | {q:.2f} |")
    print(f"RESULT demo=native gil=cpython threads={a.threads} mb={a.mb} chunk_kb={a.chunk_kb} "
          f"released_sequential_ms={s:.1f} released_threads_ms={p:.1f} released_speedup={s / p:.3f} "
          f"released_parallelism={q:.3f}")


if __name__ == "__main__":
    main()
