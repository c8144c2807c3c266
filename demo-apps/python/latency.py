#!/usr/bin/env python3
"""ccbench's latency test on CPython: a 1-byte loopback ping every 100 ms for a few seconds while 0, 1,
2, 3, 4 threads do pure-Python work; mean and standard deviation of the round trip per CPU-thread
count. The echo server is a separate process (the remote peer: it never competes for this process's
GIL); the client times each ping from after it has the GIL back from its sleep to after it has it back
from its receive, like the Java demo. Twin of `./jgil demo latency`.

    python3 demo-apps/python/latency.py [--cpu 0,1,2,3,4] [--duration 2s] [--every 100ms] [--interval 5ms]

Prints a Markdown table and one `RESULT demo=latency gil=cpython interval=... mean_ms0=... sd_ms0=...`
line.
"""
import argparse
import multiprocessing as mp
import os
import socket
import sys
import threading
import time

from twins import echo_server, parse_duration

stop = False


def spin():
    x = 0
    while not stop:
        x += 1


def pings(sock, count, every):
    """count pings, one every `every` seconds (a late ping shifts the schedule); each round trip in seconds."""
    out = []
    nxt = time.perf_counter()
    for _ in range(count):
        nxt += every
        wait = nxt - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        else:
            nxt -= wait
        t0 = time.perf_counter()
        sock.send(b"*")
        if not sock.recv(1):
            raise SystemExit("latency.py: echo server closed the connection")
        out.append(time.perf_counter() - t0)
    return out


def mean_sd(xs):
    """Mean and population standard deviation (ccbench's "std dev")."""
    m = sum(xs) / len(xs)
    return m, (sum((x - m) ** 2 for x in xs) / len(xs)) ** 0.5


def ms(v):
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}" if v >= 1 else f"{v:.3f}"


def parse_counts(s):
    try:
        xs = [int(x) for x in s.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a comma-separated list of integers, got '{s}'")
    if any(x < 0 for x in xs):
        raise argparse.ArgumentTypeError(f"counts must be >= 0, got '{s}'")
    return xs


def main():
    global stop
    ap = argparse.ArgumentParser(description="ccbench's latency test: ping latency beside CPU-bound threads (CPython twin of ./jgil demo latency)")
    ap.add_argument("--cpu", type=parse_counts, default=[0, 1, 2, 3, 4], help="CPU-bound thread counts (default 0,1,2,3,4)")
    ap.add_argument("--duration", type=parse_duration, default=2.0, help="pinging time per CPU-thread count (default 2s, as ccbench)")
    ap.add_argument("--every", type=parse_duration, default=0.1, help="time between pings (default 100ms, as ccbench)")
    ap.add_argument("--interval", default="5ms", help="switch interval, sys.setswitchinterval (default 5ms)")
    a = ap.parse_args()
    try:
        interval = parse_duration(a.interval)
    except argparse.ArgumentTypeError as e:
        ap.error(f"argument --interval: {e}")
    if a.duration < a.every:
        ap.error("--duration must be at least --every (one ping)")
    count = max(1, int(a.duration / a.every + 1e-9))
    sys.setswitchinterval(interval)

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    server = mp.Process(target=echo_server, args=(listener,), daemon=True)
    server.start()
    sock = socket.create_connection(listener.getsockname())
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    cpus = ",".join(str(k) for k in a.cpu)
    print(f"latency: a 1-byte loopback ping every {a.every * 1e3:g}ms for {a.duration:g}s beside {cpus} CPU-bound threads; "
          f"cores={os.cpu_count()}, python {sys.version.split()[0]}, switch interval {a.interval.strip()}")
    pings(sock, 200, 0.0002)  # warm-up, alone, as the Java demo

    stats = {}
    for k in a.cpu:
        stop = False
        ts = [threading.Thread(target=spin, daemon=True) for _ in range(k)]
        for t in ts:
            t.start()
        if k:
            time.sleep(0.05)
        lat = pings(sock, count, a.every)
        stop = True
        for t in ts:
            t.join()
        m, sd = mean_sd(lat)
        stats[k] = (m * 1e3, sd * 1e3, max(lat) * 1e3)
    sock.close()

    kv = [f"interval={a.interval.strip()}", "available=true"]
    for k in a.cpu:
        m, sd, mx = stats[k]
        kv += [f"mean_ms{k}={m:.4f}", f"sd_ms{k}={sd:.4f}", f"max_ms{k}={mx:.4f}", f"pings{k}={count}"]
    print("RESULT demo=latency gil=cpython " + " ".join(kv))
    print()
    print("| GIL | " + " | ".join(f"{k} CPU thread{'' if k == 1 else 's'}" for k in a.cpu) + " |")
    print("|---|" + "---:|" * len(a.cpu))
    print(f"| cpython {a.interval.strip()} | " + " | ".join(f"{ms(stats[k][0])} ms (σ {ms(stats[k][1])})" for k in a.cpu) + " |")
    print("(mean round trip of a ping, its standard deviation in brackets; ccbench on CPython 3.11: 0, 4, 135, 312, 222 ms)")


if __name__ == "__main__":
    main()
