package dev.jgil.demo.common;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * The blocking calls of the I/O demos, kept out of designated code and designated as a release zone
 * ({@code release=dev.jgil.demo.common.Blocking#*}): the JVM counterpart of CPython's
 * {@code time.sleep}, {@code socket.send} and {@code socket.recv}, which drop the GIL around the
 * system call. The designated caller takes the GIL back at its next checkpoint, right after the call
 * returns, exactly as CPython re-acquires it after the system call.
 *
 * <p>Once the agent also releases the GIL inside the JDK's blocking methods, these release twice at
 * most (the second release is a no-op for a thread that no longer owns the GIL).
 */
public final class Blocking {
    private Blocking() {
    }

    public static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void send(OutputStream out, byte[] b, int len) throws IOException {
        out.write(b, 0, len);
        out.flush();
    }

    /** Reads exactly len bytes. */
    public static void recv(InputStream in, byte[] b, int len) throws IOException {
        for (int off = 0; off < len; ) {
            int n = in.read(b, off, len - off);
            if (n < 0) throw new EOFException("peer closed");
            off += n;
        }
    }
}
