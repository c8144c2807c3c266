package dev.jgil.report.render;

/**
 * A minimal streaming JSON writer. Strings are escaped so that the output is also safe inside an HTML
 * {@code <script>} element: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 become \\u escapes, so a
 * thread named {@code </script>} cannot close the element and no line separator breaks the script.
 */
public final class Json {
    private final StringBuilder sb;
    /** Per nesting level: whether the next value needs a comma before it. */
    private final boolean[] needComma = new boolean[64];
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
        needComma[++depth] = false;
        return this;
    }

    public Json endObject() {
        depth--;
        sb.append('}');
        return this;
    }

    public Json beginArray() {
        pre();
        sb.append('[');
        needComma[++depth] = false;
        return this;
    }

    public Json endArray() {
        depth--;
        sb.append(']');
        return this;
    }

    public Json name(String name) {
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
        sb.append(v);
        return this;
    }

    public Json value(double v) {
        pre();
        if (Double.isNaN(v) || Double.isInfinite(v)) sb.append("null");
        else if (v == Math.rint(v) && Math.abs(v) < 1e15) sb.append((long) v);
        else sb.append(v);
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

    /** A numeric array without per-element calls (timelines are long). */
    public Json array(long[] v) {
        pre();
        sb.append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(v[i]);
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
