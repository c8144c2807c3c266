package dev.jgil.demo.webserver;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One closed-loop load-generator connection: HTTP/1.1 keep-alive GETs over a raw socket, latency per
 * request. Never designated (the clients are other machines).
 */
final class LoadClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    long[] latencies = new long[1024];
    String[] paths = new String[1024];
    int count;

    LoadClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** One request; records its latency. */
    void get(String path) throws IOException {
        long start = System.nanoTime();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 200")) throw new IOException("unexpected response: " + status);
        long length = -1;
        for (String h; !(h = line()).isEmpty(); ) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
        }
        if (length < 0) throw new IOException("response without Content-Length");
        for (long i = 0; i < length; i++) if (in.read() < 0) throw new EOFException("short body");
        long took = System.nanoTime() - start;
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
            paths = Arrays.copyOf(paths, count * 2);
        }
        latencies[count] = took;
        paths[count] = path;
        count++;
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new EOFException("connection closed");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    void reset() {
        count = 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
