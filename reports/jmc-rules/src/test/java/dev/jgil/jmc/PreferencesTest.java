package dev.jgil.jmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.schema.Thresholds;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.IRule;

/**
 * The two sides of one vocabulary, compared by reflection: every finding threshold of the schema is a preference of
 * some jgil rule, with its value as the default in its unit, and every jgil preference is one of them. A threshold
 * added to {@link Thresholds} without its preference, or a preference with a default of its own, fails here.
 */
class PreferencesTest {
    @Test
    void everyThresholdIsAPreferenceWithItsValueAsTheDefaultAndNothingElseIs() throws IllegalAccessException {
        Map<String, TypedPreference<?>> prefs = new HashMap<>();
        for (IRule rule : RulesOnFixturesTest.OURS) {
            for (TypedPreference<?> p : rule.getConfigurationAttributes()) {
                assertTrue(prefs.put(p.getIdentifier(), p) == null, "one preference per threshold: " + p.getIdentifier());
            }
        }
        Set<String> thresholds = new TreeSet<>();
        for (Field f : Thresholds.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || !Modifier.isFinal(m)) continue;
            thresholds.add(Preferences.PREFIX + f.getName());
            TypedPreference<?> p = prefs.get(Preferences.PREFIX + f.getName());
            assertNotNull(p, f.getName() + " has no preference in any jgil rule");
            IQuantity q = (IQuantity) p.getDefaultValue();
            double expected = ((Number) f.get(null)).doubleValue();
            String name = f.getName();
            double actual = name.endsWith("_FRACTION") ? q.doubleValueIn(UnitLookup.PERCENT_UNITY)
                    : name.endsWith("_NANOS") ? q.doubleValueIn(UnitLookup.NANOSECOND)
                    : q.doubleValueIn(UnitLookup.NUMBER_UNITY);
            assertTrue(name.endsWith("_FRACTION") || name.endsWith("_NANOS") || name.endsWith("_COUNT") || name.endsWith("_RATIO"),
                    name + ": a threshold's name carries its unit");
            assertEquals(expected, actual, 1e-12, name + ": the JMC default is the schema's value");
        }
        assertEquals(thresholds, new TreeSet<>(prefs.keySet()), "no jgil preference without a schema threshold");
    }
}
