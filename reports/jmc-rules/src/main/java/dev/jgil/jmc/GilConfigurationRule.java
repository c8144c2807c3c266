package dev.jgil.jmc;

import dev.jgil.schema.Format;
import dev.jgil.schema.Schema;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/** Which code was designated and under which policy (INFO). */
public final class GilConfigurationRule extends JgilRule {

    public GilConfigurationRule() {
        super("jgil.Configuration", "GIL Configuration", Schema.CONFIGURATION, java.util.List.of());
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        if (d.configuration == null) {
            return notApplicable(vp, "The recording has no jgil.Configuration event.");
        }
        String include = d.config(Schema.Configuration.INCLUDE);
        String exclude = d.config(Schema.Configuration.EXCLUDE);
        String release = d.config(Schema.Configuration.RELEASE);
        String annotation = d.config(Schema.Configuration.ANNOTATION);
        StringBuilder designated = new StringBuilder(include.isEmpty() ? "(no packages)" : include);
        if (!exclude.isEmpty()) designated.append(" excluding ").append(exclude);
        if (!annotation.isEmpty()) designated.append(" and code annotated ").append(annotation);
        String summary = "jgil policy '" + d.config(Schema.Configuration.POLICY) + "' with a switch interval of "
                + Format.interval((long) d.switchIntervalNanos()) + " on " + designated + ".";
        if (!d.changes.isEmpty()) {
            // The other rules sum over the whole recording: say that it mixes configurations.
            summary = "jgil configuration changed " + d.changes.size() + "× at run time"
                    + (d.policyPath.size() > 1 ? " (policy " + String.join(" → ", d.policyPath) + ")" : "")
                    + "; at the end: policy '" + d.config(Schema.Configuration.POLICY) + "', switch interval "
                    + Format.interval((long) d.switchIntervalNanos()) + ", on " + designated + ".";
        }
        String expl = "Accounting: " + d.config(Schema.Configuration.ACCOUNTING)
                + (release.isEmpty() ? "" : ". The GIL is released around: " + release)
                + (d.config(Schema.Configuration.VERSION).isEmpty() ? "" : ". jgil version: " + d.config(Schema.Configuration.VERSION))
                + ". From the latest jgil.Configuration event."
                + (d.changes.isEmpty() ? "" : " Changes (jgil.ConfigurationChange, e.g. jgil set): " + String.join("; ", d.changes)
                        + ". The other jgil rules sum over the whole recording, across these configurations; the jgil "
                        + "HTML report splits it into one segment per configuration.");
        return result(vp, Severity.INFO, 25, summary, expl, null);
    }
}
