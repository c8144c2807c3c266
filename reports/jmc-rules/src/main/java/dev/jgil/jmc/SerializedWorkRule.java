package dev.jgil.jmc;

import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * The speed-up the designated work would have without the GIL: (Σ held + Σ waited) / Σ held over all threads,
 * capped by the hardware threads when jdk.CPUInformation is present.
 */
public final class SerializedWorkRule extends JgilRule {
    static final double INFO = 1.2;
    static final double WARNING = 1.5;

    public SerializedWorkRule() {
        super("jgil.SerializedWork", "Serialized CPU-Bound Work", JgilSchema.THREAD_STATISTICS);
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        if (d.threads.isEmpty()) {
            return notApplicable(vp, "The recording has no jgil.ThreadStatistics events, so held and waiting time per"
                    + " thread are unknown.");
        }
        double held = 0, wait = 0;
        for (JgilData.ThreadTotals t : d.threads.values()) {
            held += t.heldNanos;
            wait += t.waitNanos;
        }
        if (held <= 0) {
            return result(vp, Severity.OK, 0, "The GIL was not measurably held, so nothing was serialized.", null, null);
        }
        double raw = (held + wait) / held;
        double speedUp = d.hardwareThreads > 0 ? Math.min(raw, d.hardwareThreads) : raw;
        Severity sev = severity(speedUp, INFO, WARNING);
        String cap = d.hardwareThreads > 0
                ? " (at most the " + d.hardwareThreads + " hardware threads of jdk.CPUInformation"
                        + (raw > speedUp ? String.format(java.util.Locale.ROOT, "; %.2fx uncapped", raw) : "") + ")"
                : " (jdk.CPUInformation absent: not capped by the hardware threads)";
        String summary = String.format(java.util.Locale.ROOT,
                "Without the GIL the designated work could run up to %.2fx faster%s: threads held the GIL %s in"
                        + " total and waited for it %s.", speedUp, cap, ms(held), ms(wait));
        String expl = "Time spent waiting for the GIL is time a thread was ready to run designated code. If that code"
                + " ran in parallel instead, the same work would take (held + waited) / held of the time, an upper"
                + " bound that assumes the waiting threads had CPUs to run on. From jgil.ThreadStatistics over "
                + d.threads.size() + " threads (held: heldFraction, "
                + ("trace".equals(d.config(JgilSchema.CF_ACCOUNTING)) ? "exact" : "sampled")
                + "; waited: waitFraction, from timed waits).";
        String solution = sev == Severity.OK ? null
                : "This is what the GIL costs this workload. If the designated code does not need to be serialized,"
                        + " narrow the designation; otherwise expect CPU-bound threads to scale no better than one.";
        return result(vp, sev, score(speedUp, INFO, WARNING, 4), summary, expl, solution);
    }
}
