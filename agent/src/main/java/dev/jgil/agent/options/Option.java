package dev.jgil.agent.options;

import dev.jgil.schema.Durations;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One row of the option table: key, default, syntax, help text, and the parser that sets the
 * {@link AgentOptions} field. {@link #TABLE} is the only place an option is declared: to add one, add a
 * field to {@link AgentOptions} and a row here.
 *
 * <p>This class runs in the attach command line and before the runtime is in the bootstrap loader:
 * it must not load any {@code dev.jgil.runtime} class.
 */
public final class Option {
    /**
     * Sets the field from the text; throws {@link IllegalArgumentException} whose message is the valid
     * syntax. The table's setters are anonymous classes, not lambdas: they run in premain, where each
     * lambda costs the JVM a class spun at run time (23 of them took a third of the agent's option
     * parsing); a small class read from the jar is cheaper.
     */
    interface Setter {
        void set(AgentOptions o, String text);
    }

    public final String key;
    /** The default as the user would write it ({@code ""} for none); it must parse. */
    public final String defaultText;
    /** The valid values, shown in errors and {@code --help}. */
    public final String syntax;
    public final String help;
    /** For measurements and diagnostics: listed under its own heading. */
    public final boolean internal;
    final Setter setter;

    private Option(String key, String defaultText, String syntax, String help, boolean internal, Setter setter) {
        this.key = key;
        this.defaultText = defaultText;
        this.syntax = syntax;
        this.help = help;
        this.internal = internal;
        this.setter = setter;
    }

    private static Option of(String key, String dflt, String syntax, String help, Setter setter) {
        return new Option(key, dflt, syntax, help, false, setter);
    }

    static final long MIN_INTERVAL_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final String PID_FILE = "jgil-" + AgentOptions.PID_PLACEHOLDER;

    /** Every option, in help order. */
    public static final List<Option> TABLE = List.of(
            of("include", "", "globs", "Designated code: " + Glob.SYNTAX + ".",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.include = Glob.parseList(v); } }),
            of("exclude", "", "globs", "Never designated, even if include= or annotation= selects it. Same syntax as include=.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.exclude = Glob.parseList(v); } }),
            of("annotation", "", "annotation class names", "Fully qualified annotation names separated by ';': "
                    + "annotated methods, and all methods of annotated classes, are designated (CLASS or RUNTIME retention).",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.annotation = AgentOptions.classNames(v); } }),
            of("release", "", "globs", "Methods that run with the GIL released even when called from designated code "
                    + "(like a C extension dropping the GIL); the caller takes it back at its next checkpoint. Same syntax "
                    + "as include=; JDK classes are not supported.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.release = AgentOptions.releaseGlobs(v); } }),
            of("policy", Names.SWITCH, Names.POLICY_SYNTAX, "How the GIL changes hands: switch (CPython >= 3.2 switch "
                    + "interval), ticks (CPython <= 3.1 check interval), fifo (hand-off in arrival order), priority (switch, "
                    + "but a thread back from a blocking call takes the GIL at the holder's next checkpoint), bfs (the "
                    + "waiter with the least recent GIL time goes first), off (no lock, only accounting).",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.policy = AgentOptions.policyName(v); } }),
            of("interval", "5ms", "duration (ns|us|ms|s, >= 1us)", "Switch interval: how long a waiter waits before "
                    + "asking the holder to drop (switch, fifo, priority, bfs).",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.intervalNanos = AgentOptions.duration(v, MIN_INTERVAL_NANOS); } }),
            of("checkinterval", "100", "integer >= 1", "Checkpoints between drops under policy=ticks.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.checkInterval = AgentOptions.positiveInt(v); } }),
            of("strict", "false", "true|false", "On a bad option, stop the JVM with exit status 2 instead of running "
                    + "without jgil.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.strict = AgentOptions.bool(v, "true", "false"); } }),
            of("verbose", "false", "true|false", "Print the configuration and every woven class on stderr.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.verbose = AgentOptions.bool(v, "true", "false"); } }),
            of("jmx", "true", "true|false", "Register the MBean " + Names.MBEAN + " (what jgil set and JConsole use to "
                    + "change policy and interval at run time). It is registered when the platform MBean server is first "
                    + "made (jgil top/set through attach, JConsole, the app); jgil does not make it (it would cost every "
                    + "thread start about 7 %). false for apps that set javax.management.builder.initial or must configure "
                    + "JMX or java.util.logging themselves first.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.jmx = AgentOptions.bool(v, "true", "false"); } }),
            of("config", "", "file path", "Read options from a file: one key=value per line; '#' at the start of a line "
                    + "or after a space starts a comment. Options apply in order, later ones override earlier ones.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { } }), // read by OptionParser, which applies the file's pairs in its place
            of("record", "on", "on|off", "off: no files and no exit summary (jfr, hlog, report and summary default to "
                    + "off; naming one keeps it); statistics still run for jgil top, which records only while it watches.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.record = AgentOptions.bool(v, "on", "off"); } }),
            of("jfr", PID_FILE + ".jfr", "file|off", "JFR file jgil records to (written at exit, also on "
                    + "System.exit/SIGTERM/SIGINT), or off.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.jfrFile = AgentOptions.fileOrOff(v); } }),
            of("jfr.settings", Schema.SETTINGS_DEFAULT, "default|trace|<file.jfc>", "jgil event settings: default "
                    + "(1 ms thresholds), trace (every wait/hold; implies accounting=trace) or a .jfc path (used as is, "
                    + "JDK events included only if it names them).",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.jfrSettings = AgentOptions.jfrSettings(v); } }),
            of("jfr.jdk", "default", "default|profile|none", "JDK events merged into jgil's recording with a preset: "
                    + "default (~1% cost), profile, or none.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.jfrJdk = AgentOptions.oneOf(v, "default", "profile", "none"); } }),
            of("hlog", PID_FILE + ".hlog", "file|off", "HdrHistogram interval log of wait and hold times (ns, tags "
                    + "wait/hold), or off.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.hlogFile = AgentOptions.fileOrOff(v); } }),
            of("report", PID_FILE + ".html", "file|off", "Self-contained HTML report written at exit from the "
                    + "recording (needs jfr on), or off.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.reportFile = AgentOptions.fileOrOff(v); } }),
            of("out", "", "directory", "Directory for the files whose names are relative (jfr, hlog, report; "
                    + "default names keep the pid, jgil-<pid>.jfr), made if missing; default: the working directory.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.outDir = AgentOptions.directory(v); } }),
            of("summary", "on", "on|off", "Print a gil_load-style summary on stderr at exit.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.summary = AgentOptions.bool(v, "on", "off"); } }),
            of("print", "off", "duration|off", "Also print the load on stderr every <duration> (e.g. 10s), or off.",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.printPeriodNanos = v.equals("off") ? 0 : AgentOptions.duration(v, 1); } }),
            of("stats.period", "1s", "duration", "Length of a statistics interval (jgil.Statistics, .hlog line, one "
                    + "jgil top screen).",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.statsPeriodNanos = AgentOptions.duration(v, 1); } }),
            of("sample.period", "1ms", "duration", "Period of the held/wait sampler (gil_load style).",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.samplePeriodNanos = AgentOptions.duration(v, 1); } }),
            of("accounting", "default", "default|trace", "default: time only contended waits and the holds after them "
                    + "(held fraction sampled); trace: time every hold (exact, two clock reads per acquisition).",
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.traceAccounting = AgentOptions.oneOf(v, "default", "trace").equals("trace"); } }),
            new Option("checkpoints", "true", "true|false", "Weave checkpoints (back-edges, after calls, after "
                    + "monitorenter). false is for measuring their cost only: the holder then never drops the GIL "
                    + "voluntarily.", true,
                    new Setter() { @Override public void set(AgentOptions o, String v) { o.checkpoints = AgentOptions.bool(v, "true", "false"); } }));

    private static final Map<String, Option> BY_KEY = index();

    private static Map<String, Option> index() {
        Map<String, Option> m = new LinkedHashMap<>();
        for (Option o : TABLE) {
            if (m.put(o.key, o) != null) throw new IllegalStateException("duplicate option " + o.key);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The option with this key, or null. */
    public static Option byKey(String key) {
        return BY_KEY.get(key);
    }

    /** {@code include|exclude|...}: for "unknown option" errors. */
    public static String keyList() {
        return String.join("|", BY_KEY.keySet());
    }

    /** The one wording of a bad value, wherever it is found (agent arguments, config file, jgil set, MBean). */
    static String badValue(Option o, String text, IllegalArgumentException e) {
        return "bad value '" + text + "' for " + o.key + " (valid: " + e.getMessage() + ")";
    }

    static String unknown(String key) {
        return "unknown option '" + key + "' (valid: " + keyList() + ", " + GroupOption.SYNTAX + ")";
    }

    /** The default as {@code --help} shows it: {@code jgil-<pid>.jfr}. */
    public String defaultForHelp() {
        return defaultText.isEmpty() ? "none" : defaultText.replace(AgentOptions.PID_PLACEHOLDER, "<pid>");
    }

    /** The {@code --help} text, generated from the table. */
    public static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Options (-javaagent:jgil-agent.jar=key=value,key=value or config=FILE):\n");
        appendRows(sb, false);
        sb.append("  ").append(GroupOption.SYNTAX).append('\n').append(wrap(GroupOption.HELP, "      ", 96));
        sb.append("\nFor measurements and diagnostics:\n");
        appendRows(sb, true);
        sb.append("\nDurations are a number and a unit: ").append(Durations.SYNTAX).append(".\n");
        return sb.toString();
    }

    private static void appendRows(StringBuilder sb, boolean internal) {
        for (Option o : TABLE) {
            if (o.internal != internal) continue;
            sb.append("  ").append(o.key).append("=<").append(o.syntax).append(">  (default: ")
                    .append(o.defaultForHelp()).append(")\n");
            sb.append(wrap(o.help, "      ", 96));
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

    /** Keys in table order (for tests). */
    public static List<String> keys() {
        return new ArrayList<>(BY_KEY.keySet());
    }

    @Override
    public String toString() {
        return key;
    }
}
