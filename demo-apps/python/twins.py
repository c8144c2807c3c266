"""What the socket twins share (convoy.py, latency.py): the echo server, run in a process of its own so that it
is not under the measured interpreter's GIL, and the duration syntax of the Java demos (5ms, 100us, 2s)."""
import argparse
import socket


def echo_server(listener):
    conn, _ = listener.accept()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while True:
        data = conn.recv(4096)
        if not data:
            return
        conn.sendall(data)


def parse_duration(s):
    t = s.strip().lower()
    for unit, f in (("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1.0)):
        if t.endswith(unit):
            try:
                v = float(t[: -len(unit)]) * f
            except ValueError:
                break
            if v <= 0:
                raise argparse.ArgumentTypeError(f"must be positive, got '{s}'")
            return v
    raise argparse.ArgumentTypeError(f"must be a duration like 5ms or 100us, got '{s}'")
