package com.acme.fidelity;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chapter's countdown as users write it: warm the function up with a few calls on one thread,
 * time the whole count on one thread, then the same total split over two threads.
 * Args: [n] [warmCalls] [threads]. Prints {@code RESULT seq_ms=.. thr_ms=.. ratio=.. cpu_ratio=..}.
 */
public final class WarmUp {
    private static long sink;
    private static final AtomicLong THREAD_CPU = new AtomicLong();

    public static void main(String[] a) throws Exception {
        long n = a.length > 0 ? Long.parseLong(a[0]) : 200_000_000L;
        int warm = a.length > 1 ? Integer.parseInt(a[1]) : 5;
        int threads = a.length > 2 ? Integer.parseInt(a[2]) : 2;
        for (int i = 0; i < warm; i++) sink += Spin.countdown(n / 10);
        long c0 = cpu();
        long t0 = System.nanoTime();
        sink += Spin.countdown(n);
        long seq = System.nanoTime() - t0;
        long seqCpu = cpu() - c0;
        Thread[] ts = new Thread[threads];
        t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                long c = cpu();
                long r = Spin.countdown(n / threads);
                THREAD_CPU.addAndGet(cpu() - c);
                synchronized (WarmUp.class) {
                    sink += r;
                }
            }, "count-" + i);
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        long thr = System.nanoTime() - t0;
        System.out.printf(java.util.Locale.ROOT, "RESULT seq_ms=%.1f thr_ms=%.1f ratio=%.3f cpu_ratio=%.3f sink=%d%n",
                seq / 1e6, thr / 1e6, (double) thr / seq, (double) THREAD_CPU.get() / seqCpu, sink & 1);
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private WarmUp() {
    }
}
