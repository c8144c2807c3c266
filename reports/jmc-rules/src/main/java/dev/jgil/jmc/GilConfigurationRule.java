package dev.jgil.jmc;

import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/** Which code was designated and under which policy (INFO). */
public final class GilConfigurationRule extends JgilRule {

    public GilConfigurationRule() {
        super("jgil.Configuration", "GIL Configuration", JgilSchema.CONFIGURATION);
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        if (d.configuration == null) {
            return notApplicable(vp, "The recording has no jgil.Configuration event.");
        }
        String include = d.config(JgilSchema.CF_INCLUDE);
        String exclude = d.config(JgilSchema.CF_EXCLUDE);
        String release = d.config(JgilSchema.CF_RELEASE);
        String annotation = d.config(JgilSchema.CF_ANNOTATION);
        StringBuilder designated = new StringBuilder(include.isEmpty() ? "(no packages)" : include);
        if (!exclude.isEmpty()) designated.append(" excluding ").append(exclude);
        if (!annotation.isEmpty()) designated.append(" and code annotated ").append(annotation);
        String summary = "jgil policy '" + d.config(JgilSchema.CF_POLICY) + "' with a switch interval of "
                + ms(d.switchIntervalNanos()) + " on " + designated + ".";
        if (!d.changes.isEmpty()) {
            // The other rules sum over the whole recording: say that it mixes configurations.
            summary = "jgil configuration changed " + d.changes.size() + "× at run time"
                    + (d.policyPath.size() > 1 ? " (policy " + String.join(" → ", d.policyPath) + ")" : "")
                    + "; at the end: policy '" + d.config(JgilSchema.CF_POLICY) + "', switch interval "
                    + ms(d.switchIntervalNanos()) + ", on " + designated + ".";
        }
        String expl = "Accounting: " + d.config(JgilSchema.CF_ACCOUNTING)
                + (release.isEmpty() ? "" : ". The GIL is released around: " + release)
                + (d.config(JgilSchema.CF_VERSION).isEmpty() ? "" : ". jgil version: " + d.config(JgilSchema.CF_VERSION))
                + ". From the latest jgil.Configuration event."
                + (d.changes.isEmpty() ? "" : " Changes (jgil.ConfigurationChange, e.g. jgil set): " + String.join("; ", d.changes)
                        + ". The other jgil rules sum over the whole recording, across these configurations; the jgil "
                        + "HTML report splits it into one segment per configuration.");
        return result(vp, Severity.INFO, 25, summary, expl, null);
    }
}
