package com.acme.fidelity;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The convoy with both sides measured, for comparing policies (benchmarks/run fidelity policies): a designated
 * 1-byte echo client alone, then beside k designated CPU-bound threads for each k; per phase the round trips per
 * second and the CPU-bound threads' designated throughput (spin iterations per second, all threads together).
 * The echo server is a thread of this JVM that is not designated.
 * With the agent, also the client's mean GIL wait per contended acquisition in each phase ({@code wait_us<k>}): what
 * the policy costs the client, apart from the operating system's scheduling (on a loaded machine the larger part).
 * Args: [ms per phase] [k,k,...]. Prints {@code RESULT alone_rtps=.. rtps<k>=.. slowdown<k>=.. spins<k>=.. wait_us<k>=..}.
 */
public final class ConvoyThroughput {
    public static void main(String[] args) throws Exception {
        long ms = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        String[] ks = (args.length > 1 ? args[1] : "1,4").split(",");
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> Convoy.serve(ss), "echo-server");
        server.setDaemon(true);
        server.start();
        StringBuilder out = new StringBuilder("RESULT");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream os = s.getOutputStream();
            long[] rt = new long[4_000_000];
            Spin.echoClient(in, os, System.nanoTime() + 300_000_000L, rt); // warm-up, alone
            long t0 = System.nanoTime();
            int alone = Spin.echoClient(in, os, t0 + ms * 1_000_000L, rt);
            double aloneRate = alone * 1e9 / (System.nanoTime() - t0);
            out.append(String.format(Locale.ROOT, " alone_rtps=%.0f", aloneRate));
            for (String kText : ks) {
                int k = Integer.parseInt(kText.trim());
                Spin.stop = false;
                AtomicLongArray progress = new AtomicLongArray(k);
                List<Thread> cpu = new ArrayList<>();
                Object[] cpuStates = new Object[k];
                for (int i = 0; i < k; i++) {
                    int slot = i;
                    Thread t = new Thread(() -> {
                        cpuStates[slot] = stateOrNull();
                        Spin.spinCounting(progress, slot);
                    }, "cpu-" + i);
                    t.setDaemon(true);
                    t.start();
                    cpu.add(t);
                }
                Thread.sleep(100); // let them get going (and compiled)
                long spins0 = sum(progress);
                long[] gil0 = clientGil();
                long cpuTime0 = cpuTime(cpu);
                long echoTime0 = cpuTime(List.of(Thread.currentThread(), server));
                long cpuWait0 = waitTotal(cpuStates);
                t0 = System.nanoTime();
                int n = Spin.echoClient(in, os, t0 + ms * 1_000_000L, rt);
                long t1 = System.nanoTime();
                long spins = sum(progress) - spins0;
                long[] gil1 = clientGil();
                long cpuTime1 = cpuTime(cpu);
                long echoTime1 = cpuTime(List.of(Thread.currentThread(), server));
                long cpuWait1 = waitTotal(cpuStates);
                double rate = n * 1e9 / (t1 - t0);
                Spin.stop = true;
                for (Thread t : cpu) t.join();
                out.append(String.format(Locale.ROOT, " rtps%d=%.1f slowdown%d=%.2f spins%d=%.0f",
                        k, rate, k, aloneRate / Math.max(rate, 1e-9), k, spins * 1e9 / (t1 - t0)));
                if (gil0 != null) {
                    out.append(String.format(Locale.ROOT, " wait_us%d=%.1f acq_per_rt%d=%.2f contended_per_rt%d=%.2f", k,
                            (gil1[0] - gil0[0]) / 1e3 / Math.max(1, gil1[1] - gil0[1]),
                            k, (double) (gil1[2] - gil0[2]) / Math.max(1, n), k, (double) (gil1[1] - gil0[1]) / Math.max(1, n)));
                    out.append(String.format(Locale.ROOT, " cpu_gilwait%d=%.2f", k, (cpuWait1 - cpuWait0) / (double) (t1 - t0)));
                }
                // The CPU-bound threads' time on a core and (above) waiting for the token, as shares of the phase (all of
                // them together): where their throughput goes under a policy.
                out.append(String.format(Locale.ROOT, " cpu_oncore%d=%.2f echo_oncore%d=%.2f", k, (cpuTime1 - cpuTime0) / (double) (t1 - t0),
                        k, (echoTime1 - echoTime0) / (double) (t1 - t0)));
            }
        }
        System.out.println(out);
    }

    /** The client thread's GIL wait total (ns), contended acquisitions and acquisitions, or null without the agent. */
    private static long[] clientGil() {
        try {
            dev.jgil.runtime.ThreadState t = dev.jgil.runtime.Gil.lock().currentThreadState();
            return new long[] {t.waitNanosTotal(), t.contendedAcquisitions(), t.acquisitions()};
        } catch (LinkageError e) {
            return null; // no agent: the runtime is not on the boot class path
        }
    }

    private static Object stateOrNull() {
        try {
            return dev.jgil.runtime.Gil.lock().currentThreadState();
        } catch (LinkageError e) {
            return null;
        }
    }

    /** The GIL wait totals of these threads' states (ns); 0 without the agent. */
    private static long waitTotal(Object[] states) {
        long w = 0;
        for (Object o : states) if (o != null) w += ((dev.jgil.runtime.ThreadState) o).waitNanosTotal();
        return w;
    }

    private static long cpuTime(List<Thread> threads) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c = 0;
        for (Thread t : threads) c += Math.max(0, mx.getThreadCpuTime(t.getId()));
        return c;
    }

    private static long sum(AtomicLongArray a) {
        long s = 0;
        for (int i = 0; i < a.length(); i++) s += a.get(i);
        return s;
    }

    private ConvoyThroughput() {
    }
}
