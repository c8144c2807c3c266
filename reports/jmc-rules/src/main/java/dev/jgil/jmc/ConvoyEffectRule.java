package dev.jgil.jmc;

import java.util.HashMap;
import java.util.Map;

import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * The convoy effect: a thread that releases the GIL around every blocking call has to wait about one switch
 * interval to get it back from a CPU-bound thread, so each blocking call costs an extra interval.
 */
public final class ConvoyEffectRule extends JgilRule {
    /** A re-acquisition wait counts as "about one interval" in [LOW, HIGH] × switch interval. */
    static final double LOW = 0.8;
    static final double HIGH = 2.5;
    /** The blocker counts as CPU-bound if it held the GIL at least this share of its time. */
    static final double CPU_BOUND_HELD = 0.5;
    /** WARNING: at least this many convoy waits, making up at least this share of the thread's re-acquisitions. */
    static final int WARNING_WAITS = 10;
    static final double WARNING_SHARE = 0.5;
    static final int INFO_WAITS = 3;

    public ConvoyEffectRule() {
        super("jgil.ConvoyEffect", "GIL Convoy Effect", JgilSchema.CONTENDED_ACQUIRE);
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        double interval = d.switchIntervalNanos();
        if (interval <= 0) {
            return notApplicable(vp, "The recording has no jgil.Configuration event, so the switch interval is unknown.");
        }
        Map<String, int[]> reacquires = new HashMap<>(); // thread -> [reacquisitions, convoy waits]
        Map<String, Long> convoyNanos = new HashMap<>();
        Map<String, String> blockers = new HashMap<>();
        for (JgilData.Wait w : d.waits) {
            if (!JgilSchema.CAUSE_REACQUIRE.equals(w.cause()) || w.thread() == null) continue;
            int[] c = reacquires.computeIfAbsent(w.thread(), k -> new int[2]);
            c[0]++;
            boolean aboutOneInterval = w.waitNanos() >= LOW * interval && w.waitNanos() <= HIGH * interval;
            JgilData.ThreadTotals blocker = w.blockedBy() == null ? null : d.threads.get(w.blockedBy());
            boolean cpuBoundBlocker = w.blockedBy() != null && !w.blockedBy().equals(w.thread())
                    && (blocker == null || blocker.heldShare() >= CPU_BOUND_HELD);
            if (aboutOneInterval && cpuBoundBlocker) {
                c[1]++;
                convoyNanos.merge(w.thread(), w.waitNanos(), Long::sum);
                blockers.merge(w.thread(), w.blockedBy(), (a, b) -> a.contains(b) ? a : a + "', '" + b);
            }
        }
        String worst = null;
        for (Map.Entry<String, int[]> e : reacquires.entrySet()) {
            if (worst == null || e.getValue()[1] > reacquires.get(worst)[1]) worst = e.getKey();
        }
        if (worst == null || reacquires.get(worst)[1] == 0) {
            return result(vp, Severity.OK, 0,
                    "No convoy effect: no thread waited about one switch interval (" + ms(interval)
                            + ") to re-acquire the GIL after a blocking call.",
                    "Counted jgil.ContendedAcquire events with cause REACQUIRE; " + count(reacquires)
                            + " such waits were recorded.", null);
        }
        int[] c = reacquires.get(worst);
        double share = (double) c[1] / c[0];
        long lost = convoyNanos.get(worst);
        Severity sev = c[1] >= WARNING_WAITS && share >= WARNING_SHARE ? Severity.WARNING
                : c[1] >= INFO_WAITS ? Severity.INFO : Severity.OK;
        JgilData.ThreadTotals t = d.threads.get(worst);
        double score = sev == Severity.WARNING ? 75 + 25 * Math.min(1, share * (t == null ? 1 : Math.min(1, 2 * t.waitShare())))
                : sev == Severity.INFO ? 25 + 50 * share : 10 * share;
        String summary = "Convoy effect: thread '" + worst + "' re-acquired the GIL about one switch interval ("
                + ms(interval) + ") after " + c[1] + " of its " + c[0] + " recorded contended re-acquisitions after a blocking call (" + pct(share)
                + "), losing " + ms(lost) + " in total, while '" + blockers.get(worst) + "' held it CPU-bound.";
        String expl = "When a thread releases the GIL around a blocking call (I/O, sleep, a lock) and a CPU-bound thread"
                + " takes it, the returning thread must ask for a switch and wait for the CPU-bound thread to drop the"
                + " GIL at its next checkpoint after the switch interval. Every blocking call then costs about one"
                + " interval extra: an I/O-bound thread runs at the pace of the interval, not of its I/O (the convoy"
                + " effect known from CPython's GIL). Counted: jgil.ContendedAcquire with cause REACQUIRE and a wait of "
                + LOW + "-" + HIGH + " intervals, blocked by a thread that held the GIL at least "
                + pct(CPU_BOUND_HELD) + " of its time.";
        String solution = sev == Severity.OK ? null
                : "Shorten the switch interval (intervalNanos) so CPU-bound threads drop sooner, use a policy that"
                        + " hands the GIL to a returning I/O thread at once, or take the CPU-bound work out of designated"
                        + " code.";
        return result(vp, sev, score, summary, expl, solution);
    }

    private static int count(Map<String, int[]> m) {
        return m.values().stream().mapToInt(a -> a[0]).sum();
    }
}
