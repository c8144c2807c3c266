package dev.jgil.jmc;

import dev.jgil.schema.Format;
import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.AbstractRule;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IResultValueProvider;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit.EventAvailability;

/** Common ground of the jgil rules: topic, NA for recordings without jgil events, result building. */
abstract class JgilRule extends AbstractRule {

    /** The topic all jgil rules are filed under in JMC's result tree. */
    static final String TOPIC = "jgil";

    JgilRule(String id, String name, String requiredEvent, List<TypedPreference<?>> preferences) {
        super(id, name, TOPIC, preferences, List.of(TypedResult.SCORE), Map.of(requiredEvent, EventAvailability.AVAILABLE));
    }

    @Override
    protected final IResult getResult(IItemCollection items, IPreferenceValueProvider vp, IResultValueProvider rp) {
        List<String> groups = GroupResults.groups(items);
        if (groups.size() > 1) return GroupResults.worst(this, vp, items, groups);
        JgilData d = JgilData.read(items);
        if (!d.hasJgilEvents()) {
            return notApplicable(vp, "The recording contains no jgil events: the jgil agent was not running, or its"
                    + " events were not enabled (run the agent with jfr=FILE, or enable the jgil event types in the recording settings, e.g. jgil.jfc).");
        }
        return evaluate(d, vp);
    }

    abstract IResult evaluate(JgilData d, IPreferenceValueProvider vp);

    IResult notApplicable(IPreferenceValueProvider vp, String why) {
        return ResultBuilder.createFor(this, vp).setSeverity(Severity.NA).setSummary(why).build();
    }

    IResult result(IPreferenceValueProvider vp, Severity severity, double score, String summary, String explanation,
            String solution) {
        ResultBuilder b = ResultBuilder.createFor(this, vp).setSeverity(severity).setSummary(summary);
        if (severity != Severity.NA) {
            b.addResult(TypedResult.SCORE, UnitLookup.NUMBER_UNITY.quantity(Math.max(0, Math.min(100, score))));
        }
        if (explanation != null) b.setExplanation(explanation);
        if (solution != null) b.setSolution(solution);
        return b.build();
    }

    /**
     * Maps a measure onto JMC's 0–100 score so that the score agrees with the severity we give: below
     * {@code info} 0–25 (OK), {@code info..warning} 25–75 (INFO), above {@code warning} 75–100 (WARNING,
     * 100 at {@code max}).
     */
    static double score(double value, double info, double warning, double max) {
        if (value < info) return 25 * Math.max(0, value) / info;
        if (value < warning) return 25 + 50 * (value - info) / (warning - info);
        return Math.min(100, 75 + 25 * (value - warning) / Math.max(1e-9, max - warning));
    }

    static Severity severity(double value, double info, double warning) {
        return value >= warning ? Severity.WARNING : value >= info ? Severity.INFO : Severity.OK;
    }

    /** The report's spelling of a share ({@link Format#percent}): the same figure reads the same in both. */
    static String pct(double fraction) {
        return Format.percent(fraction);
    }

    /** A measured time, as the report spells it ({@link Format#nanos}). */
    static String ms(double nanos) {
        return Format.nanos(nanos);
    }
}
