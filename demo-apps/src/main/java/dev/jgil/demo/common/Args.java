package dev.jgil.demo.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny flag parser for the demos: {@code --name value} flags with defaults, {@code --help}, and a
 * one-line error with exit status 2 on anything it does not know.
 */
public final class Args {
    private final String demo;
    private final String synopsis;
    private final Map<String, String[]> flags = new LinkedHashMap<>(); // name -> {default, help}
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> switches = new ArrayList<>();

    public Args(String demo, String synopsis) {
        this.demo = demo;
        this.synopsis = synopsis;
    }

    public Args flag(String name, String defaultValue, String help) {
        flags.put(name, new String[] {defaultValue, help});
        return this;
    }

    /** A boolean flag without a value. */
    public Args bool(String name, String help) {
        switches.add(name);
        flags.put(name, new String[] {null, help});
        return this;
    }

    public Args parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage());
                leave(0);
            }
            String name = a.startsWith("--") ? a.substring(2) : null;
            String inline = null;
            if (name != null && name.contains("=")) {
                inline = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            }
            if (name == null || !flags.containsKey(name)) {
                fail("unknown argument '" + a + "' (valid: " + validFlags() + "; --help for details)");
            }
            if (switches.contains(name)) {
                values.put(name, inline == null ? "true" : inline);
                continue;
            }
            if (inline != null) {
                values.put(name, inline);
            } else {
                if (i + 1 >= args.length) fail("--" + name + " needs a value");
                values.put(name, args[++i]);
            }
        }
        return this;
    }

    public String str(String name) {
        String v = values.get(name);
        return v != null ? v : flags.get(name)[0];
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean bool(String name) {
        String v = values.get(name);
        return v != null && !v.equals("false");
    }

    public long count(String name, long min) {
        String v = str(name);
        long n;
        try {
            n = Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw fail("--" + name + " must be an integer, got '" + v + "'");
        }
        if (n < min) fail("--" + name + " must be >= " + min + ", got " + n);
        return n;
    }

    public int integer(String name, int min) {
        long n = count(name, min);
        if (n > Integer.MAX_VALUE) fail("--" + name + " is too large: " + n);
        return (int) n;
    }

    public int[] integers(String name, int min) {
        String[] parts = str(name).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw fail("--" + name + " must be a comma-separated list of integers, got '" + str(name) + "'");
            }
            if (out[i] < min) fail("--" + name + " values must be >= " + min + ", got " + out[i]);
        }
        return out;
    }

    /** A duration like 5ms, 100us, 2s, 250ns in nanoseconds. */
    public long nanos(String name) {
        return parseNanos(name, str(name));
    }

    public long[] nanosList(String name) {
        String[] parts = str(name).split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = parseNanos(name, parts[i].trim());
        return out;
    }

    public String choice(String name, String... valid) {
        String v = str(name);
        for (String c : valid) if (c.equals(v)) return v;
        throw fail("--" + name + " must be one of " + String.join(", ", valid) + ", got '" + v + "'");
    }

    private long parseNanos(String name, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long unit;
        String num;
        if (s.endsWith("ns")) { unit = 1; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("us") || s.endsWith("µs")) { unit = 1_000; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("ms")) { unit = 1_000_000; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("s")) { unit = 1_000_000_000; num = s.substring(0, s.length() - 1); }
        else throw fail("--" + name + " needs a unit (ns, us, ms, s), got '" + v + "'");
        try {
            double d = Double.parseDouble(num);
            if (d <= 0) throw fail("--" + name + " must be positive, got '" + v + "'");
            return Math.round(d * unit);
        } catch (NumberFormatException e) {
            throw fail("--" + name + " must be a duration like 5ms or 100us, got '" + v + "'");
        }
    }

    public RuntimeException fail(String message) {
        System.err.println(demo + ": " + message);
        leave(2);
        return new IllegalStateException(message); // not reached
    }

    /**
     * Help and usage errors did no work: halt, so that an attached agent's exit hooks write no
     * recording or report of a run that did not happen (System.exit would run them).
     */
    private static void leave(int status) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private String validFlags() {
        List<String> names = new ArrayList<>();
        for (String f : flags.keySet()) names.add("--" + f);
        names.add("--help");
        return String.join(", ", names);
    }

    public String usage() {
        StringBuilder b = new StringBuilder();
        b.append(synopsis.strip()).append("\n\nOptions:\n");
        for (Map.Entry<String, String[]> e : flags.entrySet()) {
            String[] d = e.getValue();
            String head = "  --" + e.getKey() + (switches.contains(e.getKey()) ? "" : " <value>");
            b.append(String.format(Locale.ROOT, "%-28s %s%s%n", head, d[1],
                    d[0] == null ? "" : " (default: " + d[0] + ")"));
        }
        b.append(String.format(Locale.ROOT, "%-28s %s%n", "  --help", "this text"));
        return b.toString();
    }
}
