package dev.jgil.schema;

/**
 * How each figure that a finding rests on is computed, and when it makes a finding: the one implementation the
 * report's findings and the JMC rules call with the same inputs (each reads them from its own view of the
 * recording). Thresholds are parameters so that the JMC rules can pass the values a user tuned; the report passes
 * {@link Thresholds}. Pure functions of numbers, JDK only.
 */
public final class Verdicts {
    private Verdicts() {
    }

    // ---- what the detail events can be trusted for ----

    /**
     * Whether the detail events hold every hold and wait: the trace preset was on, JFR reported no lost data, and
     * there are at least as many jgil.Hold and jgil.ContendedAcquire events as jgil.Statistics counted timed holds and
     * contended acquisitions. Figures that need every event (the contested drops, an exact timeline) only then.
     */
    public static boolean detailComplete(boolean tracePreset, long dataLossEvents, long holdEvents, long timedHolds,
            long waitEvents, long contendedAcquisitions) {
        return tracePreset && dataLossEvents == 0 && holdEvents >= timedHolds && waitEvents >= contendedAcquisitions;
    }

    // ---- serialized work ----

    /**
     * How much faster the designated work could have gone without the GIL, at most: (Σ held + Σ wait) / Σ held over
     * threads. Each thread needed held + wait to get through its designated code and ran only while it held; without
     * the lock the waits vanish and the threads overlap — the average number of threads that wanted the GIL at once.
     * Capped by the machine's hardware threads when known ({@code hwThreads > 0}); 1 when nothing was held.
     */
    public static double speedUpBound(double threadsHeldNanos, double threadsWaitNanos, int hwThreads) {
        double p = uncappedSpeedUp(threadsHeldNanos, threadsWaitNanos);
        return hwThreads > 0 ? Math.min(p, hwThreads) : p;
    }

    public static double uncappedSpeedUp(double threadsHeldNanos, double threadsWaitNanos) {
        return threadsHeldNanos <= 0 ? 1 : (threadsHeldNanos + threadsWaitNanos) / threadsHeldNanos;
    }

    public static boolean speedUpCapped(double threadsHeldNanos, double threadsWaitNanos, int hwThreads) {
        return hwThreads > 0 && uncappedSpeedUp(threadsHeldNanos, threadsWaitNanos) > hwThreads;
    }

    /**
     * With run-time changes, the segment a serialized-work verdict rests on: the highest bound among the segments in
     * which a policy serialized (not off) and some thread held the GIL; one with whole statistics intervals beats an
     * approximate one (whose figures are its neighbours' mixed in). -1 when there is none.
     */
    public static int worstSerializedSegment(boolean[] lockOff, double[] threadsHeldNanos, double[] threadsWaitNanos,
            boolean[] approximate, int hwThreads) {
        int worst = -1;
        double worstBound = 0;
        for (int g = 0; g < lockOff.length; g++) {
            if (lockOff[g] || threadsHeldNanos[g] <= 0) continue;
            double p = speedUpBound(threadsHeldNanos[g], threadsWaitNanos[g], hwThreads);
            if (worst < 0 || (approximate[worst] && !approximate[g]) || (approximate[worst] == approximate[g] && p > worstBound)) {
                worst = g;
                worstBound = p;
            }
        }
        return worst;
    }

    // ---- drops and the GIL battle ----

    /**
     * Drops: the policy made the owner give the GIL up while it still ran designated code — forced switches (switch
     * policy, at a waiter's request) plus tick drops (ticks policy, every checkinterval). The word "forced" is kept for
     * the first kind; "drops" for both.
     */
    public static long drops(long forcedSwitches, long tickDrops) {
        return forcedSwitches + tickDrops;
    }

    /**
     * A GIL battle: enough drops to judge, and at least {@code wonBackFraction} of them won straight back by the
     * thread that dropped. Which drops count is the caller's: those made while another thread waited when every hold
     * and wait was recorded ({@link ContestedDrops}), else the exact counters (all drops; a tick drop nobody contested
     * is won back trivially, so that share is an upper bound).
     */
    public static boolean battle(long drops, long wonBack, long minDrops, double wonBackFraction) {
        return drops >= minDrops && drops > 0 && (double) wonBack / drops >= wonBackFraction;
    }

    // ---- convoy ----

    /**
     * The shortest re-acquisition wait that counts as a convoy wait under a switch interval: the longer of
     * {@code minWaitNanos} and {@code intervalFraction} of the interval. At least 1 ms by default, so the default
     * preset (which records waits of 1 ms and more) records every convoy wait: the count is exact under both presets.
     */
    public static long convoyMinWaitNanos(long intervalNanos, long minWaitNanos, double intervalFraction) {
        return Math.max(minWaitNanos, (long) Math.ceil(Math.max(0, intervalNanos) * intervalFraction));
    }

    /**
     * A thread in a convoy: at least {@code minWaits} convoy waits, making up at least {@code minShare} of its
     * contended acquisitions (exact, jgil.ThreadStatistics) — the same as its median contended wait being a convoy
     * wait, but exact whatever the detail threshold was.
     */
    public static boolean convoy(long convoyWaits, long contendedAcquisitions, long minWaits, double minShare) {
        return convoyWaits >= minWaits && contendedAcquisitions > 0 && (double) convoyWaits / contendedAcquisitions >= minShare;
    }

    // ---- slow drops ----

    /** The {@code p}th percentile of an ascending sample: the element at floor(n · p / 100). */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * p / 100))];
    }

    /** Owners slow to drop: enough requests, and a p99 time to drop of at least the switch interval (and {@code minNanos}). */
    public static boolean slowDrops(long[] sortedTimesToDrop, long intervalNanos, long minRequests, long minNanos) {
        return sortedTimesToDrop.length >= minRequests && intervalNanos > 0
                && percentile(sortedTimesToDrop, 99) >= Math.max(minNanos, intervalNanos);
    }

    // ---- contention, blocked owner ----

    public static boolean contention(double someoneWaitingFraction, double threshold) {
        return someoneWaitingFraction >= threshold;
    }

    /**
     * What a user does about watchdog hand-offs, for the report's finding and the JMC rule alike. Two causes: a blocking
     * call not in the release list, and designated code blocked entering a monitor that another thread took and kept
     * while it had lost the GIL (a forced switch inside a synchronized block; seen with Jackson's SerializerCache under
     * a virtual thread per task). Advice that named only the first sent users looking for a call that was not there.
     */
    public static final String BLOCKED_OWNER_ADVICE = "Either a blocking call inside designated code is not in the release"
            + " list (add it: release=...), or designated code blocked entering a monitor (synchronized) that another thread"
            + " held while it had lost the GIL; a thread dump during the run shows which (BLOCKED on a monitor, or in the call).";

    public static boolean blockedOwner(long watchdogHandOffs, long minHandOffs) {
        return watchdogHandOffs >= minHandOffs && watchdogHandOffs > 0;
    }
}
