package dev.jgil.jmc;

import dev.jgil.schema.Thresholds;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;

/**
 * The rules' tunable thresholds, one per {@link Thresholds} constant: the identifier is {@code jgil.} and the
 * constant's name, the default is its value, the unit follows its suffix ({@code _FRACTION} a percentage,
 * {@code _NANOS} a timespan, {@code _COUNT} and {@code _RATIO} a number). Tuned in JMC's rule preferences; the
 * defaults make the same verdicts as the report's findings.
 */
final class Preferences {
    private Preferences() {
    }

    static final String PREFIX = "jgil.";

    static TypedPreference<IQuantity> fraction(String constant, double value, String name, String description) {
        return new TypedPreference<>(PREFIX + constant, name, description, UnitLookup.PERCENTAGE, UnitLookup.PERCENT_UNITY.quantity(value));
    }

    static TypedPreference<IQuantity> nanos(String constant, long value, String name, String description) {
        return new TypedPreference<>(PREFIX + constant, name, description, UnitLookup.TIMESPAN, UnitLookup.NANOSECOND.quantity(value));
    }

    static TypedPreference<IQuantity> number(String constant, double value, String name, String description) {
        return new TypedPreference<>(PREFIX + constant, name, description, UnitLookup.NUMBER, UnitLookup.NUMBER_UNITY.quantity(value));
    }

    /** The value in force (the default, or what the user set): fractions 0..1, timespans in ns, numbers as such. */
    static double value(IPreferenceValueProvider vp, TypedPreference<IQuantity> p) {
        IQuantity q = vp.getPreferenceValue(p);
        if (q == null) q = p.getDefaultValue();
        if (q.getUnit().getContentType() == UnitLookup.PERCENTAGE) return q.doubleValueIn(UnitLookup.PERCENT_UNITY);
        if (q.getUnit().getContentType() == UnitLookup.TIMESPAN) return q.doubleValueIn(UnitLookup.NANOSECOND);
        return q.doubleValue();
    }

    static long longValue(IPreferenceValueProvider vp, TypedPreference<IQuantity> p) {
        return Math.round(value(vp, p));
    }
}
