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
        String expl = "Accounting: " + d.config(JgilSchema.CF_ACCOUNTING)
                + (release.isEmpty() ? "" : ". The GIL is released around: " + release)
                + (d.config(JgilSchema.CF_VERSION).isEmpty() ? "" : ". jgil version: " + d.config(JgilSchema.CF_VERSION))
                + ". From the last jgil.Configuration event.";
        return result(vp, Severity.INFO, 25, summary, expl, null);
    }
}
