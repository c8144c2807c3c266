package com.acme.fidelity;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The convoy (bpo-7946) written plainly: a designated 1-byte echo client, alone and then beside one
 * designated CPU-bound thread; the echo server is a thread of this JVM that is not designated (it
 * never takes the GIL, as CPython's twin runs its server in another process).
 * Args: [ms per phase]. Prints {@code RESULT alone_rtps=.. cpu_rtps=.. slowdown=..}.
 */
public final class Convoy {
    public static void main(String[] args) throws Exception {
        long ms = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> serve(ss), "echo-server");
        server.setDaemon(true);
        server.start();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            long[] rt = new long[4_000_000];
            Spin.echoClient(in, out, System.nanoTime() + 300_000_000L, rt); // warm-up, alone
            long t0 = System.nanoTime();
            int alone = Spin.echoClient(in, out, t0 + ms * 1_000_000L, rt);
            double aloneRate = alone * 1e9 / (System.nanoTime() - t0);
            Thread cpu = new Thread(Spin::spin, "cpu-bound");
            cpu.setDaemon(true);
            cpu.start();
            Thread.sleep(50);
            t0 = System.nanoTime();
            int with = Spin.echoClient(in, out, t0 + ms * 1_000_000L, rt);
            double withRate = with * 1e9 / (System.nanoTime() - t0);
            Spin.stop = true;
            cpu.join();
            System.out.printf(java.util.Locale.ROOT, "RESULT alone_rtps=%.0f cpu_rtps=%.1f slowdown=%.2f%n",
                    aloneRate, withRate, aloneRate / Math.max(withRate, 1e-9));
        }
    }

    /** The echo server: one connection, every byte back (not designated: it never takes the GIL). */
    static void serve(ServerSocket ss) {
        try (Socket c = ss.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            c.setTcpNoDelay(true);
            for (int b; (b = in.read()) != -1; ) out.write(b);
        } catch (Exception e) {
            // client closed
        }
    }

    private Convoy() {
    }
}
