package dev.jgil.demo.convoy;

import dev.jgil.demo.common.Blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The designated code of the convoy demo: Python code in the original. The client is I/O-bound
 * designated code: each round trip sends and receives one byte through the release zone
 * {@link Blocking} (the GIL is dropped around the system call) and must take the GIL back afterwards,
 * competing with the CPU-bound spinners.
 */
public final class ConvoyWork {
    static volatile boolean stop;

    /** Round trips until the deadline (System.nanoTime()); returns how many. */
    public static long client(InputStream in, OutputStream out, long deadline) throws IOException {
        byte[] b = {42};
        long count = 0;
        while (System.nanoTime() < deadline) {
            Blocking.send(out, b, 1);
            Blocking.recv(in, b, 1);
            count++;
        }
        return count;
    }

    /** A CPU-bound thread: spins until {@link #stop}. */
    public static long spin() {
        long x = 0x9E3779B97F4A7C15L;
        while (!stop) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    private ConvoyWork() {
    }
}
