package com.acme.apps.hostile.d;

import dev.jgil.runtime.Gil;
import dev.jgil.runtime.ThreadState;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

/** Designated halves of the convoy experiment (bpo-7946): an I/O-bound loop and a CPU-bound loop. */
public final class Convoy {
    public static volatile boolean stop;
    static volatile long sink;

    private Convoy() {
    }

    /**
     * 1-byte echo round trips until {@code nanos} have passed. Each socket call drops the GIL; the
     * checkpoint right after it takes it back, and the time spent waiting there is read off the
     * thread's own GIL statistics, per round trip. Returns {trips, elapsedNanos, median wait ns, p90}.
     */
    public static long[] ioLoop(Socket s, long nanos) throws Exception {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        ThreadState me = Gil.lock().currentThreadState();
        long[] waits = new long[1 << 20];
        int trips = 0;
        long t0 = System.nanoTime();
        long end = t0 + nanos;
        while (System.nanoTime() < end && trips < waits.length) {
            long w0 = me.waitNanosTotal();
            out.write(1);
            if (in.read() != 1) throw new IllegalStateException("bad echo");
            waits[trips++] = me.waitNanosTotal() - w0;
        }
        long elapsed = System.nanoTime() - t0;
        long[] sorted = Arrays.copyOf(waits, trips);
        Arrays.sort(sorted);
        long total = 0;
        int waited = 0;
        for (long w : sorted) {
            total += w;
            if (w > 0) waited++;
        }
        return new long[] {trips, elapsed, trips == 0 ? 0 : sorted[trips / 2], trips == 0 ? 0 : sorted[trips * 9 / 10],
                trips == 0 ? 0 : total / trips, waited};
    }

    /** Pure designated computation (back-edge checkpoints only) until {@link #stop}. */
    public static void cpuLoop() {
        long x = 1;
        while (!stop) {
            for (int i = 0; i < 1000; i++) x ^= (x << 7) ^ (x >>> 3) ^ i;
        }
        sink = x;
    }
}
