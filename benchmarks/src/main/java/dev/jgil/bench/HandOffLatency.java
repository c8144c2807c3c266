package dev.jgil.bench;

import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.runtime.ThreadState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Contended hand-off latency: two threads ping-pong ownership; each one-way hand-off is timed from
 * the releaser's {@code System.nanoTime()} taken right before it lets go to the receiver's
 * {@code System.nanoTime()} taken right after its acquire returns (CLOCK_MONOTONIC is system-wide, so
 * the two clocks agree).
 *
 * <p>Every variant runs the same skeleton; only {@link Baton#release} and {@link Baton#acquire} differ:
 * <ol>
 *   <li>the owner waits until the other thread is really parked in its acquire (its
 *       {@link Thread#getState()} is WAITING/TIMED_WAITING and the variant says it waits), so each
 *       sample is a true park → unpark → run-as-owner wake-up, never a spinning receiver;</li>
 *   <li>it publishes {@code t0 = nanoTime()} and releases;</li>
 *   <li>it spins until the receiver says it runs as owner (so the GIL's barging cannot let it take the
 *       token straight back), then calls acquire itself and parks: roles swap.</li>
 * </ol>
 * The baseline is the bare mechanism the GIL is built on: a volatile turn flag, {@code unpark} of the
 * other thread, and {@code park} until it is my turn.
 *
 * <p>Variants run interleaved, round by round (the first round is warm-up and discarded), so the noise
 * of a shared machine hits them alike. For each round the median and p99 are taken; the figure is the
 * mean of the per-round values with a 99.9% confidence interval (Student t, as JMH computes it), plus
 * the pooled histogram over all measured rounds.
 *
 * <p>The machine is shared and its wake-up latency drifts by 5–10× within seconds (other builds), so
 * rounds are short and many, and the ratio to the baseline is also computed <em>paired</em>: per round,
 * variant / baseline of that same round, then averaged; that cancels slow drift.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.jgil.bench.HandOffLatency [handOffsPerRound=4000] [rounds=10] [out.tsv]}
 */
public final class HandOffLatency {
    /** State shared by the two ping-pong threads. */
    private static final class Round {
        final Baton baton;
        final Thread[] threads = new Thread[2];
        final int handOffs;
        final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        volatile long t0;
        /** The thread that last started running as owner (-1 before the start). */
        volatile int running = -1;
        volatile boolean stop;
        volatile Throwable failure;
        int samples; // written by the current owner only; the baton orders successive owners

        Round(java.util.function.Function<Thread[], Baton> factory, int handOffs) {
            this.handOffs = handOffs;
            for (int i = 0; i < 2; i++) {
                final int me = i;
                threads[i] = new Thread(() -> run(me), "handoff-" + i);
                threads[i].setDaemon(true);
            }
            this.baton = factory.apply(threads);
        }

        void run(int me) {
            try {
                if (me == 0) {
                    baton.acquireFirst(0);
                    running = 0;
                } else {
                    spinUntil(() -> running == 0);
                    if (!receive(1)) return;
                }
                while (pass(me) && receive(me)) {
                    // ping, pong
                }
            } catch (Throwable t) {
                failure = t;
                stop = true;
            }
        }

        /** I own it: wait until the other is parked in acquire, time-stamp, release. */
        private boolean pass(int me) {
            int other = 1 - me;
            Thread o = threads[other];
            spinUntil(() -> samples >= handOffs || (baton.waits(other) && isParked(o)));
            if (samples >= handOffs) {
                stop = true;
                baton.release(me);
                return false;
            }
            t0 = System.nanoTime();
            baton.release(me);
            // Do not compete until the other runs as owner (the GIL lets a releaser barge back in).
            spinUntil(() -> running == other || stop);
            return !stop;
        }

        /** Park in acquire until the other releases; time-stamp as soon as it returns. */
        private boolean receive(int me) {
            baton.acquire(me);
            long t1 = System.nanoTime();
            if (stop) {
                baton.release(me);
                return false;
            }
            latencies.recordValue(t1 - t0);
            samples++;
            running = me;
            return true;
        }

        Histogram runRound(long timeoutMillis) throws InterruptedException {
            try {
                for (Thread t : threads) t.start();
                long deadline = System.currentTimeMillis() + timeoutMillis;
                for (Thread t : threads) {
                    t.join(Math.max(1, deadline - System.currentTimeMillis()));
                }
                if (threads[0].isAlive() || threads[1].isAlive()) {
                    int done = samples;
                    String why = baton.describe() + ", " + threads[0].getName() + " " + threads[0].getState()
                            + ", " + threads[1].getName() + " " + threads[1].getState() + ", last runner=" + running;
                    stop = true;
                    baton.abort();
                    for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(5));
                    throw new HungRound(baton.name() + ": hung after " + done + " of "
                            + handOffs + " hand-offs (" + why + ")", done);
                }
            } finally {
                baton.close();
            }
            if (failure != null) throw new IllegalStateException(baton.name() + " failed", failure);
            return latencies;
        }
    }

    /** A round that stopped making progress (a thread never got the token). */
    static final class HungRound extends RuntimeException {
        final int completed;

        HungRound(String message, int completed) {
            super(message);
            this.completed = completed;
        }
    }

    private static void spinUntil(java.util.function.BooleanSupplier condition) {
        for (int spins = 0; !condition.getAsBoolean(); spins++) {
            if (spins < 1_000) Thread.onSpinWait();
            else Thread.yield(); // 2 cores, shared: don't starve the thread we wait for
        }
    }

    private static boolean isParked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /** One variant's per-round results. */
    static final class Series {
        final String name;
        final List<Double> medians = new ArrayList<>();
        final List<Double> p99s = new ArrayList<>();
        /** Per round: this variant's median / the baseline's median in the same round (paired). */
        final List<Double> medianRatios = new ArrayList<>();
        final List<Double> p99Ratios = new ArrayList<>();
        final Histogram pooled = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

        Series(String name) {
            this.name = name;
        }
    }

    static final long ROUND_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);
    static final long PROBE_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(20);

    public static void main(String[] args) throws Exception {
        int handOffs = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path out = args.length > 2 ? Path.of(args[2]) : null;

        Map<String, java.util.function.Function<Thread[], Baton>> variants = new LinkedHashMap<>();
        variants.put("park/unpark", ParkUnparkBaton::new);
        // diagnostic: the baseline with the timed park (5 ms, the default interval) the GIL's head waiter uses
        variants.put("park/unpark (timed)", threads -> new ParkUnparkBaton(threads, GilLock.DEFAULT_INTERVAL_NANOS));
        variants.put("gil switch", threads -> new GilBaton(GilPolicy.SWITCH, true));
        // fifo as shipped loses a thread when the watchdog fires while a handed-to waiter is still
        // parked (see the probe below and the README); its latency is measured with the watchdog off.
        // the same with the watchdog thread never started: how much of the gap the watchdog wake-up costs
        variants.put("gil switch (no watchdog)", threads -> new GilBaton(GilPolicy.SWITCH, false));
        variants.put("gil fifo (no watchdog)", threads -> new GilBaton(GilPolicy.FIFO, false));

        Map<String, Series> series = new LinkedHashMap<>();
        for (String v : variants.keySet()) series.put(v, new Series(v));

        System.out.printf(Locale.ROOT, "# hand-off latency: %d one-way hand-offs per round, 1 warm-up + %d rounds, %s %s%n",
                handOffs, rounds, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        for (int r = 0; r <= rounds; r++) {
            for (Map.Entry<String, java.util.function.Function<Thread[], Baton>> e : variants.entrySet()) {
                Histogram h = new Round(e.getValue(), handOffs).runRound(ROUND_TIMEOUT_MILLIS);
                double med = h.getValueAtPercentile(50) / 1000.0;
                double p99 = h.getValueAtPercentile(99) / 1000.0;
                System.out.printf(Locale.ROOT, "%s round %d %-12s n=%d median=%.2f us p99=%.2f us max=%.1f us%n",
                        r == 0 ? "warm-up" : "       ", r, e.getKey(), h.getTotalCount(), med, p99,
                        h.getMaxValue() / 1000.0);
                if (r == 0) continue;
                Series s = series.get(e.getKey());
                s.medians.add(med);
                s.p99s.add(p99);
                s.pooled.add(h);
                Series base = series.get("park/unpark"); // runs first in each round
                s.medianRatios.add(med / base.medians.get(base.medians.size() - 1));
                s.p99Ratios.add(p99 / base.p99s.get(base.p99s.size() - 1));
            }
        }

        // Probe: fifo exactly as shipped (watchdog on). Reports whether a round completes.
        String probe;
        long[] handOffsByWatchdog = new long[1];
        try {
            new Round(threads -> {
                GilBaton b = new GilBaton(GilPolicy.FIFO, true) {
                    @Override
                    public void close() {
                        handOffsByWatchdog[0] = watchdogHandOffs();
                        super.close();
                    }
                };
                return b;
            }, handOffs).runRound(PROBE_TIMEOUT_MILLIS);
            probe = "completed " + handOffs + " hand-offs, watchdog hand-offs: " + handOffsByWatchdog[0];
        } catch (HungRound h) {
            probe = "HUNG: " + h.getMessage();
        }

        System.out.println("probe gil fifo (as shipped, watchdog on): " + probe);

        System.out.println();
        System.out.println("variant        median (us, mean of rounds ± 99.9% CI)   p99 (us)                 pooled median / p99");
        List<String> tsv = new ArrayList<>();
        tsv.add("variant\tmetric\tscore_us\terror_us\tpooled_us\trounds\thandoffs_per_round\tpaired_ratio\tpaired_ratio_error");
        for (Series s : series.values()) {
            double[] m = stats(s.medians);
            double[] p = stats(s.p99s);
            double pm = s.pooled.getValueAtPercentile(50) / 1000.0;
            double pp = s.pooled.getValueAtPercentile(99) / 1000.0;
            System.out.printf(Locale.ROOT, "%-14s %8.2f ± %-8.2f %26.2f ± %-8.2f %10.2f / %.2f%n",
                    s.name, m[0], m[1], p[0], p[1], pm, pp);
            double[] mr = stats(s.medianRatios);
            double[] pr = stats(s.p99Ratios);
            System.out.printf(Locale.ROOT, "%-14s paired ratio to park/unpark, median %.2f ± %.2f, p99 %.2f ± %.2f%n",
                    "", mr[0], mr[1], pr[0], pr[1]);
            tsv.add(String.format(Locale.ROOT, "%s\tmedian\t%.4f\t%.4f\t%.4f\t%d\t%d\t%.4f\t%.4f",
                    s.name, m[0], m[1], pm, rounds, handOffs, mr[0], mr[1]));
            tsv.add(String.format(Locale.ROOT, "%s\tp99\t%.4f\t%.4f\t%.4f\t%d\t%d\t%.4f\t%.4f",
                    s.name, p[0], p[1], pp, rounds, handOffs, pr[0], pr[1]));
        }
        tsv.add("gil fifo (as shipped)\tprobe\t" + probe.replace('\t', ' ') + "\t\t\t1\t" + handOffs);
        if (out != null) {
            Files.write(out, tsv, StandardCharsets.UTF_8);
        }
    }

    /** Mean and half-width of the 99.9% confidence interval (NaN with fewer than 2 rounds). */
    static double[] stats(List<Double> values) {
        ListStatistics st = new ListStatistics();
        for (double v : values) st.addValue(v);
        double err = values.size() > 1 ? st.getMeanErrorAt(0.999) : Double.NaN;
        return new double[] {st.getMean(), err};
    }
}
