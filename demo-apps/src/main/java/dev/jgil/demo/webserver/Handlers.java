package dev.jgil.demo.webserver;

import com.sun.net.httpserver.HttpExchange;
import dev.jgil.demo.common.Blocking;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The designated request handlers (the "Python web application"): {@code /cpu} computes (a hash
 * chain, about 2–3 ms by default), {@code /io} waits on a back end ({@link Blocking#sleepNanos}, a
 * release zone, like a database call that drops the GIL) and then formats a small reply.
 */
public final class Handlers {
    private Handlers() {
    }

    public static void cpu(HttpExchange ex, long iterations) throws IOException {
        long x = 0x9E3779B97F4A7C15L;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        respond(ex, "cpu " + Long.toHexString(x) + "\n");
    }

    public static void io(HttpExchange ex, long sleepNanos) throws IOException {
        Blocking.sleepNanos(sleepNanos);
        respond(ex, "io ok\n");
    }

    private static void respond(HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
