package dev.jgil.demo.iobound;

import dev.jgil.demo.common.Blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The designated code of the I/O-bound demo: each operation sleeps (a timer, a disk, a rate limit),
 * then builds a small request, sends it to the echo server and parses the reply. The blocking calls go
 * through the release zone {@link Blocking}; only the little bit of request building and parsing needs
 * the GIL.
 */
public final class IoWork {
    private IoWork() {
    }

    public static long work(int ops, InputStream in, OutputStream out, long sleepNanos, int payload) throws IOException {
        byte[] b = new byte[payload];
        long acc = 0;
        for (int i = 0; i < ops; i++) {
            if (sleepNanos > 0) Blocking.sleepNanos(sleepNanos);
            for (int j = 0; j < payload; j++) b[j] = (byte) (i + j);
            Blocking.send(out, b, payload);
            Blocking.recv(in, b, payload);
            for (int j = 0; j < payload; j++) acc += b[j];
        }
        return acc;
    }
}
