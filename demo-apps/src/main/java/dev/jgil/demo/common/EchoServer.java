package dev.jgil.demo.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A loopback echo server, never designated: it plays the part of the remote peer (another process,
 * in Python's versions), so it never needs the GIL. One thread per connection; echoes each chunk it
 * reads, optionally after a fixed delay (a slow remote service).
 */
public final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final long delayNanos;
    private volatile boolean closed;

    public EchoServer(long delayNanos) throws IOException {
        this.delayNanos = delayNanos;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "echo-server");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(s), "echo-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) System.err.println("echo server: " + e);
            }
        }
    }

    private void serve(Socket s) {
        byte[] buf = new byte[8192];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (delayNanos > 0) TimeUnit.NANOSECONDS.sleep(delayNanos);
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // client went away
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
