package dev.jgil.jmc;

import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/** GIL battle: the GIL is dropped on a tick but the dropping thread wins it straight back. */
public final class GilBattleRule extends JgilRule {
    static final double INFO = 0.10;
    static final double WARNING = 0.25;
    /** Below this many tick drops the share is too noisy to warn about. */
    static final long MIN_DROPS = 20;

    public GilBattleRule() {
        super("jgil.GilBattle", "GIL Battle", JgilSchema.STATISTICS);
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        if (d.statisticsEvents == 0) {
            return notApplicable(vp, "The recording has no jgil.Statistics events, so GIL drops cannot be counted.");
        }
        if (d.tickDrops == 0) {
            return result(vp, Severity.OK, 0, "No GIL battle: the GIL was never dropped on a tick (policy '"
                    + d.config(JgilSchema.CF_POLICY) + "').", "Counted jgil.Statistics tickDrops and tickDropsWonBack.",
                    null);
        }
        double share = (double) d.tickDropsWonBack / d.tickDrops;
        Severity sev = d.tickDrops < MIN_DROPS ? (share >= INFO ? Severity.INFO : Severity.OK) : severity(share, INFO, WARNING);
        double score = Math.min(score(share, INFO, WARNING, 0.8), sev == Severity.INFO ? 74 : 100);
        String summary = d.tickDropsWonBack + " of " + d.tickDrops + " GIL drops on a tick (" + pct(share)
                + ") were won back by the thread that dropped the GIL.";
        String expl = "A drop that the dropping thread wins back is wasted: the waiting threads were woken, competed"
                + " and lost, and the holder paid for the release and the re-acquisition. Many such drops mean the"
                + " threads battle for the GIL (as with CPython's old tick-based GIL on multi-core machines) instead of"
                + " taking turns.";
        String solution = sev == Severity.OK ? null
                : "Use a policy that hands the GIL over on request (e.g. 'switch') instead of dropping it on a"
                        + " tick, or lengthen the tick so that fewer, more effective drops happen.";
        return result(vp, sev, score, summary, expl, solution);
    }
}
