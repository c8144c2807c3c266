package dev.jgil.jmc;

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

/** The watchdog took the GIL from an owner blocked while holding it, judged as the report's "watchdog" finding. */
public final class WatchdogRule extends JgilRule {
    static final TypedPreference<IQuantity> MIN_HAND_OFFS = Preferences.number("WATCHDOG_MIN_HAND_OFFS_COUNT",
            Thresholds.WATCHDOG_MIN_HAND_OFFS_COUNT, "Watchdog hand-offs for a warning", "Hand-offs from which on it is a finding (WARNING)");

    public WatchdogRule() {
        super("jgil.BlockedOwner", "GIL Blocked Owner", Schema.STATISTICS, List.of(MIN_HAND_OFFS));
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        if (d.statisticsEvents == 0) {
            return notApplicable(vp, "The recording has no jgil.Statistics events, so watchdog hand-offs cannot be counted.");
        }
        if (!Verdicts.blockedOwner(d.watchdogHandOffs, Preferences.longValue(vp, MIN_HAND_OFFS))) {
            return result(vp, Severity.OK, 0, "The watchdog never had to take the GIL from a blocked owner.", null, null);
        }
        return result(vp, Severity.WARNING, 80, "Blocked owner: the watchdog took the GIL from a blocked owner "
                + Format.count(d.watchdogHandOffs) + " times.", "From jgil.Statistics watchdogHandOffs: an owner blocked (monitor,"
                + " wait, sleep, park) while holding the GIL, with others waiting.",
                Verdicts.BLOCKED_OWNER_ADVICE);
    }
}
