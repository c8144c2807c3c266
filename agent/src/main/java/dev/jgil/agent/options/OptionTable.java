package dev.jgil.agent.options;

import dev.jgil.agent.options.OptionSpec.Parser;
import dev.jgil.recording.RecordingOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every agent option, with its default and description. This table is the single source for parsing,
 * validation and {@code --help}: to add an option (e.g. {@code jfr=}), add one {@link OptionSpec}
 * constant below and {@link #register} it in {@link #ALL}'s initializer.
 *
 * <p>The policy names are deliberately duplicated from {@code GilPolicy.NAMES} instead of referenced:
 * this class runs in the attach CLI and before the runtime is on the bootstrap class path, and must
 * not load any {@code dev.jgil.runtime} class.
 */
public final class OptionTable {
    public static final String POLICY_NAMES = "switch|ticks|fifo|off";

    private static final Map<String, OptionSpec<?>> BY_KEY = new LinkedHashMap<>();

    public static final OptionSpec<List<Glob>> INCLUDE = register(OptionSpec.of("include", "",
            "globs",
            "Designated code: " + Glob.SYNTAX + ".", Glob::parseList));
    public static final OptionSpec<List<Glob>> EXCLUDE = register(OptionSpec.of("exclude", "",
            "globs",
            "Never designated, even if include= or annotation= selects it. Same syntax as include=.",
            Glob::parseList));
    public static final OptionSpec<List<String>> ANNOTATION = register(OptionSpec.of("annotation", "",
            "annotation class names",
            "Fully qualified annotation names separated by ';': annotated methods, and all methods of "
                    + "annotated classes, are designated (CLASS or RUNTIME retention).",
            OptionTable::parseClassNames));
    public static final OptionSpec<List<Glob>> RELEASE = register(OptionSpec.of("release", "",
            "globs",
            "Methods that run with the GIL released even when called from designated code (like a C "
                    + "extension dropping the GIL); the caller takes it back at its next checkpoint. "
                    + "Same syntax as include=; JDK classes are not supported.", OptionTable::parseReleaseGlobs));
    public static final OptionSpec<String> POLICY = register(OptionSpec.of("policy", "switch",
            POLICY_NAMES,
            "How the GIL changes hands: switch (CPython >= 3.2 switch interval), ticks (CPython <= 3.1 "
                    + "check interval), fifo (hand-off in arrival order), off (no lock, only accounting).",
            OptionTable::parsePolicy));
    public static final OptionSpec<Long> INTERVAL = register(OptionSpec.of("interval", "5ms",
            "duration (ns|us|ms|s, >= 1us)",
            "Switch interval: how long a waiter waits before asking the holder to drop (switch, fifo).",
            Durations::parseNanos));
    public static final OptionSpec<Integer> CHECK_INTERVAL = register(OptionSpec.of("checkinterval", "100",
            "integer >= 1",
            "Checkpoints between drops under policy=ticks.", OptionTable::parsePositiveInt));
    public static final OptionSpec<Boolean> STRICT = register(OptionSpec.of("strict", "false",
            "true|false",
            "On a bad option, stop the JVM with exit status 2 instead of running without jgil.",
            OptionTable::parseBoolean));
    public static final OptionSpec<Boolean> VERBOSE = register(OptionSpec.of("verbose", "false",
            "true|false",
            "Print the configuration and every woven class on stderr.", OptionTable::parseBoolean));
    public static final OptionSpec<Boolean> JMX = register(OptionSpec.of("jmx", "true",
            "true|false",
            "Register the MBean dev.jgil:type=Gil (what jgil set and JConsole use to change policy and interval "
                    + "at run time). It is registered on a background thread, which starts the platform MBean server; "
                    + "false for apps that must configure JMX or java.util.logging themselves first.",
            OptionTable::parseBoolean));
    public static final OptionSpec<String> CONFIG = register(OptionSpec.of("config", "",
            "file path",
            "Read options from a file: one key=value per line; '#' at the start of a line or after a "
                    + "space starts a comment. Options apply in order, later ones override earlier ones.", OptionTable::parsePath));
    public static final OptionSpec<Boolean> CHECKPOINTS = register(OptionSpec.internal("checkpoints", "true",
            "true|false",
            "Weave checkpoints (back-edges, after calls, after monitorenter). false is for measuring "
                    + "their cost only: the holder then never drops the GIL voluntarily.",
            OptionTable::parseBoolean));

    /**
     * The recording's options (jfr=, jfr.settings=, hlog=, summary=, report=, ...), owned and validated
     * by {@code dev.jgil.recording.RecordingOptions}: registered here so that they parse, fail and show
     * in {@code --help} exactly like the GIL's own options. Their values stay text; the recording
     * parses them.
     */
    public static final List<OptionSpec<String>> RECORDING = registerRecordingOptions();

    /** All options in table order. */
    public static final List<OptionSpec<?>> ALL = Collections.unmodifiableList(new ArrayList<>(BY_KEY.values()));

    private OptionTable() {
    }

    private static List<OptionSpec<String>> registerRecordingOptions() {
        Map<String, String> syntax = Map.of(
                RecordingOptions.JFR, "file|off", RecordingOptions.JFR_SETTINGS, "default|trace|<file.jfc>",
                RecordingOptions.JFR_JDK, "default|profile|none", RecordingOptions.HLOG, "file|off",
                RecordingOptions.SUMMARY, "on|off", RecordingOptions.PRINT, "duration|off",
                RecordingOptions.STATS_PERIOD, "duration", RecordingOptions.SAMPLE_PERIOD, "duration",
                RecordingOptions.REPORT, "file|off", RecordingOptions.ACCOUNTING, "default|trace");
        List<OptionSpec<String>> out = new ArrayList<>();
        for (RecordingOptions.OptionSpec r : RecordingOptions.SPECS) {
            out.add(register(OptionSpec.of(r.key, r.defaultValue.replace(RecordingOptions.PID_PLACEHOLDER, "<pid>"),
                    syntax.getOrDefault(r.key, "see description"), r.description, text -> {
                        try {
                            r.validator.validate(text.trim());
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(syntax.getOrDefault(r.key, e.getMessage()));
                        }
                        return text.trim();
                    })));
        }
        return Collections.unmodifiableList(out);
    }

    private static <T> OptionSpec<T> register(OptionSpec<T> spec) {
        if (BY_KEY.put(spec.key(), spec) != null) throw new IllegalStateException("duplicate option " + spec.key());
        // Every default must itself be valid: the table documents them.
        if (!spec.defaultText().isEmpty()) spec.parse(spec.defaultText());
        return spec;
    }

    /** The option with this key, or null. */
    public static OptionSpec<?> byKey(String key) {
        return BY_KEY.get(key);
    }

    /** {@code include|exclude|...}: for "unknown option" errors. */
    public static String keyList() {
        return String.join("|", BY_KEY.keySet());
    }

    // ---- parsers ----

    static String parsePolicy(String s) {
        String p = s.trim().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(POLICY_NAMES.split("\\|")).contains(p)) throw new IllegalArgumentException(POLICY_NAMES);
        return p;
    }

    static Boolean parseBoolean(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: throw new IllegalArgumentException("true|false");
        }
    }

    static Integer parsePositiveInt(String s) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= 1) return v;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("an integer >= 1");
    }

    static String parsePath(String s) {
        if (s.trim().isEmpty()) throw new IllegalArgumentException("a file path");
        return s.trim();
    }

    static List<String> parseClassNames(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(";")) {
            String n = part.trim();
            if (n.isEmpty()) continue;
            boolean ok = !n.startsWith(".") && !n.endsWith(".") && !n.contains("..");
            for (int i = 0; ok && i < n.length(); i++) {
                char c = n.charAt(i);
                ok = Character.isJavaIdentifierPart(c) || c == '.';
            }
            if (!ok) throw new IllegalArgumentException("fully qualified annotation names like com.acme.Designated, "
                    + "separated by ';'");
            out.add(n);
        }
        return Collections.unmodifiableList(out);
    }

    static List<Glob> parseReleaseGlobs(String s) {
        List<Glob> globs = Glob.parseList(s);
        for (Glob g : globs) {
            String c = g.classGlob();
            if (c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("com.sun.") || c.startsWith("*")) {
                throw new IllegalArgumentException(Glob.SYNTAX + "; JDK classes cannot be release zones yet");
            }
        }
        return globs;
    }

    /** The {@code --help} text, generated from the table. */
    public static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Options (-javaagent:jgil-agent.jar=key=value,key=value or config=FILE):\n");
        appendRows(sb, false);
        sb.append("\nFor measurements and diagnostics:\n");
        appendRows(sb, true);
        return sb.toString();
    }

    private static void appendRows(StringBuilder sb, boolean internal) {
        for (OptionSpec<?> o : ALL) {
            if (o.isInternal() != internal) continue;
            sb.append("  ").append(o.key()).append('=').append('<').append(o.syntax()).append('>');
            sb.append("  (default: ").append(o.defaultText().isEmpty() ? "none" : o.defaultText()).append(")\n");
            sb.append(wrap(o.description(), "      ", 96));
        }
    }

    private static String wrap(String text, String indent, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) line.append(' ');
            line.append(word);
        }
        return out.append(line).append('\n').toString();
    }
}
