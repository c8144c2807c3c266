package dev.jgil.report.render;

/**
 * A minimal streaming JSON writer. Strings are escaped so that the output is also safe inside an HTML
 * {@code <script>} element: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 become \\u escapes, so a
 * thread named {@code </script>} cannot close the element and no line separator breaks the script.
 *
 * <p>For tools (jq, JavaScript, Python): keys are identifiers (usable as {@code .key}, checked here), integral values
 * are written as integers, and no number exceeds 2^53 (JavaScript's exact integers): epoch instants are the caller's
 * to write as milliseconds or strings; a value that would still exceed it is written as a decimal string.
 */
public final class Json {
    private final StringBuilder sb;
    /** Per nesting level: whether the next value needs a comma before it. */
    /** Per open object/array: whether the next member needs a comma. Grows: the flame graph nests ~70 deep. */
    private boolean[] needComma = new boolean[64];
    private int depth;
    private boolean afterName;

    public Json(StringBuilder sb) {
        this.sb = sb;
    }

    public Json() {
        this(new StringBuilder());
    }

    private void pre() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (needComma[depth]) sb.append(',');
        needComma[depth] = true;
    }

    public Json beginObject() {
        pre();
        sb.append('{');
        open();
        return this;
    }

    private void open() {
        if (++depth == needComma.length) needComma = java.util.Arrays.copyOf(needComma, 2 * needComma.length);
        needComma[depth] = false;
    }

    public Json endObject() {
        depth--;
        sb.append('}');
        return this;
    }

    public Json beginArray() {
        pre();
        sb.append('[');
        open();
        return this;
    }

    public Json endArray() {
        depth--;
        sb.append(']');
        return this;
    }

    /** The largest integer a JSON number holds exactly in JavaScript (and jq): 2^53. */
    public static final long MAX_EXACT = 1L << 53;

    public Json name(String name) {
        if (!isIdentifier(name)) throw new IllegalArgumentException("JSON key must be an identifier: " + name);
        pre();
        quote(sb, name);
        sb.append(':');
        afterName = true;
        return this;
    }

    public Json value(String s) {
        pre();
        if (s == null) sb.append("null");
        else quote(sb, s);
        return this;
    }

    public Json value(long v) {
        pre();
        if (Math.abs(v) > MAX_EXACT) sb.append('"').append(v).append('"');
        else sb.append(v);
        return this;
    }

    /** A measured quantity: integral values as integers; beyond 2^53 as a decimal string; NaN and infinities as null. */
    public Json value(double v) {
        pre();
        if (Double.isNaN(v) || Double.isInfinite(v)) sb.append("null");
        else if (Math.abs(v) > MAX_EXACT) sb.append('"').append(new java.math.BigDecimal(v).toBigInteger()).append('"');
        else if (v == Math.rint(v)) sb.append((long) v);
        else sb.append(v);
        return this;
    }

    /** Null for absent values ({@code -1} never stands for "unknown" in this document). */
    public Json nullValue() {
        pre();
        sb.append("null");
        return this;
    }

    /** A key a tool can use without bracket syntax: letters, digits and underscores, not starting with a digit. */
    static boolean isIdentifier(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
        }
        return true;
    }

    /** A number already spelled as JSON (the caller's to make valid). */
    Json raw(String number) {
        pre();
        sb.append(number);
        return this;
    }

    public Json value(boolean v) {
        pre();
        sb.append(v);
        return this;
    }

    public Json field(String name, String v) {
        return name(name).value(v);
    }

    public Json field(String name, long v) {
        return name(name).value(v);
    }

    public Json field(String name, double v) {
        return name(name).value(v);
    }

    public Json field(String name, boolean v) {
        return name(name).value(v);
    }

    /** A nanosecond quantity held as a double (a sum of fraction × interval): written as an integer of ns. */
    public Json nanos(String name, double v) {
        return name(name).value(Double.isFinite(v) ? (double) Math.round(v) : v);
    }

    /** An epoch instant: {@code <name>EpochMillis} (a number) and {@code <name>Time} (ISO-8601, exact to the ns). */
    public Json instant(String name, long epochNanos) {
        name(name + "EpochMillis").value(Math.floorDiv(epochNanos, 1_000_000L));
        return name(name + "Time").value(java.time.Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)).toString());
    }

    /** A count or nanos, or null when unknown (negative). */
    public Json fieldOrNull(String name, long v) {
        name(name);
        return v < 0 ? nullValue() : value(v);
    }

    /** A numeric array without per-element calls (timelines are long). */
    public Json array(long[] v) {
        pre();
        sb.append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(',');
            if (Math.abs(v[i]) > MAX_EXACT) sb.append('"').append(v[i]).append('"');
            else sb.append(v[i]);
        }
        sb.append(']');
        return this;
    }

    public Json array(short[] v) {
        pre();
        sb.append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(v[i]);
        }
        sb.append(']');
        return this;
    }

    public StringBuilder builder() {
        return sb;
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '<': sb.append("\\u003c"); break;
                case '>': sb.append("\\u003e"); break;
                case '&': sb.append("\\u0026"); break;
                case '\u2028': sb.append("\\u2028"); break;
                case '\u2029': sb.append("\\u2029"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        sb.append('"');
    }
}
