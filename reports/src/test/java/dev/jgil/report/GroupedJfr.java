package dev.jgil.report;

import dev.jgil.schema.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Writes a real JFR file with the jgil event names and fields, {@link Schema#GROUP} included: one GIL per
 * {@link Gil}, each with its own jgil.Configuration and, per statistics period, its jgil.Statistics and its threads'
 * jgil.ThreadStatistics, and one jgil.Hold/jgil.ContendedAcquire per contended period (committed by a thread of that
 * name, as the agent's are). The JDK's jdk.JVMInformation and jdk.CPUInformation are recorded too (the test JVM's).
 * What the agent writes with {@code group.NAME=} options, built here because the agent that writes it is being built
 * alongside; {@code main} regenerates the committed fixture {@link #FIXTURE} (the JMC rules read it).
 */
public final class GroupedJfr {
    /** default (one quiet thread), parser (two threads, contended: waiting 60 % of the time), driver (one thread, uncontended). */
    public static final String FIXTURE = "groups-three-default.jfr";
    public static final int PERIODS = 5;
    public static final long PERIOD_NANOS = 1_000_000_000L;

    private GroupedJfr() {
    }

    /** A thread's share of one GIL in every period. */
    public record Use(String thread, double held, double waiting, long acquisitions, long contended) {
    }

    /** One GIL: its group name (null: no value, an empty field), policy, interval, and the threads that used it. */
    public record Gil(String group, String policy, long intervalNanos, double heldFraction, double waitFraction, long switches,
            List<Use> uses) {
    }

    /** The fixture's three GILs: {@code worker} runs under parser and driver at once (a call from one into the other). */
    public static List<Gil> threeGils() {
        return List.of(
                new Gil("default", "switch", 5_000_000, 0.05, 0.0, 0, List.of(new Use("main", 0.05, 0, 10, 0))),
                new Gil("parser", "bfs", 1_000_000, 0.95, 0.60, 400,
                        List.of(new Use("parser-1", 0.50, 0.45, 200, 190), new Use("worker", 0.45, 0.50, 200, 195))),
                new Gil("driver", "switch", 5_000_000, 0.40, 0.0, 0, List.of(new Use("worker", 0.40, 0, 50, 0))));
    }

    public static void main(String[] args) throws Exception {
        write(Path.of(args.length > 0 ? args[0] : "reports/src/test/resources/fixtures/" + FIXTURE), threeGils());
    }

    /** Writes {@code gils} to {@code out}: {@link #PERIODS} periods, the events of each period committed in order. */
    public static void write(Path out, List<Gil> gils) throws IOException, InterruptedException {
        write(out, gils, false);
    }

    /**
     * As {@link #write(Path, List)}; {@code chunkPerPeriod}: a new chunk after each period (starting another recording
     * makes JFR rotate), so a reader that parses chunk by chunk sees every GIL spread over chunks.
     */
    public static void write(Path out, List<Gil> gils, boolean chunkPerPeriod) throws IOException, InterruptedException {
        try (Recording rec = new Recording()) {
            for (Class<? extends Event> c : List.of(Configuration.class, Statistics.class, ThreadStatistics.class, Hold.class,
                    ContendedAcquire.class)) {
                rec.enable(c).withThreshold(java.time.Duration.ZERO);
            }
            rec.enable("jdk.JVMInformation");
            rec.enable("jdk.CPUInformation");
            rec.start();
            Workers workers = new Workers(gils);
            List<Thread> threads = workers.threads;
            for (Gil g : gils) {
                Configuration c = new Configuration();
                c.group = g.group();
                c.policy = g.policy();
                c.intervalNanos = g.intervalNanos();
                c.checkInterval = 100;
                c.accounting = "sampled";
                c.include = "com.example.**";
                c.version = "test";
                c.samplePeriodNanos = 10_000_000;
                c.statsPeriodNanos = PERIOD_NANOS;
                c.jfrSettings = Schema.SETTINGS_DEFAULT;
                c.commit();
            }
            for (int p = 0; p < PERIODS; p++) {
                if (chunkPerPeriod && p > 0) {
                    try (Recording rotate = new Recording()) {
                        rotate.start();
                    }
                }
                for (Gil g : gils) {
                    for (Use u : g.uses()) {
                        if (u.contended() > 0) workers.run(u.thread(), () -> detail(g, u, threads));
                    }
                    Statistics s = new Statistics();
                    s.group = g.group();
                    s.intervalNanos = PERIOD_NANOS;
                    s.heldFraction = s.heldFractionSampled = g.heldFraction();
                    s.waitFraction = g.waitFraction();
                    s.samples = 100;
                    long acquisitions = 0, contended = 0;
                    for (Use u : g.uses()) {
                        acquisitions += u.acquisitions();
                        contended += u.contended();
                    }
                    s.acquisitions = acquisitions;
                    s.contendedAcquisitions = contended;
                    s.switches = g.switches();
                    s.forcedSwitches = g.switches();
                    s.dropRequests = g.switches();
                    s.waitNanos = (long) (g.waitFraction() * PERIOD_NANOS);
                    s.waitersAverage = g.waitFraction();
                    s.waitersMax = g.waitFraction() > 0 ? 1 : 0;
                    s.commit();
                    for (Use u : g.uses()) {
                        ThreadStatistics t = new ThreadStatistics();
                        Thread th = thread(threads, u.thread());
                        t.group = g.group();
                        t.thread = th;
                        t.threadName = u.thread();
                        t.threadId = th.getId();
                        t.alive = true;
                        t.threads = 1;
                        t.intervalNanos = PERIOD_NANOS;
                        t.heldFraction = t.heldFractionSampled = u.held();
                        t.waitFraction = t.waitFractionSampled = u.waiting();
                        t.outsideFraction = Math.max(0, 1 - u.held() - u.waiting());
                        t.samples = 100;
                        t.acquisitions = u.acquisitions();
                        t.contendedAcquisitions = u.contended();
                        t.waitNanos = (long) (u.waiting() * PERIOD_NANOS);
                        t.holdNanos = (long) (u.held() * PERIOD_NANOS);
                        t.commit();
                    }
                }
            }
            workers.close();
            rec.stop();
            rec.dump(out);
        }
    }

    /** One 2 ms wait and the 3 ms hold after it, committed by the thread itself (the event thread is the waiter). */
    private static void detail(Gil g, Use u, List<Thread> threads) {
        Thread other = threads.stream().filter(t -> !t.getName().equals(u.thread())).findFirst().orElse(null);
        {
            ContendedAcquire w = new ContendedAcquire();
            w.begin();
            w.group = g.group();
            w.waitNanos = 2_000_000;
            w.blockedBy = other;
            w.waitersAtStart = 1;
            w.cause = "ENTRY";
            w.commit();
            Hold h = new Hold();
            h.begin();
            h.group = g.group();
            h.holdNanos = 3_000_000;
            h.holder = Thread.currentThread();
            h.releaseCause = "FORCED_SWITCH";
            h.acquireCause = "ENTRY";
            h.contended = true;
            h.commit();
        }
    }

    /** One live thread per distinct name, so a name is the same thread (same id) in every group, as in the agent's files. */
    private static final class Workers {
        final List<Thread> threads = new ArrayList<>();
        private final List<java.util.concurrent.ExecutorService> pools = new ArrayList<>();

        Workers(List<Gil> gils) throws InterruptedException {
            for (Gil g : gils) {
                for (Use u : g.uses()) {
                    if (thread(threads, u.thread()) != null) continue;
                    var pool = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, u.thread()));
                    pools.add(pool);
                    threads.add(get(pool.submit(Thread::currentThread)));
                }
            }
        }

        void run(String name, Runnable r) throws InterruptedException {
            get(pools.get(threads.indexOf(thread(threads, name))).submit(r));
        }

        private static <T> T get(java.util.concurrent.Future<T> f) throws InterruptedException {
            try {
                return f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        void close() {
            for (var p : pools) p.shutdown();
        }
    }

    private static Thread thread(List<Thread> ts, String name) {
        for (Thread t : ts) if (t.getName().equals(name)) return t;
        return null;
    }

    @Name(Schema.CONFIGURATION)
    @StackTrace(false)
    static final class Configuration extends Event {
        @Name(Schema.GROUP) String group;
        @Name(Schema.Configuration.POLICY) String policy;
        @Name(Schema.Configuration.INTERVAL_NANOS) @Timespan(Timespan.NANOSECONDS) long intervalNanos;
        @Name(Schema.Configuration.CHECK_INTERVAL) int checkInterval;
        @Name(Schema.Configuration.ACCOUNTING) String accounting;
        @Name(Schema.Configuration.INCLUDE) String include;
        @Name(Schema.Configuration.EXCLUDE) String exclude;
        @Name(Schema.Configuration.RELEASE) String release;
        @Name(Schema.Configuration.ANNOTATION) String annotation;
        @Name(Schema.Configuration.VERSION) String version;
        @Name(Schema.Configuration.SAMPLE_PERIOD_NANOS) @Timespan(Timespan.NANOSECONDS) long samplePeriodNanos;
        @Name(Schema.Configuration.STATS_PERIOD_NANOS) @Timespan(Timespan.NANOSECONDS) long statsPeriodNanos;
        @Name(Schema.Configuration.JFR_SETTINGS) String jfrSettings;
    }

    @Name(Schema.STATISTICS)
    @StackTrace(false)
    static final class Statistics extends Event {
        @Name(Schema.GROUP) String group;
        @Name(Schema.Statistics.INTERVAL_NANOS) @Timespan(Timespan.NANOSECONDS) long intervalNanos;
        @Name(Schema.Statistics.EXACT) boolean exact;
        @Name(Schema.Statistics.HELD_FRACTION) @Percentage double heldFraction;
        @Name(Schema.Statistics.HELD_FRACTION_SAMPLED) @Percentage double heldFractionSampled;
        @Name(Schema.Statistics.HELD_FRACTION_ERROR) @Percentage double heldFractionError;
        @Name(Schema.Statistics.WAIT_FRACTION) @Percentage double waitFraction;
        @Name(Schema.Statistics.WAIT_FRACTION_ERROR) @Percentage double waitFractionError;
        @Name(Schema.Statistics.SAMPLES) long samples;
        @Name(Schema.Statistics.HOLD_NANOS) @Timespan(Timespan.NANOSECONDS) long holdNanos;
        @Name(Schema.Statistics.TIMED_HOLDS) long timedHolds;
        @Name(Schema.Statistics.WAIT_NANOS) @Timespan(Timespan.NANOSECONDS) long waitNanos;
        @Name(Schema.Statistics.ACQUISITIONS) long acquisitions;
        @Name(Schema.Statistics.CONTENDED_ACQUISITIONS) long contendedAcquisitions;
        @Name(Schema.Statistics.SWITCHES) long switches;
        @Name(Schema.Statistics.FORCED_SWITCHES) long forcedSwitches;
        @Name(Schema.Statistics.DROP_REQUESTS) long dropRequests;
        @Name(Schema.Statistics.TICK_DROPS) long tickDrops;
        @Name(Schema.Statistics.TICK_DROPS_WON_BACK) long tickDropsWonBack;
        @Name(Schema.Statistics.BLOCKING_RELEASES) long blockingReleases;
        @Name(Schema.Statistics.WATCHDOG_HAND_OFFS) long watchdogHandOffs;
        @Name(Schema.Statistics.LISTENER_ERRORS) long listenerErrors;
        @Name(Schema.Statistics.WAITERS_AVERAGE) double waitersAverage;
        @Name(Schema.Statistics.WAITERS_MAX) int waitersMax;
        @Name(Schema.Statistics.WAIT_HISTOGRAM) String waitHistogram;
        @Name(Schema.Statistics.HOLD_HISTOGRAM) String holdHistogram;
    }

    @Name(Schema.THREAD_STATISTICS)
    @StackTrace(false)
    static final class ThreadStatistics extends Event {
        @Name(Schema.GROUP) String group;
        @Name(Schema.ThreadStatistics.THREAD) Thread thread;
        @Name(Schema.ThreadStatistics.THREAD_NAME) String threadName;
        @Name(Schema.ThreadStatistics.THREAD_ID) long threadId;
        @Name(Schema.ThreadStatistics.ALIVE) boolean alive;
        @Name(Schema.ThreadStatistics.THREADS) long threads;
        @Name(Schema.ThreadStatistics.INTERVAL_NANOS) @Timespan(Timespan.NANOSECONDS) long intervalNanos;
        @Name(Schema.ThreadStatistics.EXACT) boolean exact;
        @Name(Schema.ThreadStatistics.HELD_FRACTION) @Percentage double heldFraction;
        @Name(Schema.ThreadStatistics.WAIT_FRACTION) @Percentage double waitFraction;
        @Name(Schema.ThreadStatistics.HELD_FRACTION_SAMPLED) @Percentage double heldFractionSampled;
        @Name(Schema.ThreadStatistics.WAIT_FRACTION_SAMPLED) @Percentage double waitFractionSampled;
        @Name(Schema.ThreadStatistics.OUTSIDE_FRACTION) @Percentage double outsideFraction;
        @Name(Schema.ThreadStatistics.RELEASED_FRACTION) @Percentage double releasedFraction;
        @Name(Schema.ThreadStatistics.SAMPLES) long samples;
        @Name(Schema.ThreadStatistics.ACQUISITIONS) long acquisitions;
        @Name(Schema.ThreadStatistics.CONTENDED_ACQUISITIONS) long contendedAcquisitions;
        @Name(Schema.ThreadStatistics.WAIT_NANOS) @Timespan(Timespan.NANOSECONDS) long waitNanos;
        @Name(Schema.ThreadStatistics.HOLD_NANOS) @Timespan(Timespan.NANOSECONDS) long holdNanos;
        @Name(Schema.ThreadStatistics.WAIT_P99_NANOS) @Timespan(Timespan.NANOSECONDS) long waitP99Nanos;
        @Name(Schema.ThreadStatistics.WAIT_MAX_NANOS) @Timespan(Timespan.NANOSECONDS) long waitMaxNanos;
        @Name(Schema.ThreadStatistics.WAIT_HISTOGRAM) String waitHistogram;
    }

    @Name(Schema.HOLD)
    @StackTrace(false)
    static final class Hold extends Event {
        @Name(Schema.GROUP) String group;
        @Name(Schema.Hold.HOLD_NANOS) @Timespan(Timespan.NANOSECONDS) long holdNanos;
        @Name(Schema.Hold.HOLDER) Thread holder;
        @Name(Schema.Hold.RELEASE_CAUSE) String releaseCause;
        @Name(Schema.Hold.ACQUIRE_CAUSE) String acquireCause;
        @Name(Schema.Hold.CONTENDED) boolean contended;
    }

    @Name(Schema.CONTENDED_ACQUIRE)
    @StackTrace(true)
    static final class ContendedAcquire extends Event {
        @Name(Schema.GROUP) String group;
        @Name(Schema.ContendedAcquire.WAIT_NANOS) @Timespan(Timespan.NANOSECONDS) long waitNanos;
        @Name(Schema.ContendedAcquire.BLOCKED_BY) Thread blockedBy;
        @Name(Schema.ContendedAcquire.WAITERS_AT_START) int waitersAtStart;
        @Name(Schema.ContendedAcquire.CAUSE) String cause;
    }
}
