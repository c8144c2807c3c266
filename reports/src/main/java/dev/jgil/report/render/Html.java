package dev.jgil.report.render;

/** Escaping for HTML text and (double- or single-quoted) attribute values. */
public final class Html {
    private Html() {
    }

    /** Safe in element content and in quoted attribute values. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                case '`': sb.append("&#96;"); break;
                default:
                    // Control characters other than tab/newline have no business in a name: show them.
                    if (c < 0x20 && c != '\t' && c != '\n') sb.append("&#").append((int) 0x2400 + c).append(';');
                    else sb.append(c);
            }
        }
        return sb.toString();
    }
}
