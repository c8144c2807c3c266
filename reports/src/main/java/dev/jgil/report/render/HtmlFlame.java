package dev.jgil.report.render;

import static dev.jgil.report.render.Html.escape;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.SiteFlame;
import dev.jgil.schema.Format;
import java.util.Locale;

/**
 * The contended sites as an icicle graph ({@link SiteFlame}): nested boxes, each child placed in percent of its
 * parent, so the page needs no script to draw it; {@code flame.js} adds the search and the tooltip. Every frame name
 * is escaped; the tooltip text is written here ({@code data-tip}) so it uses the report's number formats.
 */
final class HtmlFlame {
    /** Height of one frame row, px (report.css's .fg rows must agree). */
    static final int ROW_PX = 18;

    private HtmlFlame() {
    }

    static void render(StringBuilder h, Analysis a) {
        SiteFlame f = a.siteFlame;
        if (f.root.waitNanos == 0) return;
        h.append("<div class=\"flame-box\" id=\"flame\"><div class=\"flame-toolbar\"><label>search frames <input type=\"search\" "
                + "id=\"flame-search\" placeholder=\"class or method, e.g. Handlers.handle\" autocomplete=\"off\"></label> "
                + "<span id=\"flame-match\" class=\"mono\"></span></div>\n");
        h.append("<p class=\"explain\">Each box is a frame; its width is the recorded wait of the waits whose stack passes through "
                + "it; below it, the frames it called. The outermost frame is at the top, the frame that asked for the GIL at the "
                + "bottom. Hover a box for its wait; type in the search box to highlight frames and see their share.");
        if (f.nodesLeftOut > 0) {
            h.append(" Frames under ").append(escape(Format.percent(SiteFlame.MIN_SHARE))).append(" of the wait are left out (")
                    .append(Format.count(f.nodesLeftOut)).append("), so a box can be wider than its children.");
        }
        h.append("</p>\n<div class=\"flame\" id=\"flame-graph\" data-total-nanos=\"").append(f.root.waitNanos).append("\" style=\"height:")
                .append((f.depth + 1) * ROW_PX + 2).append("px\">");
        node(h, f, f.root, 0, 100);
        h.append("</div><div id=\"flame-tip\" role=\"tooltip\" hidden></div></div>\n");
    }

    /** A box at {@code left}% of its parent, {@code width}% wide, then its children inside it. */
    private static void node(StringBuilder h, SiteFlame f, SiteFlame.Node n, double left, double width) {
        String tip = n.name + "\nwait " + Format.nanos(n.waitNanos) + ", " + Format.percent(f.share(n)) + " of the recorded wait, "
                + Format.count(n.waits) + (n.waits == 1 ? " wait" : " waits");
        h.append("<div class=\"fg").append(n.frame ? "" : " fg-group").append("\" style=\"left:").append(pct(left)).append("%;width:")
                .append(pct(width)).append("%\" data-wait=\"").append(n.waitNanos).append("\" data-share=\"")
                .append(String.format(Locale.ROOT, "%.6f", f.share(n))).append("\" data-tip=\"").append(escape(tip))
                .append("\"><span class=\"fg-l\" style=\"background:").append(colour(n)).append("\">").append(escape(n.name)).append("</span>");
        long offset = 0;
        for (SiteFlame.Node c : n.children) {
            node(h, f, c, 100.0 * offset / n.waitNanos, 100.0 * c.waitNanos / n.waitNanos);
            offset += c.waitNanos;
        }
        h.append("</div>");
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** JDK frames cool, the program's warm, the same frame always the same shade (a hash of its class). */
    static String colour(SiteFlame.Node n) {
        if (!n.frame) return "#d5dbe3";
        String name = n.name;
        int dot = name.lastIndexOf('.', name.indexOf(':') < 0 ? name.length() : name.indexOf(':'));
        String cls = dot < 0 ? name : name.substring(0, dot);
        int hash = Math.floorMod(cls.hashCode(), 1000);
        boolean jdk = cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.") || cls.startsWith("javax.") || cls.startsWith("com.sun.");
        double hue = jdk ? 195 + hash % 30 : 10 + hash % 40;
        return String.format(Locale.ROOT, "hsl(%.0f,%d%%,%d%%)", hue, jdk ? 45 : 75, jdk ? 72 : 62 + hash % 12);
    }
}
