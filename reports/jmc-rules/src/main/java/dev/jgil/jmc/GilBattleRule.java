package dev.jgil.jmc;

import dev.jgil.schema.ContestedDrops;
import dev.jgil.schema.Format;
import dev.jgil.schema.Schema;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.List;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * GIL battle: the GIL is dropped but the dropping thread wins it straight back ({@link Verdicts#battle}), judged as the
 * report's "gil-battle" finding: over the drops made while another thread waited ({@link ContestedDrops}, per
 * configuration segment) when every hold and wait is in the file ({@link Verdicts#detailComplete}), otherwise over all
 * drops by the exact counters (an upper bound of the share).
 */
public final class GilBattleRule extends JgilRule {
    static final TypedPreference<IQuantity> WON_BACK = Preferences.fraction("BATTLE_WON_BACK_FRACTION",
            Thresholds.BATTLE_WON_BACK_FRACTION, "Won-back warning limit", "Share of drops won back from which on it is a GIL battle (WARNING)");
    static final TypedPreference<IQuantity> INFO = Preferences.fraction("BATTLE_INFO_WON_BACK_FRACTION",
            Thresholds.BATTLE_INFO_WON_BACK_FRACTION, "Won-back info limit", "Share of drops won back from which on it is noted (INFO)");
    static final TypedPreference<IQuantity> MIN_DROPS = Preferences.number("BATTLE_MIN_DROPS_COUNT",
            Thresholds.BATTLE_MIN_DROPS_COUNT, "Minimum drops", "Fewer drops than this are too few to judge");

    public GilBattleRule() {
        super("jgil.GilBattle", "GIL Battle", Schema.STATISTICS, List.of(WON_BACK, INFO, MIN_DROPS));
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        if (d.statisticsEvents == 0) {
            return notApplicable(vp, "The recording has no jgil.Statistics events, so GIL drops cannot be counted.");
        }
        double warning = Preferences.value(vp, WON_BACK), info = Preferences.value(vp, INFO);
        long min = Preferences.longValue(vp, MIN_DROPS);
        long drops, wonBack;
        String what, in = "", basis = "";
        boolean complete = Verdicts.detailComplete(d.tracePreset(), d.dataLossEvents, d.holdEvents, d.timedHolds, d.waits.size(),
                d.contendedAcquisitions);
        if (complete) {
            long[] ws = new long[d.waits.size()], wn = new long[d.waits.size()];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = d.waits.get(i).startEpochNanos();
                wn[i] = d.waits.get(i).waitNanos();
            }
            long[][] c = ContestedDrops.count(d.holdStart, d.holdNanos, d.holdThread, d.holdIsDrop, ws, wn, d.segments);
            int worst = 0;
            for (int g = 0; g < c.length; g++) {
                boolean battle = Verdicts.battle(c[g][0], c[g][1], min, warning), worstBattle = Verdicts.battle(c[worst][0], c[worst][1], min, warning);
                if ((battle && !worstBattle) || (battle == worstBattle && share(c[g]) > share(c[worst]))) worst = g;
            }
            drops = c[worst][0];
            wonBack = c[worst][1];
            what = "drops made while another thread waited";
            if (c.length > 1) in = " in configuration segment " + (worst + 1) + " of " + c.length;
        } else {
            drops = Verdicts.drops(d.forcedSwitches, d.tickDrops);
            wonBack = d.tickDropsWonBack;
            what = "drops";
            basis = " Counted: forced switches and tick drops, exact counters, contested or not, so the share is an upper bound.";
        }
        if (drops == 0) {
            return result(vp, Severity.OK, 0, "No GIL battle: no " + what + " (policy '" + d.config(Schema.Configuration.POLICY) + "')." + basis,
                    "Counted " + (complete ? "jgil.Hold and jgil.ContendedAcquire events" : "jgil.Statistics forcedSwitches, tickDrops and tickDropsWonBack") + ".", null);
        }
        double share = (double) wonBack / drops;
        Severity sev = Verdicts.battle(drops, wonBack, min, warning) ? Severity.WARNING
                : drops >= min && share >= info ? Severity.INFO : Severity.OK;
        double score = Math.min(score(share, info, warning, 0.95), sev == Severity.INFO ? 74 : sev == Severity.OK ? 24 : 100);
        String summary = (sev == Severity.WARNING ? "GIL battle: " : "") + Format.count(wonBack) + " of " + Format.count(drops) + " " + what
                + in + " were won back by the thread that dropped the GIL (" + pct(share) + ")"
                + (drops < min ? ": too few to judge." : ".") + basis;
        String expl = "A drop that the dropping thread wins back is wasted: the waiting threads were woken, competed"
                + " and lost, and the holder paid for the release and the re-acquisition. Many such drops mean the"
                + " threads battle for the GIL (as with CPython's old tick-based GIL on multi-core machines) instead of"
                + " taking turns." + (complete ? "" : " Record with jfr.settings=trace to count only the drops made while another thread waited.");
        String solution = sev == Severity.OK ? null
                : "Use a policy that hands the GIL over on request (e.g. 'switch') instead of dropping it on a"
                        + " tick, or lengthen the tick so that fewer, more effective drops happen.";
        return result(vp, sev, score, summary, expl, solution);
    }

    private static double share(long[] c) {
        return c[0] == 0 ? -1 : (double) c[1] / c[0];
    }
}
