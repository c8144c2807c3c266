package dev.jgil.demo.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine-readable line every demo prints beside its table:
 * {@code RESULT demo=<name> gil=<off|switch|ticks|fifo> key=value ...} (values never contain spaces).
 * {@code demo-apps/fidelity.sh} and the integration tests parse these, never the prose.
 */
public final class Result {
    private Result() {
    }

    public static void print(String demo, Object... keyValues) {
        StringBuilder b = new StringBuilder("RESULT demo=").append(demo);
        boolean hasGil = false;
        for (int i = 0; i + 1 < keyValues.length; i += 2) if ("gil".equals(keyValues[i])) hasGil = true;
        if (!hasGil) b.append(" gil=").append(Jvm.gilLabel());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            String s = v instanceof Double ? Stats.f("%.4g", (Double) v) : String.valueOf(v);
            b.append(' ').append(keyValues[i]).append('=').append(s.replace(' ', '_'));
        }
        System.out.println(b);
    }

    public static Map<String, String> parse(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String tok : line.trim().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq > 0) m.put(tok.substring(0, eq), tok.substring(eq + 1));
        }
        return m;
    }
}
