package com.acme.apps.hostile;

import com.acme.apps.hostile.d.Cases;
import dev.jgil.runtime.Gil;
import dev.jgil.runtime.GilLock;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs every hostile case in this one JVM, under the policy the agent was started with, each with its
 * own timeout, and prints one line per case:
 * <pre>CASE &lt;name&gt; PASS|FAIL|HANG|SKIP &lt;ms&gt;ms handoffs=&lt;n&gt; releases=&lt;n&gt; checks=&lt;n&gt; [reason]</pre>
 * A case passes when the program's own result is right and, under a serializing policy, the oracle saw
 * no two threads inside a checkpoint-free stretch and no designated code running without the GIL. A
 * hang prints the thread dump and the GIL's state and the matrix goes on (case threads are daemons).
 *
 * <p>Not designated: only {@code com.acme.apps.hostile.d} is.
 */
public final class HostileMatrix {
    interface Case {
        /** Returns null, or a reason to skip. Throws on a wrong result. */
        String run() throws Exception;
    }

    /** name → body, in running order. The IT asserts that every one of these printed a line. */
    static final Map<String, Case> CASES = new LinkedHashMap<>();
    /** Cases whose premise is that the watchdog must hand the GIL off at least once. */
    static final List<String> NEED_WATCHDOG = new ArrayList<>();

    static {
        CASES.put("monitorHeldByAGilWaiterWhileTheOwnerWantsItDoesNotDeadlock", () -> {
            Cases.monitorHeldByAGilWaiterWhileTheOwnerWantsItDoesNotDeadlock();
            return null;
        });
        NEED_WATCHDOG.add("monitorHeldByAGilWaiterWhileTheOwnerWantsItDoesNotDeadlock");
        CASES.put("synchronizedMethodsAndBlocksKeepTheirCountsAndDoNotDeadlock", () -> {
            Cases.synchronizedMethodsAndBlocksKeepTheirCountsAndDoNotDeadlock();
            return null;
        });
        CASES.put("libraryThatSleepsOrWaitsUnderItsOwnMonitorDoesNotDeadlock", () -> {
            Cases.libraryThatSleepsOrWaitsUnderItsOwnMonitorDoesNotDeadlock();
            return null;
        });
        CASES.put("waitNotifyProducerConsumerDeliversEveryItem", () -> {
            Cases.waitNotifyProducerConsumerDeliversEveryItem();
            return null;
        });
        CASES.put("blockingQueueProducersAndConsumersDeliverEveryItem", () -> {
            Cases.blockingQueueProducersAndConsumersDeliverEveryItem();
            return null;
        });
        CASES.put("countDownLatchAndCyclicBarrierAcrossDesignatedThreads", () -> {
            Cases.countDownLatchAndCyclicBarrierAcrossDesignatedThreads();
            return null;
        });
        CASES.put("threadJoinFromDesignatedCode", () -> {
            Cases.threadJoinFromDesignatedCode();
            return null;
        });
        CASES.put("forkJoinPoolAndParallelStreamsInsideDesignatedCode", () -> {
            Cases.forkJoinPoolAndParallelStreamsInsideDesignatedCode();
            return null;
        });
        CASES.put("staticInitializersRacingAcrossThreads", () -> {
            Cases.staticInitializersRacingAcrossThreads();
            return null;
        });
        CASES.put("exceptionsAndStackOverflowThroughDesignatedFramesLeaveNoTokenBehind",
                HostileMatrix::exceptionsLeaveNoTokenBehind);
        CASES.put("threadDyingWhileItOwnsTheGilDoesNotStopTheOthers", HostileMatrix::threadDiesOwningTheGil);
        NEED_WATCHDOG.add("threadDyingWhileItOwnsTheGilDoesNotStopTheOthers");
        CASES.put("socketClientAndServerBothDesignatedOverLoopback", () -> {
            Cases.socketClientAndServerBothDesignatedOverLoopback();
            return null;
        });
        CASES.put("ioBoundDesignatedThreadsOverlap", HostileMatrix::ioBoundThreadsOverlap);
        CASES.put("cpuBoundDesignatedThreadsAreSerialized", HostileMatrix::cpuBoundThreadsAreSerialized);
        CASES.put("tenThousandVirtualThreadsRunDesignatedCode", HostileMatrix::tenThousandVirtualThreads);
    }

    /** The lock the matrix judges: the default GIL, or with {@code group=NAME} that group's (the IT puts d.** in one). */
    static GilLock gil = Gil.lock();

    private HostileMatrix() {
    }

    /** Every case's name, in running order (the IT expects one line for each). */
    public static List<String> caseNames() {
        return new ArrayList<>(CASES.keySet());
    }

    static boolean serializing() {
        return !gil.policy().name().equals("off");
    }

    public static void main(String[] args) throws Exception {
        long timeoutMs = 30_000;
        List<String> only = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("timeout=")) timeoutMs = Long.parseLong(a.substring("timeout=".length()));
            else if (a.startsWith("cases=")) only.addAll(Arrays.asList(a.substring("cases=".length()).split(",")));
            else if (a.startsWith("group=")) {
                gil = dev.jgil.runtime.GilGroups.byName(a.substring("group=".length()));
                if (gil == null) throw new IllegalArgumentException("no GIL group " + a);
            }
        }
        GilLock lock = gil;
        System.out.println("MATRIX group=" + lock.group() + " policy=" + lock.policy().name() + " java=" + System.getProperty("java.version"));
        int failed = 0;
        for (Map.Entry<String, Case> e : CASES.entrySet()) {
            if (!only.isEmpty() && !only.contains(e.getKey())) continue;
            if (!runOne(e.getKey(), e.getValue(), timeoutMs)) failed++;
        }
        System.out.println("MATRIX done failed=" + failed + " watchdogHandOffs=" + lock.watchdogHandOffs()
                + " blockingReleases=" + lock.blockingReleases());
        System.out.flush();
        // Hung cases leave daemon threads behind; exit explicitly rather than wait for anything.
        System.exit(0);
    }

    private static boolean runOne(String name, Case c, long timeoutMs) throws InterruptedException {
        GilLock lock = gil;
        Oracle.reset();
        long handOffs0 = lock.watchdogHandOffs();
        long releases0 = lock.blockingReleases();
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        Thread runner = new Thread(() -> {
            try {
                String skip = c.run();
                outcome.set(skip == null ? "" : skip);
            } catch (Throwable t) {
                outcome.set(t);
            } finally {
                finished.countDown();
            }
        }, "case-" + name);
        runner.setDaemon(true);
        long t0 = System.nanoTime();
        runner.start();
        boolean done = false;
        for (long waited = 0; !done && waited < timeoutMs; waited += 5_000) {
            done = finished.await(Math.min(5_000, timeoutMs - waited), TimeUnit.MILLISECONDS);
            // a slow case shows how the lock moves (a hang's state alone cannot tell slow from stuck)
            if (!done && waited + 5_000 < timeoutMs) System.out.println("SLOW " + name + " " + (waited + 5_000) + "ms gil=" + lock);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long handOffs = lock.watchdogHandOffs() - handOffs0;
        long releases = lock.blockingReleases() - releases0; // racy counter, indicative only
        String stats = " handoffs=" + handOffs + " releases=" + releases + " checks=" + Oracle.CHECKS.get();
        if (!done) {
            System.out.println("CASE " + name + " HANG " + ms + "ms" + stats + " gil=" + lock);
            System.out.println(threadDump());
            return false;
        }
        Object o = outcome.get();
        String verdict;
        if (o instanceof Throwable) {
            verdict = "FAIL " + ms + "ms" + stats + " " + describe((Throwable) o);
        } else if (!((String) o).isEmpty()) {
            verdict = "SKIP " + ms + "ms" + stats + " " + o;
        } else {
            String oracle = oracleVerdict(name, handOffs);
            verdict = (oracle == null ? "PASS " : "FAIL ") + ms + "ms" + stats + (oracle == null ? "" : " " + oracle);
        }
        System.out.println("CASE " + name + " " + verdict);
        System.out.flush();
        return !verdict.startsWith("FAIL");
    }

    private static String oracleVerdict(String name, long handOffs) {
        if (!serializing()) return null;
        if (Oracle.CHECKS.get() == 0) return "the oracle was never called";
        if (Oracle.MAX_INSIDE.get() > 1) return "oracle: " + Oracle.MAX_INSIDE.get() + " threads inside at once";
        if (Oracle.NOT_HELD.get() > 0) return "oracle: designated code ran without the GIL " + Oracle.NOT_HELD.get() + " times";
        if (NEED_WATCHDOG.contains(name) && handOffs == 0) return "the watchdog never handed off, so the premise did not happen";
        return null;
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append(" | at ").append(e);
            if (sb.length() > 1500) break;
        }
        return sb.toString().replace('\n', ' ');
    }

    static String threadDump() {
        StringBuilder sb = new StringBuilder("--- thread dump ---\n");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement f : e.getValue()) sb.append("    at ").append(f).append('\n');
        }
        return sb.append("--- end of thread dump ---").toString();
    }

    // ------------------------------------------------------------------ cases orchestrated from outside

    private static String exceptionsLeaveNoTokenBehind() throws Exception {
        Cases.exceptionsAndStackOverflowThroughDesignatedFrames();
        // After the unwinding this thread is outside designated code: it must not own the GIL, or the
        // spinning below (RUNNABLE, so no watchdog hand-off) would starve the workers.
        if (gil.isHeldByCurrentThread()) throw new AssertionError("GIL still held outside designated code");
        Thread spinner = new Thread(() -> {
            try {
                Cases.exceptionsAndStackOverflowThroughDesignatedFrames();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            Library.spinOutside(TimeUnit.MILLISECONDS.toNanos(1500)); // outside, RUNNABLE
        }, "overflow-then-spin");
        spinner.setDaemon(true);
        spinner.start();
        Thread.sleep(100);
        Workers.runAll("after-overflow", 2, i -> Cases.designatedWork(200_000));
        // A token left behind by the unwinding would make the workers wait out the whole spin (the
        // stalled-owner hand-off would not even start before 100 ms): they must finish well before.
        boolean finishedWhileSpinning = spinner.isAlive();
        spinner.join();
        if (!finishedWhileSpinning) throw new AssertionError("designated work waited for a thread spinning outside");
        return null;
    }

    private static String threadDiesOwningTheGil() throws Exception {
        // An enter whose exit never runs (as for a method that was already running when its class was
        // woven and then the thread died): the token's owner is a dead thread.
        Thread dying = new Thread(() -> gil.enter(), "dies-owning-the-gil");
        dying.start();
        dying.join();
        boolean ownedByDead = gil.ownerThread() == dying;
        if (serializing() && !ownedByDead) throw new AssertionError("setup: the dead thread should own the token");
        Workers.runAll("survivor", 2, i -> Cases.designatedWork(100_000));
        return null;
    }

    private static String ioBoundThreadsOverlap() throws Exception {
        int threads = 4;
        int sleeps = 6; // of 20 ms: few wake-ups, so scheduling latency on a loaded machine stays small
        long alone = Long.MAX_VALUE;
        long together = Long.MAX_VALUE;
        long releases = 0;
        // Best of three: load from other processes only ever delays wake-ups, never speeds them up.
        for (int attempt = 0; attempt < 3 && (attempt == 0 || (double) together / alone > threads * 0.75); attempt++) {
            alone = Math.min(alone, Cases.sleepers(1, sleeps));
            long releases0 = gil.blockingReleases();
            together = Math.min(together, Cases.sleepers(threads, sleeps));
            releases = gil.blockingReleases() - releases0;
        }
        // Overlap alone would not prove the release (the watchdog would hand a sleeping owner off
        // within an interval too): the sleeps must have dropped the GIL themselves.
        if (serializing() && releases < threads * sleeps / 2) {
            throw new AssertionError("only " + releases + " blocking releases for " + threads * sleeps + " sleeps");
        }
        // Serial would be threads × alone; overlapped is about alone. Sleep dominates, so even a loaded
        // machine stays below 3/4 of the serial time (seen: 1.0 idle, 2.2 under heavy load).
        double ratio = (double) together / alone;
        System.out.printf("  ioBound: alone %d ms, %d threads %d ms, ratio %.2f%n", alone / 1_000_000, threads,
                together / 1_000_000, ratio);
        if (ratio > threads * 0.75) throw new AssertionError("sleeping threads did not overlap: ratio " + ratio);
        return null;
    }

    private static String cpuBoundThreadsAreSerialized() throws Exception {
        int loops = calibrate();
        // A load spike during an "alone" run inflates the speed-up (seen: 2.26, impossible on 2 cores),
        // so each attempt takes the fastest alone run around the pair, and any of 3 attempts may pass.
        double speedup = Double.MAX_VALUE;
        long alone = 0;
        long together = 0;
        for (int attempt = 0; attempt < 3 && speedup > 1.4; attempt++) {
            alone = Math.min(Cases.spinners(1, loops), Cases.spinners(1, loops));
            together = Cases.spinners(2, loops);
            alone = Math.min(alone, Cases.spinners(1, loops));
            speedup = Math.min(speedup, 2.0 * alone / together);
        }
        System.out.printf("  cpuBound: alone %d ms, 2 threads %d ms, speed-up %.2f (cpus %d)%n", alone / 1_000_000,
                together / 1_000_000, speedup, Runtime.getRuntime().availableProcessors());
        if (serializing() && speedup > 1.4) throw new AssertionError("CPU-bound threads ran in parallel: speed-up " + speedup);
        return null;
    }

    private static int calibrate() throws Exception {
        int loops = 100_000;
        for (;;) {
            long t = Cases.spinners(1, loops);
            if (t > 30_000_000L || loops > (1 << 28)) return (int) Math.min(Integer.MAX_VALUE, (long) loops * 150_000_000L / t);
            loops *= 2;
        }
    }

    private static String tenThousandVirtualThreads() throws Exception {
        Method start;
        try {
            start = Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException e) {
            return "virtual threads need JDK 21+, this is " + System.getProperty("java.version");
        }
        int n = 10_000;
        AtomicInteger completed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            threads.add((Thread) start.invoke(null, (Runnable) () -> {
                if (Cases.virtualWork(index)) completed.incrementAndGet();
            }));
        }
        for (Thread t : threads) t.join();
        if (completed.get() != n) throw new AssertionError("completed " + completed.get() + " of " + n);
        return null;
    }
}
