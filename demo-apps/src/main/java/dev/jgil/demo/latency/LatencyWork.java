package dev.jgil.demo.latency;

import dev.jgil.demo.common.Blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The designated code of the latency demo: Python code in ccbench's latency test. The pinging client
 * sleeps until its next tick and sends one byte to the echo server, both through the release zone
 * {@link Blocking}; the round trip is timed from after it has the GIL back from its sleep to after it
 * has the GIL back from its receive, so the time it waits for the GIL after each blocking call is in
 * the figure, as in ccbench (whose receiving thread reads the clock after re-acquiring the GIL).
 */
public final class LatencyWork {
    static volatile boolean stop;

    /**
     * {@code count} pings, one every {@code everyNanos} (a late ping shifts the schedule rather than
     * sending a burst); returns each ping's round trip in nanoseconds.
     */
    public static long[] pings(InputStream in, OutputStream out, int count, long everyNanos) throws IOException {
        long[] latencies = new long[count];
        byte[] b = {42};
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            next += everyNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) Blocking.sleepNanos(wait);
            else next -= wait;
            long t0 = System.nanoTime();
            Blocking.send(out, b, 1);
            Blocking.recv(in, b, 1);
            latencies[i] = System.nanoTime() - t0;
        }
        return latencies;
    }

    /** A CPU-bound thread (ccbench's pure-Python background task): spins until {@link #stop}. */
    public static long spin() {
        long x = 0x9E3779B97F4A7C15L;
        while (!stop) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    private LatencyWork() {
    }
}
