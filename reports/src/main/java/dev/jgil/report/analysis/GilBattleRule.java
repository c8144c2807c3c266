package dev.jgil.report.analysis;

import dev.jgil.schema.Format;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.ArrayList;
import java.util.List;

/**
 * The GIL battle (CPython ≤ 3.1 on multicore): the owner drops the GIL and takes it straight back before the woken
 * waiter gets to run, so waiters starve while the CPU churns. {@link Verdicts#battle}, as the JMC rule pack judges it.
 *
 * <p>Which drops count: when the file holds every hold and wait ({@link JvmSummary#detailComplete()}), the drops made
 * while another thread waited ({@link JvmSummary#contestedDrops}) — a drop nobody wanted is won back trivially — per
 * configuration segment, the title carrying the worst. Otherwise the exact counters (all drops, contested or not: an
 * upper bound of the share), for the whole recording, saying so when it mixes configurations.
 */
public final class GilBattleRule implements FindingRule {
    @Override
    public String id() {
        return "gil-battle";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (JvmSummary s : a.jvms) {
            boolean changed = s.segments.size() > 1;
            long drops, retaken;
            List<String> ev = new ArrayList<>();
            String in = "";
            if (s.contestedDrops != null) {
                String source = "drops made while another thread waited";
                long[][] d = s.contestedDrops;
                int worst = -1;
                for (int g = 0; g < d.length; g++) {
                    if (d[g][0] == 0) continue;
                    boolean battle = Verdicts.battle(d[g][0], d[g][1], Thresholds.BATTLE_MIN_DROPS_COUNT, Thresholds.BATTLE_WON_BACK_FRACTION);
                    String line = Format.count(d[g][1]) + " of " + Format.count(d[g][0]) + " " + source
                            + " were won back by the thread that dropped";
                    if (changed) {
                        ev.add(s.segments.get(g).label() + ": " + line + (d[g][0] < Thresholds.BATTLE_MIN_DROPS_COUNT
                                ? ": too few to judge" : battle ? ": battle" : ": no battle"));
                    }
                    if (battle && (worst < 0 || (double) d[g][1] / d[g][0] > (double) d[worst][1] / d[worst][0])) worst = g;
                }
                if (worst < 0) continue;
                drops = d[worst][0];
                retaken = d[worst][1];
                if (changed) in = " in " + s.segments.get(worst).label();
                else ev.add(Format.count(retaken) + " of " + Format.count(drops) + " " + source + " were won back by the thread that dropped");
                ev.add("of all " + Format.count(s.drops()) + " drops (forced switches and tick drops, exact counters), "
                        + Format.count(s.dropsWonBack()) + " were won back, contested or not" + (changed ? " (whole recording)" : ""));
            } else {
                drops = s.drops();
                retaken = s.dropsWonBack();
                if (!Verdicts.battle(drops, retaken, Thresholds.BATTLE_MIN_DROPS_COUNT, Thresholds.BATTLE_WON_BACK_FRACTION)) continue;
                if (changed) {
                    in = " (whole recording, mixing " + s.segments.size() + " configuration segments: policy "
                            + ConfigurationSegments.policyHistory(s.segments) + ")";
                }
                ev.add(Format.count(retaken) + " of " + Format.count(drops) + " drops (forced switches and tick drops, exact "
                        + "counters) were won back by the thread that dropped; drops nobody waited for count too, so the "
                        + "share is an upper bound (" + (s.recording.tracePreset() ? "events were lost, so the drops made "
                        + "while another thread waited cannot be told apart" : "record with jfr.settings=trace to count only "
                        + "the drops made while another thread waited") + ")");
            }
            ev.add("meanwhile some thread waited " + Format.percent(s.someoneWaitingFraction()) + " of the time; "
                    + Format.count(s.contendedAcquisitions) + " contended acquisitions" + (changed ? " (whole recording)" : ""));
            out.add(new Finding(id(), Finding.Severity.PROBLEM,
                    "GIL battle: " + Format.percent((double) retaken / drops) + " of drops won back by the thread that dropped" + in
                            + (a.fleet() ? " [" + s.label + "]" : ""), ev,
                    "Dropping without handing over lets the dropper win the race back. The switch policy "
                            + "(drop on request, hand to the waiter) avoids it."));
        }
        return out;
    }
}
