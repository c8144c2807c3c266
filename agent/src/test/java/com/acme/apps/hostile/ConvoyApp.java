package com.acme.apps.hostile;

import com.acme.apps.hostile.d.Convoy;
import dev.jgil.runtime.Gil;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The convoy effect: a designated I/O-bound thread doing 1-byte echo round trips against a
 * NON-designated echo server thread, first alone, then next to one designated CPU-bound thread. Prints
 * {@code alone_trips_per_s}, {@code cpu_trips_per_s}, {@code slowdown}, and the per-trip GIL wait
 * (median, p90) in microseconds. {@code ms=} sets each phase's length (default 1500).
 */
public final class ConvoyApp {
    private ConvoyApp() {
    }

    public static void main(String[] args) throws Exception {
        long ms = 1500;
        for (String a : args) if (a.startsWith("ms=")) ms = Long.parseLong(a.substring(3));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> echo(server), "echo-server");
            echo.setDaemon(true);
            echo.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                s.setTcpNoDelay(true);
                Convoy.ioLoop(s, 200_000_000L); // warm-up (JIT, connection)
                long[] alone = Convoy.ioLoop(s, ms * 1_000_000L);
                Convoy.stop = false;
                Thread cpu = new Thread(Convoy::cpuLoop, "cpu-bound");
                cpu.setDaemon(true);
                cpu.start();
                Thread.sleep(50);
                long[] withCpu = Convoy.ioLoop(s, ms * 1_000_000L);
                Convoy.stop = true;
                cpu.join();
                double aloneRate = alone[0] * 1e9 / alone[1];
                double cpuRate = withCpu[0] * 1e9 / withCpu[1];
                System.out.println("policy=" + Gil.lock().policy().name());
                System.out.println("interval_us=" + Gil.lock().intervalNanos() / 1000);
                System.out.printf("alone_trips_per_s=%.1f%n", aloneRate);
                System.out.printf("cpu_trips_per_s=%.1f%n", cpuRate);
                System.out.printf("slowdown=%.2f%n", aloneRate / cpuRate);
                System.out.printf("alone_median_wait_us=%.1f%n", alone[2] / 1000.0);
                System.out.printf("cpu_median_wait_us=%.1f%n", withCpu[2] / 1000.0);
                System.out.printf("cpu_p90_wait_us=%.1f%n", withCpu[3] / 1000.0);
                System.out.printf("cpu_mean_wait_us=%.1f%n", withCpu[4] / 1000.0);
                System.out.printf("cpu_trips_that_waited_pct=%.1f%n", withCpu[0] == 0 ? 0 : 100.0 * withCpu[5] / withCpu[0]);
                // Per trip that waited at all; and the share of the phase's wall time spent waiting for the GIL.
                System.out.printf("cpu_wait_per_waiting_trip_us=%.1f%n",
                        withCpu[5] == 0 ? 0 : withCpu[4] * (double) withCpu[0] / withCpu[5] / 1000.0);
                System.out.printf("cpu_wait_share=%.3f%n", withCpu[4] * (double) withCpu[0] / withCpu[1]);
            }
        }
    }

    /** Not designated: the server never takes the GIL, so only the client's waits are measured. */
    private static void echo(ServerSocket server) {
        try (Socket c = server.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            c.setTcpNoDelay(true);
            for (int b; (b = in.read()) != -1; ) out.write(b);
        } catch (Exception e) {
            // client closed
        }
    }
}
