#!/usr/bin/env python3
"""The convoy effect (bpo-7946) on CPython: 1-byte echo round trips per second over loopback while
0, 1, 2, 4 CPU-bound threads run, per switch interval (sys.setswitchinterval). The echo server is a
separate process (it never competes for this process's GIL). Twin of `./jgil demo convoy`.

    python3 demo-apps/python/convoy.py [--cpu 0,1,2,4] [--intervals 5ms,1ms,100us,10us] [--duration 400ms]

Prints a Markdown table and one `RESULT demo=convoy gil=cpython interval=... rtps0=... slowdown1=...`
line per interval.
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


def client(sock, deadline):
    count = 0
    b = b"*"
    while time.perf_counter() < deadline:
        sock.send(b)
        if not sock.recv(1):
            raise SystemExit("convoy.py: echo server closed the connection")
        count += 1
    return count


def parse_list(conv):
    def p(s):
        try:
            return [conv(x) for x in s.split(",")]
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a comma-separated list, got '{s}'")
    return p


def main():
    global stop
    ap = argparse.ArgumentParser(description="convoy effect: echo round trips/s beside CPU-bound threads (CPython twin of ./jgil demo convoy)")
    ap.add_argument("--cpu", type=parse_list(int), default=[0, 1, 2, 4], help="CPU-bound thread counts (default 0,1,2,4)")
    ap.add_argument("--intervals", default="5ms,1ms,100us,10us", help="switch intervals (default 5ms,1ms,100us,10us)")
    ap.add_argument("--duration", type=parse_duration, default=0.4, help="measuring time per cell (default 400ms)")
    a = ap.parse_args()
    texts = [x.strip() for x in a.intervals.split(",")]
    try:
        intervals = [parse_duration(x) for x in texts]
    except argparse.ArgumentTypeError as e:
        ap.error(f"argument --intervals: {e}")
    if any(c < 0 for c in a.cpu):
        ap.error("argument --cpu: counts must be >= 0")

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    server = mp.Process(target=echo_server, args=(listener,), daemon=True)
    server.start()
    sock = socket.create_connection(listener.getsockname())
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    print(f"convoy: 1-byte echo round trips/s beside {a.cpu} CPU-bound threads, {a.duration * 1e3:g} ms each; "
          f"cores={os.cpu_count()}, python {sys.version.split()[0]}")
    client(sock, time.perf_counter() + 0.2)  # warm-up

    rows = []
    for text, iv in zip(texts, intervals):
        sys.setswitchinterval(iv)
        rtps = {}
        for k in a.cpu:
            stop = False
            ts = [threading.Thread(target=spin, daemon=True) for _ in range(k)]
            for t in ts:
                t.start()
            if k:
                time.sleep(0.05)
            t0 = time.perf_counter()
            n = client(sock, t0 + a.duration)
            rtps[k] = n / (time.perf_counter() - t0)
            stop = True
            for t in ts:
                t.join()
        rows.append((text, rtps))
        kv = [f"interval={text}"]
        for k in a.cpu:
            kv.append(f"rtps{k}={rtps[k]:.1f}")
            if k and 0 in rtps:
                kv.append(f"slowdown{k}={rtps[0] / rtps[k] if rtps[k] else float('inf'):.2f}")
        print("RESULT demo=convoy gil=cpython " + " ".join(kv))
    sock.close()

    print()
    print("| switch interval | " + " | ".join(f"{k} CPU thread{'' if k == 1 else 's'}" for k in a.cpu) + " |")
    print("|---|" + "---:|" * len(a.cpu))
    for text, rtps in rows:
        cells = []
        for k in a.cpu:
            s = f"{rtps[k]:,.0f}"
            if k and 0 in rtps and rtps[k]:
                f = rtps[0] / rtps[k]
                s += f" ({f:.0f}× slower)" if f >= 10 else f" ({f:.1f}× slower)"
            cells.append(s)
        print(f"| {text} | " + " | ".join(cells) + " |")
    print("(in brackets: how many times slower than the client alone at the same interval)")


if __name__ == "__main__":
    main()
