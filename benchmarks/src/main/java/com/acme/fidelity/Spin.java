package com.acme.fidelity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The designated code of the fidelity benchmarks (include=com.acme.fidelity.Spin), written the
 * plain way: a countdown, a 1-byte echo client, a CPU-bound spinner. In a package of its own because
 * jgil never weaves its own dev.jgil packages.
 */
public final class Spin {
    static volatile boolean stop;

    public static long countdown(long n) {
        long x = 0;
        while (n > 0) {
            x += n & 1;
            n--;
        }
        return x;
    }

    /** 1-byte round trips until the deadline; each one's duration (ns) goes into rt. Returns the count. */
    public static int echoClient(InputStream in, OutputStream out, long deadline, long[] rt) throws IOException {
        int n = 0;
        while (n < rt.length) {
            long t0 = System.nanoTime();
            if (t0 >= deadline) break;
            out.write(42);
            out.flush();
            if (in.read() != 42) throw new IOException("bad echo");
            rt[n++] = System.nanoTime() - t0;
        }
        return n;
    }

    public static long spin() {
        long x = 0x9E3779B97F4A7C15L;
        while (!stop) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * A CPU-bound spinner that publishes its progress: every 2^16 iterations it stores its count in
     * {@code progress[slot]}, so a reader can take the designated throughput of a window without the
     * spinner leaving designated code.
     */
    public static long spinCounting(java.util.concurrent.atomic.AtomicLongArray progress, int slot) {
        long x = 0x9E3779B97F4A7C15L;
        long n = 0;
        while (!stop) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            if ((++n & 0xFFFF) == 0) progress.lazySet(slot, n);
        }
        return x;
    }

    private Spin() {
    }
}
