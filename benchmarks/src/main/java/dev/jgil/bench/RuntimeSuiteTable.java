package dev.jgil.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the one Markdown table: each figure beside its same-run baseline, the ratio (or the
 * difference, for the nested figure) with its propagated error, the target, and whether it is met.
 *
 * <p>Inputs: JMH's JSON result file ({@code -rf json -rff FILE}) and the TSV written by
 * {@link HandOffLatency}. Either may be missing; its rows then say so.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.jgil.bench.RuntimeSuiteTable JMH.json [HANDOFF.tsv]}
 */
public final class RuntimeSuiteTable {
    static final String B = "dev.jgil.bench.";

    /** A score with its 99.9% error half-width (NaN when unknown). */
    record Score(double score, double error, String unit, double pairedRatio, double pairedRatioError) {
        Score(double score, double error, String unit) {
            this(score, error, unit, Double.NaN, Double.NaN);
        }

        String show() {
            String e = Double.isNaN(error) ? "" : String.format(Locale.ROOT, " ± %s", num(error));
            return num(score) + e + " " + unit;
        }
    }

    private final Map<String, Score> jmh = new LinkedHashMap<>();
    private final Map<String, Score> handOff = new LinkedHashMap<>();
    private String probe;

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RuntimeSuiteTable JMH.json [HANDOFF.tsv]");
            System.exit(2);
        }
        RuntimeSuiteTable t = new RuntimeSuiteTable();
        Path json = Path.of(args[0]);
        if (Files.exists(json)) t.readJmh(Files.readString(json, StandardCharsets.UTF_8));
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            t.readHandOff(Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8));
        }
        t.print(System.out);
    }

    /** Reads JMH's JSON: an array of results with {@code benchmark} and {@code primaryMetric}. */
    @SuppressWarnings("unchecked")
    void readJmh(String text) {
        Object root = new Json(text).parse();
        for (Object o : (List<Object>) root) {
            Map<String, Object> r = (Map<String, Object>) o;
            Map<String, Object> pm = (Map<String, Object>) r.get("primaryMetric");
            jmh.put((String) r.get("benchmark"),
                    new Score(number(pm.get("score")), number(pm.get("scoreError")), (String) pm.get("scoreUnit")));
        }
    }

    void readHandOff(List<String> lines) {
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length < 3) continue;
            if (f[1].equals("probe")) {
                probe = f[2];
                continue;
            }
            double pr = f.length > 8 ? Double.parseDouble(f[7]) : Double.NaN;
            double pre = f.length > 8 ? Double.parseDouble(f[8]) : Double.NaN;
            handOff.put(f[0] + "/" + f[1], new Score(Double.parseDouble(f[2]), Double.parseDouble(f[3]), "µs", pr, pre));
        }
    }

    Score jmh(String name) {
        return jmh.get(B + name);
    }

    void print(PrintStream out) {
        out.println("| figure | jgil (score ± error) | baseline (score ± error) | ratio | target | met? |");
        out.println("|---|---|---|---|---|---|");
        ratio(out, "uncontended outermost enter+exit, default accounting",
                jmh("UncontendedEnterExitBenchmark.gilEnterExit"), "ReentrantLock lock/unlock",
                jmh("UncontendedEnterExitBenchmark.reentrantLock"), 1.2);
        ratio(out, "uncontended outermost enter+exit, trace accounting (hold → Histogram)",
                jmh("TraceAccountingEnterExitBenchmark.gilTraceEnterExit"),
                "ReentrantLock + 2× nanoTime + Histogram.recordValue",
                jmh("TraceAccountingEnterExitBenchmark.reentrantLockTimedRecord"), 1.2);
        difference(out, "nested (reentrant) enter+exit around an opaque call",
                jmh("NestedEnterExitBenchmark.gilNestedEnterExit"), "the opaque (DONT_INLINE empty) call alone",
                jmh("NestedEnterExitBenchmark.emptyCall"), 3.0);
        ratio(out, "checkpoint fast path (owner, nobody waits)",
                jmh("CheckpointBenchmark.checkpoint"), "volatile boolean read + branch",
                jmh("CheckpointBenchmark.volatileBooleanRead"), 1.5);
        ratio(out, "checkpoint fast path, 100 in a loop (per checkpoint)",
                jmh("CheckpointBenchmark.checkpointLoop"), "volatile boolean read + branch, same loop",
                jmh("CheckpointBenchmark.volatileBooleanReadLoop"), 1.5);
        for (String v : List.of("gil switch", "gil fifo (no watchdog)", "gil switch (no watchdog)")) {
            String label = v.startsWith("gil switch (") ? "gil switch, watchdog off (diagnostic)" : v;
            Double target = v.equals("gil switch (no watchdog)") ? null : 1.3;
            ratio(out, "contended hand-off latency, median: " + label, handOff.get(v + "/median"),
                    "park/unpark one-way", handOff.get("park/unpark/median"), target);
            ratio(out, "contended hand-off latency, p99: " + label, handOff.get(v + "/p99"),
                    "park/unpark one-way", handOff.get("park/unpark/p99"), null);
        }
        ratio(out, "diagnostic: baseline with a timed park (parkNanos 5 ms, as the GIL head waiter)",
                handOff.get("park/unpark (timed)/median"), "park/unpark one-way (untimed park)",
                handOff.get("park/unpark/median"), null);
        reference(out, "reference: System.nanoTime()", jmh("UncontendedEnterExitBenchmark.nanoTime"));
        reference(out, "reference: CAS token acquire + release (AtomicReference)",
                jmh("UncontendedEnterExitBenchmark.casToken"));
        reference(out, "reference: ReentrantLock lock/unlock", jmh("UncontendedEnterExitBenchmark.reentrantLock"));
        reference(out, "reference: ThreadLocal.get() (what every outermost enter pays)",
                jmh("UncontendedEnterExitBenchmark.threadLocalGet"));
        if (probe != null) {
            out.println("| fifo as shipped (watchdog on), " + "hang probe | " + probe.replace("|", "/")
                    + " | | | completes | " + (probe.startsWith("HUNG") ? "**no**" : "yes") + " |");
        }
    }

    private static void reference(PrintStream out, String figure, Score s) {
        out.println("| " + figure + " | | " + (s == null ? "not run" : s.show()) + " | | | |");
    }

    private static void ratio(PrintStream out, String figure, Score a, String baseline, Score b, Double target) {
        String t = target == null ? "(report)" : "≤ " + num(target) + "×";
        if (a == null || b == null) {
            out.println("| " + figure + " | " + show(a) + " | " + baseline + ": " + show(b) + " | | " + t + " | not run |");
            return;
        }
        double r = a.score / b.score;
        double er = r * Math.sqrt(sq(rel(a)) + sq(rel(b)));
        String how = "";
        if (!Double.isNaN(a.pairedRatio)) { // hand-off: per-round paired ratio, robust to drift
            r = a.pairedRatio;
            er = a.pairedRatioError;
            how = " (paired)";
        }
        String met = target == null ? "—" : verdict(r, er, target);
        out.println("| " + figure + " | " + a.show() + " | " + baseline + ": " + b.show() + " | "
                + num(r) + (Double.isNaN(er) ? "" : " ± " + num(er)) + "×" + how + " | " + t + " | " + met + " |");
    }

    private static void difference(PrintStream out, String figure, Score a, String baseline, Score b, double target) {
        String t = "≤ " + num(target) + " ns extra";
        if (a == null || b == null) {
            out.println("| " + figure + " | " + show(a) + " | " + baseline + ": " + show(b) + " | | " + t + " | not run |");
            return;
        }
        double d = a.score - b.score;
        double ed = Math.sqrt(sq(a.error) + sq(b.error));
        out.println("| " + figure + " | " + a.show() + " | " + baseline + ": " + b.show() + " | +"
                + num(d) + (Double.isNaN(ed) ? "" : " ± " + num(ed)) + " ns | " + t + " | " + verdict(d, ed, target)
                + " |");
    }

    /** yes / no when the whole error interval agrees, otherwise say it is within the noise. */
    static String verdict(double value, double error, double target) {
        boolean met = value <= target;
        if (Double.isNaN(error)) return met ? "yes (no error estimate)" : "**no** (no error estimate)";
        if (met) return value + error <= target ? "yes" : "yes (within error)";
        return value - error > target ? "**no**" : "no (within error)";
    }

    private static String show(Score s) {
        return s == null ? "not run" : s.show();
    }

    private static double rel(Score s) {
        return s.error / s.score;
    }

    private static double sq(double x) {
        return x * x;
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        double a = Math.abs(v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static double number(Object o) {
        if (o instanceof Number) return ((Number) o).doubleValue();
        if (o instanceof String) {
            try {
                return Double.parseDouble((String) o); // JMH writes "NaN" as a string
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** Just enough JSON for JMH's result file: objects, arrays, strings, numbers, literals. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object parse() {
            Object v = value();
            ws();
            if (i != s.length()) throw error("trailing characters");
            return v;
        }

        private Object value() {
            ws();
            if (i >= s.length()) throw error("unexpected end");
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default: return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (peek() == '}') {
                i++;
                return m;
            }
            for (;;) {
                ws();
                String k = string();
                ws();
                expect(':');
                m.put(k, value());
                ws();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++;
            ws();
            if (peek() == ']') {
                i++;
                return l;
            }
            for (;;) {
                l.add(value());
                ws();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return l;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            for (;;) {
                if (i >= s.length()) throw error("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u':
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default: b.append(e);
                }
            }
        }

        private Double number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            if (start == i) throw error("unexpected character '" + s.charAt(i) + "'");
            return Double.parseDouble(s.substring(start, i));
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) throw error("bad literal");
            i += word.length();
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            i++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at offset " + i);
        }
    }
}
