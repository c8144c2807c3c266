package dev.jgil.recording;

import dev.jgil.agent.management.GilControl;
import dev.jgil.agent.management.GilMXBean;
import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.runtime.ThreadState;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;

/**
 * Writes the real {@code .jfr} fixtures the reports module tests against (it cannot depend on the agent:
 * the agent depends on it). Each fixture is a real workload on a real {@link GilLock} recorded by
 * {@link GilRecording}. Run from the repository root:
 *
 * <pre>
 *   java -cp agent/target/classes:agent/target/test-classes:reports/target/classes:HdrHistogram.jar \
 *       dev.jgil.recording.FixtureGenerator fixtures reports/src/test/resources/fixtures
 *   ... FixtureGenerator bench target/bench-1m.jfr 1000000      # ~1M jgil events, trace preset
 *   ... FixtureGenerator changes reports/src/test/resources/fixtures   # only live-changes-default.jfr
 *   ... FixtureGenerator pertask reports/src/test/resources/fixtures   # only pertask-switch-trace.jfr
 *   ... FixtureGenerator truth reports/src/test/resources/fixtures     # only nothing-designated, lossy
 * </pre>
 *
 * Timing-dependent by nature: regenerated files differ, but each keeps its shape (who waits for whom).
 */
public final class FixtureGenerator {
    private FixtureGenerator() {
    }

    /** Thread names a report must show as text and never execute (the browser test looks for them). */
    static final List<String> HOSTILE_NAMES = List.of(
            "<script>alert(1)</script>",
            "\"'><img src=x onerror=alert(1)>",
            "quotes \" ' ` \\ emoji 🧵🔒 line\u2028sep</script><script>window.__pwned=1</script>",
            "long-" + "</script>ẞ".repeat(1024).substring(0, 10_235));

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("fixtures")) {
            fixtures(Path.of(args[1]));
        } else if (args.length >= 2 && args[0].equals("changes")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            liveChanges(dir);
        } else if (args.length >= 2 && args[0].equals("pertask")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            perTask(dir);
        } else if (args.length >= 2 && args[0].equals("truth")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            nothingDesignated(dir);
            lossy(dir);
            blockedOwner(dir);
        } else if (args.length >= 3 && args[0].equals("bench")) {
            bench(Path.of(args[1]), Long.parseLong(args[2]));
        } else {
            System.err.println("usage: FixtureGenerator fixtures <dir> | changes <dir> | pertask <dir> | bench <file.jfr> <events>");
            System.exit(2);
        }
        System.exit(0); // the lock's watchdog and JFR threads must not keep us alive
    }

    static void fixtures(Path dir) throws Exception {
        Files.createDirectories(dir);

        // 2 CPU-bound threads under the switch policy: each waits about one switch interval per turn.
        record(dir, "countdown-switch-trace", new GilLock(GilPolicy.SWITCH), Schema.SETTINGS_TRACE, false,
                lock -> run(cpuBound(lock, "countdown-0", ms(1000)), cpuBound(lock, "countdown-1", ms(1000))));

        // The convoy effect: an I/O thread releases for a 1 ms "read", then waits a whole switch interval
        // behind a CPU-bound thread to take the GIL back. Chunks are rotated so that a truncated copy
        // (the JVM killed mid-write) still holds complete chunks.
        Path convoy = record(dir, "convoy-switch-default", new GilLock(GilPolicy.SWITCH), Schema.SETTINGS_DEFAULT, true,
                lock -> run(ioThread(lock, "io-reader", ms(1500)), cpuBound(lock, "cruncher", ms(1500))));
        byte[] bytes = Files.readAllBytes(convoy);
        Files.write(dir.resolve("truncated-default.jfr"), Arrays.copyOf(bytes, bytes.length / 2));

        // The old-GIL battle: tick drops are won back by the dropper before the waiter is scheduled.
        GilLock ticks = new GilLock(GilPolicy.TICKS);
        ticks.setCheckInterval(100);
        record(dir, "battle-ticks-trace", ticks, Schema.SETTINGS_TRACE, false,
                lock -> run(slowCheckpoints(lock, "battler-0", ms(1000)), slowCheckpoints(lock, "battler-1", ms(1000))));

        // Mostly outside designated code: little contention.
        record(dir, "iobound-default", new GilLock(GilPolicy.SWITCH), Schema.SETTINGS_DEFAULT, false,
                lock -> run(shortCalls(lock, "web-0", ms(1000)), shortCalls(lock, "web-1", ms(1000)),
                        shortCalls(lock, "web-2", ms(1000))));

        // Thread names an attacker might choose: the report must show them as text.
        record(dir, "hostile-names-trace", new GilLock(GilPolicy.SWITCH), Schema.SETTINGS_TRACE, false, lock -> {
            List<Thread> ts = new ArrayList<>();
            for (String n : HOSTILE_NAMES) ts.add(cpuBound(lock, n, ms(400)));
            run(ts.toArray(new Thread[0]));
        });

        liveChanges(dir);
        perTask(dir);
        nothingDesignated(dir);
        lossy(dir);
        blockedOwner(dir);

        // A JFR file from a JVM without jgil: only JDK events.
        try (Recording r = new Recording()) {
            r.enable("jdk.JVMInformation");
            r.enable("jdk.CPUInformation");
            r.enable("jdk.ThreadSleep").withoutThreshold();
            r.start();
            for (int i = 0; i < 20; i++) Thread.sleep(5);
            r.stop();
            r.dump(dir.resolve("no-jgil-events.jfr"));
        }

        Files.writeString(dir.resolve("not-a-recording.jfr"),
                "This is a text file with a .jfr name, as left by a failed download.\n", StandardCharsets.UTF_8);
        System.out.println("fixtures written to " + dir.toAbsolutePath());
    }

    /**
     * Run-time changes through the agent's real control path: the {@link GilMXBean} that the agent registers
     * ({@link GilControl#register}), called over the platform MBean server as {@code jgil set} does. Two
     * CPU-bound threads: switch 5 ms (1.5 s), interval → 1 ms (0.75 s), policy → off (1.5 s), policy →
     * switch (0.75 s). Default preset, so the file stays small; the first change and the others are in different chunks.
     */
    static void liveChanges(Path dir) throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName(GilMXBean.OBJECT_NAME);
        record(dir, "live-changes-default", new GilLock(GilPolicy.SWITCH), Schema.SETTINGS_DEFAULT, false, lock -> {
            if (server.isRegistered(name)) server.unregisterMBean(name);
            GilControl.register(lock, System.err);
            try {
                GilMXBean control = javax.management.JMX.newMXBeanProxy(server, name, GilMXBean.class);
                long start = System.nanoTime();
                Thread a = cpuBound(lock, "spinner-0", ms(4500)), b = cpuBound(lock, "spinner-1", ms(4500));
                a.start();
                b.start();
                // New chunks between the first two changes (a recording's start and stop each begin one),
                // so the changes land in different chunks and the reader's chunk merge is exercised.
                sleepUntil(start + ms(1500));
                control.setInterval("1ms");
                sleepUntil(start + ms(1900));
                newChunk();
                sleepUntil(start + ms(2250));
                control.setPolicy("off");
                sleepUntil(start + ms(3750));
                control.setPolicy("switch");
                a.join(60_000);
                b.join(60_000);
            } finally {
                if (server.isRegistered(name)) server.unregisterMBean(name);
            }
        });
    }

    /**
     * A recording in which no designated code ran: {@code include=com.acme} without {@code .**} matches the package's
     * classes only by exact name, i.e. none. The agent recorded its statistics (all zero) and what each pattern matched.
     */
    static void nothingDesignated(Path dir) throws Exception {
        record(dir, "nothing-designated-default", new GilLock(GilPolicy.SWITCH), Schema.SETTINGS_DEFAULT, false,
                options -> options.set("include", "com.acme").set("exclude", "").set("release", ""), lock -> {
                    // The application runs, but nothing of it is designated: the lock is never entered.
                    long end = System.nanoTime() + ms(700);
                    while (System.nanoTime() < end) LockSupport.parkNanos(ms(10));
                });
    }

    /**
     * Data lost on the way to the file, as a loaded machine loses it: two CPU-bound threads under the trace preset,
     * and for ~800 ms in the middle the detail events (jgil.Hold, jgil.ContendedAcquire) do not reach the file while
     * jgil.Statistics goes on counting; JFR's own notice ({@code jdk.DataLoss}) marks the moment.
     */
    static void lossy(Path dir) throws Exception {
        Path file = dir.resolve("lossy-switch-trace.jfr");
        record(dir, "lossy-switch-trace", new GilLock(GilPolicy.SWITCH), Schema.SETTINGS_TRACE, false, o -> o, lock -> {
            Thread a = cpuBound(lock, "lossy-0", ms(2000)), b = cpuBound(lock, "lossy-1", ms(2000));
            long start = System.nanoTime();
            a.start();
            b.start();
            sleepUntil(start + ms(500));
            jdk.jfr.Recording ours = null;
            for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
                if (file.toAbsolutePath().equals(r.getDestination() == null ? null : r.getDestination().toAbsolutePath())) ours = r;
            }
            if (ours == null) throw new IllegalStateException("jgil's recording of " + file + " not found");
            ours.disable(Schema.HOLD);
            ours.disable(Schema.CONTENDED_ACQUIRE);
            DataLossFixtureEvent loss = new DataLossFixtureEvent();
            loss.amount = 65_536;
            loss.total = 65_536;
            loss.commit();
            sleepUntil(start + ms(1300));
            ours.enable(Schema.HOLD).withoutThreshold().withStackTrace();
            ours.enable(Schema.CONTENDED_ACQUIRE).withoutThreshold().withStackTrace();
            a.join(60_000);
            b.join(60_000);
        });
    }

    /**
     * A blocking call inside designated code that is not released: the owner sleeps holding the GIL while a CPU-bound
     * thread waits, so the watchdog takes the GIL from it (what {@code release=} would have avoided).
     */
    static void blockedOwner(Path dir) throws Exception {
        record(dir, "blocked-owner-default", new GilLock(GilPolicy.SWITCH), Schema.SETTINGS_DEFAULT, false, lock -> {
            Thread sleeper = new Thread(() -> {
                long deadline = System.nanoTime() + ms(1000);
                while (System.nanoTime() < deadline) {
                    ThreadState s = lock.enter();
                    try {
                        spinNanos(lock, ms(2));
                        Thread.sleep(40); // blocks holding the GIL: not in the release list
                        lock.checkpoint();
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        lock.exit(s);
                    }
                }
            }, "sleeper");
            run(sleeper, cpuBound(lock, "cruncher", ms(1000)));
        });
    }

    /** Repetitions of the per-task scenario: each starts a fresh {@code task-0} and {@code task-1}. */
    static final int PER_TASK_REPETITIONS = 30;
    /** Short-lived pool threads of the per-task scenario, {@code pool-1-thread-1} … {@code -12}, all at once. */
    static final int PER_TASK_POOL_THREADS = 12;

    /**
     * Threads started per task, as the countdown demo and thread-per-request servers do: {@link #PER_TASK_REPETITIONS}
     * rounds of two fresh CPU-bound threads with the same two names ({@code task-0}, {@code task-1}), then
     * {@link #PER_TASK_POOL_THREADS} short-lived numbered pool threads at once, while one long-lived
     * {@code coordinator} makes short calls throughout. Trace preset: every hold and wait.
     */
    static void perTask(Path dir) throws Exception {
        record(dir, "pertask-switch-trace", new GilLock(GilPolicy.SWITCH), Schema.SETTINGS_TRACE, false, lock -> {
            Thread coordinator = shortCalls(lock, "coordinator", ms(1200));
            coordinator.start();
            for (int i = 0; i < PER_TASK_REPETITIONS; i++) run(cpuBound(lock, "task-0", ms(15)), cpuBound(lock, "task-1", ms(15)));
            List<Thread> pool = new ArrayList<>();
            for (int i = 1; i <= PER_TASK_POOL_THREADS; i++) pool.add(cpuBound(lock, "pool-1-thread-" + i, ms(10)));
            run(pool.toArray(new Thread[0]));
            coordinator.join(60_000);
        });
    }

    private static void newChunk() {
        try (Recording r = new Recording()) {
            r.enable("jdk.JVMInformation");
            r.setToDisk(true);
            r.start();
            r.stop();
        }
    }

    private static void sleepUntil(long nanoTime) {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
    }

    /** About {@code targetEvents} jgil detail events (trace preset): short calls, two threads. */
    static void bench(Path file, long targetEvents) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AgentOptions o = options(file, Schema.SETTINGS_TRACE, true);
        GilLock lock = new GilLock(GilPolicy.SWITCH);
        GilRecording rec = GilRecording.start(lock, o);
        java.util.concurrent.atomic.AtomicLong holds = new java.util.concurrent.atomic.AtomicLong();
        try {
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> {
                    // Under trace every designated call is one Hold event; contended ones add a ContendedAcquire.
                    while (holds.get() + contended(lock) < targetEvents) {
                        ThreadState s = lock.enter();
                        try {
                            spinNanos(lock, 2_000);
                        } finally {
                            lock.exit(s);
                        }
                        holds.incrementAndGet();
                    }
                }, "bench-" + i);
                ts.add(t);
            }
            run(ts.toArray(new Thread[0]));
        } finally {
            rec.stop();
        }
        System.out.println("bench recording written to " + file.toAbsolutePath() + " (" + Files.size(file) + " bytes)");
    }

    private static long contended(GilLock lock) {
        long n = 0;
        for (ThreadState s : lock.threadStates()) n += s.contendedAcquisitions();
        return n;
    }

    interface Work {
        void run(GilLock lock) throws Exception;
    }

    private static Path record(Path dir, String name, GilLock lock, String settings, boolean rotateChunks, Work work)
            throws Exception {
        return record(dir, name, lock, settings, rotateChunks, o -> o, work);
    }

    /**
     * Records {@code work}; {@code configure} adjusts the options (the designation). What each pattern matched is
     * recorded as the weaver will: a {@code jgil.Designation} per pattern at the start and again at the end.
     */
    private static Path record(Path dir, String name, GilLock lock, String settings, boolean rotateChunks,
            java.util.function.UnaryOperator<AgentOptions> configure, Work work) throws Exception {
        Path file = dir.resolve(name + ".jfr");
        AgentOptions o = options(file, settings, settings.equals(Schema.SETTINGS_TRACE), configure);
        // The JVM's identity for the report's header; JFR writes every running recording's events into
        // the shared chunks, so these land in jgil's file without the weight of the JDK's default set.
        try (Recording identity = new Recording()) {
            identity.enable("jdk.JVMInformation");
            identity.enable("jdk.CPUInformation");
            identity.setToDisk(true);
            identity.start();
            GilRecording rec = GilRecording.start(lock, o);
            designations(o);
            Thread rotator = null;
            if (rotateChunks) {
                // Starting a recording begins a new chunk: a few of them make a multi-chunk file.
                rotator = new Thread(() -> {
                    for (int i = 0; i < 2; i++) {
                        LockSupport.parkNanos(ms(300));
                        try (Recording r = new Recording()) {
                            r.enable("jdk.JVMInformation");
                            r.setToDisk(true);
                            r.start();
                            r.stop();
                        }
                    }
                }, "chunk-rotator");
                rotator.start();
            }
            try {
                work.run(lock);
            } finally {
                if (rotator != null) rotator.join();
                designations(o);
                rec.stop();
            }
            identity.stop();
        }
        lock.close();
        System.out.printf("%-28s %,10d bytes%n", file.getFileName(), Files.size(file));
        return file;
    }

    /**
     * One jgil.Designation per configured pattern: the fixture workloads run in FixtureGenerator's lambdas, so the
     * include matches this one class (3 methods), exclude and release one class each; {@code com.acme} matches none.
     */
    private static void designations(AgentOptions o) {
        for (Object g : o.include) {
            boolean none = g.toString().equals("com.acme");
            DesignationFixtureEvent.commit(Names.DESIGNATION_INCLUDE, g.toString(), none ? 0 : 1, none ? 0 : 3);
        }
        for (Object g : o.exclude) DesignationFixtureEvent.commit(Names.DESIGNATION_EXCLUDE, g.toString(), 1, 0);
        for (Object g : o.release) DesignationFixtureEvent.commit(Names.DESIGNATION_RELEASE, g.toString(), 1, 1);
    }

    private static AgentOptions options(Path file, String settings, boolean trace) {
        return options(file, settings, trace, o -> o);
    }

    /** {@code configure} changes the designation; the fields below are set after it (set() settles the files again). */
    private static AgentOptions options(Path file, String settings, boolean trace, java.util.function.UnaryOperator<AgentOptions> configure) {
        AgentOptions o = configure.apply(new AgentOptions().set("include", "com.example.fixture.**")
                .set("exclude", "com.example.fixture.io.**").set("release", "com.example.fixture.io.Blocking#read"));
        o.jfrFile = file;
        o.hlogFile = null;
        o.jfrSettings = settings;
        o.jfrJdk = "none";
        o.traceAccounting = trace;
        o.statsPeriodNanos = ms(250);
        o.shutdownHook = false;
        o.summary = false;
        o.summaryStream = new PrintStream(OutputStream.nullOutputStream());
        return o;
    }

    private static void run(Thread... threads) throws InterruptedException {
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join(60_000);
    }

    /** Designated calls of ~20 ms each, checkpoints all along (a pure-compute loop). */
    private static Thread cpuBound(GilLock lock, String name, long durationNanos) {
        return new Thread(() -> {
            long deadline = System.nanoTime() + durationNanos;
            while (System.nanoTime() < deadline) {
                ThreadState s = lock.enter();
                try {
                    spinNanos(lock, ms(20));
                } finally {
                    lock.exit(s);
                }
            }
        }, name);
    }

    /** Like {@link #cpuBound} but each checkpoint comes after ~10 µs of work (ticks: a drop every ~1 ms). */
    private static Thread slowCheckpoints(GilLock lock, String name, long durationNanos) {
        return new Thread(() -> {
            long deadline = System.nanoTime() + durationNanos;
            while (System.nanoTime() < deadline) {
                ThreadState s = lock.enter();
                try {
                    long end = System.nanoTime() + ms(20);
                    while (System.nanoTime() < end) {
                        long step = System.nanoTime() + 10_000;
                        while (System.nanoTime() < step) Thread.onSpinWait();
                        lock.checkpoint();
                    }
                } finally {
                    lock.exit(s);
                }
            }
        }, name);
    }

    /** A short hold, the GIL released around a 1 ms blocking read, a short hold after it. */
    private static Thread ioThread(GilLock lock, String name, long durationNanos) {
        return new Thread(() -> {
            long deadline = System.nanoTime() + durationNanos;
            while (System.nanoTime() < deadline) {
                ThreadState s = lock.enter();
                try {
                    spinNanos(lock, 100_000);
                    lock.releaseForBlocking();
                    LockSupport.parkNanos(ms(1));
                    lock.checkpoint(); // back in designated code: takes the GIL again
                    spinNanos(lock, 50_000);
                } finally {
                    lock.exit(s);
                }
            }
        }, name);
    }

    /** 200 µs designated calls between 2 ms spent outside. */
    private static Thread shortCalls(GilLock lock, String name, long durationNanos) {
        return new Thread(() -> {
            long deadline = System.nanoTime() + durationNanos;
            while (System.nanoTime() < deadline) {
                ThreadState s = lock.enter();
                try {
                    spinNanos(lock, 200_000);
                } finally {
                    lock.exit(s);
                }
                LockSupport.parkNanos(ms(2));
            }
        }, name);
    }

    private static void spinNanos(GilLock lock, long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) lock.checkpoint();
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(x -> x.toFile().delete());
        }
    }
}
