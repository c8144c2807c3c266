package dev.jgil.demo.webserver;

import com.sun.net.httpserver.HttpServer;
import dev.jgil.demo.common.Args;
import dev.jgil.demo.common.Jvm;
import dev.jgil.demo.common.Result;
import dev.jgil.demo.common.Stats;
import dev.jgil.demo.common.Table;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A threaded web server whose handlers are designated code (think a Python WSGI app on a thread
 * pool), with a built-in loopback load generator: N keep-alive connections in a closed loop for D
 * seconds per scenario — all {@code /cpu}, all {@code /io}, and a 50/50 mix. Under the GIL the CPU
 * endpoint's throughput stays at one core's worth, the I/O endpoint scales as without it, and in the
 * mix the I/O requests queue behind CPU-bound handlers for the GIL (the convoy effect in a server).
 */
public final class WebServer {
    static final String SYNOPSIS = ""
            + "webserver: JDK HttpServer with designated handlers and a built-in load generator; throughput and p50/p99 latency for /cpu, /io and a mix.\n"
            + "  ./jgil demo webserver [--no-gil] [-- agent options] [--clients 8] [--duration 2s] [--scenarios cpu,io,mixed] [--server-threads 8] [--cpu-work 1000000] [--io-sleep 10ms]";

    public static void main(String[] argv) throws Exception {
        Args a = new Args("webserver", SYNOPSIS)
                .flag("clients", "8", "concurrent keep-alive connections (closed loop)")
                .flag("duration", "2s", "measuring time per scenario")
                .flag("scenarios", "cpu,io,mixed", "scenarios: cpu (all /cpu), io (all /io), mixed (alternating)")
                .flag("server-threads", "8", "handler threads of the server")
                .flag("cpu-work", "1000000", "hash-chain steps per /cpu request")
                .flag("io-sleep", "10ms", "back-end wait per /io request")
                .parse(argv);
        int clients = a.integer("clients", 1);
        long duration = a.nanos("duration");
        int serverThreads = a.integer("server-threads", 1);
        long cpuWork = a.count("cpu-work", 1);
        long ioSleep = a.nanos("io-sleep");
        List<String> scenarios = new ArrayList<>();
        for (String s : a.str("scenarios").split(",")) {
            s = s.trim();
            if (!s.equals("cpu") && !s.equals("io") && !s.equals("mixed")) a.fail("unknown scenario '" + s + "' (valid: cpu, io, mixed)");
            scenarios.add(s);
        }
        System.out.printf("webserver: %d clients × %s per scenario, %d handler threads, /cpu = %,d steps, /io = %s wait; %s%n",
                clients, a.str("duration"), serverThreads, cpuWork, a.str("io-sleep"), Jvm.banner());

        // Without TCP_NODELAY the server's separate header and body writes meet the client's delayed
        // ACK: every response takes ~40 ms (Nagle). Read once, when the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        ExecutorService pool = Executors.newFixedThreadPool(serverThreads);
        server.setExecutor(pool);
        server.createContext("/cpu", ex -> Handlers.cpu(ex, cpuWork));
        server.createContext("/io", ex -> Handlers.io(ex, ioSleep));
        server.start();
        int port = server.getAddress().getPort();
        Table t = new Table("scenario", "requests/s", "p50 ms", "p99 ms", "p50 /cpu ms", "p50 /io ms");
        try {
            List<LoadClient> cs = new ArrayList<>();
            for (int i = 0; i < clients; i++) cs.add(new LoadClient(port));
            load(cs, "mixed", Math.min(duration, 1_000_000_000L)); // warm-up
            for (String sc : scenarios) {
                for (LoadClient c : cs) c.reset();
                double secs = load(cs, sc, duration);
                int total = 0;
                for (LoadClient c : cs) total += c.count;
                long[] all = new long[total];
                long[] cpu = new long[total];
                long[] io = new long[total];
                int n = 0, nc = 0, ni = 0;
                for (LoadClient c : cs) {
                    for (int i = 0; i < c.count; i++) {
                        all[n++] = c.latencies[i];
                        if (c.paths[i].equals("/cpu")) cpu[nc++] = c.latencies[i];
                        else io[ni++] = c.latencies[i];
                    }
                }
                double rps = total / secs;
                double p50 = Stats.quantile(all, n, 0.50) / 1e6, p99 = Stats.quantile(all, n, 0.99) / 1e6;
                double cpu50 = Stats.quantile(cpu, nc, 0.50) / 1e6, io50 = Stats.quantile(io, ni, 0.50) / 1e6;
                t.row(sc, Stats.f("%,.0f", rps), Stats.f("%.1f", p50), Stats.f("%.1f", p99),
                        nc == 0 ? "-" : Stats.f("%.1f", cpu50), ni == 0 ? "-" : Stats.f("%.1f", io50));
                Result.print("webserver", "scenario", sc, "clients", clients, "requests", total,
                        "rps", Stats.f("%.1f", rps), "p50_ms", Stats.f("%.2f", p50), "p99_ms", Stats.f("%.2f", p99),
                        "cpu_p50_ms", nc == 0 ? "-" : Stats.f("%.2f", cpu50), "io_p50_ms", ni == 0 ? "-" : Stats.f("%.2f", io50));
            }
            for (LoadClient c : cs) c.close();
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
        t.print();
    }

    /** Runs every client in its own thread for `nanos`; returns the measured seconds. */
    private static double load(List<LoadClient> cs, String scenario, long nanos) throws Exception {
        List<Thread> ts = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        long start = System.nanoTime();
        long deadline = start + nanos;
        for (int i = 0; i < cs.size(); i++) {
            LoadClient c = cs.get(i);
            int id = i;
            Thread th = new Thread(() -> {
                try {
                    for (int k = 0; System.nanoTime() < deadline; k++) {
                        String path = scenario.equals("cpu") ? "/cpu" : scenario.equals("io") ? "/io"
                                : ((k + id) % 2 == 0 ? "/cpu" : "/io");
                        c.get(path);
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            }, "load-" + i);
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) th.join();
        if (failure[0] != null) throw new IllegalStateException("load generator failed", failure[0]);
        return (System.nanoTime() - start) / 1e9;
    }

    private WebServer() {
    }
}
