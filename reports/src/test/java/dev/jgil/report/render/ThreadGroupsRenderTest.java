package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.RecordingReader;
import dev.jgil.report.model.ReportModel;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.schema.Format;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Grouped thread rows in every format. */
class ThreadGroupsRenderTest {
    static final String HOSTILE_GROUP = "<script>window.__pwned=1</script>\"'><img src=x onerror=alert(1)>\u2028";

    static Analysis perTask() throws IOException {
        return Reports.analyse(List.of(Fixtures.path(Fixtures.PER_TASK)));
    }

    /** The per-task recording with every {@code task-0} renamed to a hostile name (the same one for all 30). */
    static Analysis hostileGroup() throws IOException {
        JvmRecording r = RecordingReader.read(Fixtures.path(Fixtures.PER_TASK), null);
        for (ThreadInfo t : r.threads) if (t.name.equals("task-0")) t.name = HOSTILE_GROUP;
        return new Analysis(new ReportModel(List.of(r)));
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }

    @Test
    void htmlGroupRowsAreExpandableAndListTheirMembersUpToACap() throws IOException {
        Analysis a = perTask();
        String html = Reports.html(a);
        String table = html.substring(html.indexOf("<table id=\"threads\">"), html.indexOf("</table>", html.indexOf("<table id=\"threads\">")));
        assertEquals(4, count(table, "<tr>") + count(table, "<tr class=\"thread-group\"") - 1, "a header and 4 rows");
        assertEquals(3, count(table, "<tr class=\"thread-group\""), "task-0, task-1, pool-1-thread-#");
        assertEquals(3, count(table, "<details class=\"thread-group\">"));
        assertTrue(table.contains("<span class=\"group-label\">task-0</span> <span class=\"group-count\">×30 threads</span>"), table);
        assertTrue(table.contains("<span class=\"group-label\">pool-1-thread-#</span> <span class=\"group-count\">×12 threads, 12 names</span>"));
        // 30 members: the first 25 listed, the rest counted.
        int shown = HtmlTables.GROUP_MEMBERS_SHOWN;
        assertTrue(table.contains("… and " + (30 - shown) + " more"), table);
        assertEquals(2 * shown + 12, count(table, "<li class=\"group-member\">"));
        // The singleton keeps its plain cell.
        assertTrue(table.contains("<td class=\"name thread-name\" title=\"coordinator\">coordinator</td>"));
        assertTrue(html.contains("id=\"thread-groups-note\""), "the page says what a group row is");
        assertTrue(table.contains("<th title=\"time holding the GIL ÷ the JVM&#39;s observed time (Σ of its statistics intervals). "
                + "A group row adds up its members&#39; times: held stays at most 100%"), "the held column says what its fraction is");
    }

    @Test
    void htmlGroupCellsShowTheSummedShareAndSayWhatItSums() throws IOException {
        Analysis a = perTask();
        String html = Reports.html(a);
        ThreadRows.Row task0 = a.threadRows.stream().filter(r -> r.name.equals("task-0")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("<tr class=\"thread-group\" data-kind=\"SAME_NAME\" data-threads=\"30\">.*?</details></td>"
                + "<td class=\"bar-cell\">.*?</div></td><td title=\"([^\"]*)\">([^<]*)</td>").matcher(html);
        boolean found = false;
        while (m.find()) {
            if (!m.group(0).contains(">task-0<")) continue;
            found = true;
            assertEquals(dev.jgil.schema.Format.percent(task0.heldNanos / task0.observedNanos), m.group(2));
            assertTrue(m.group(1).startsWith("Σ " + dev.jgil.schema.Format.nanos(task0.heldNanos) + " over 30 threads"), m.group(1));
        }
        assertTrue(found);
    }

    @Test
    void htmlPageWithoutGroupsHasNoGroupMarkup() throws IOException {
        String html = Reports.html(Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN))));
        assertFalse(html.contains("<details class=\"thread-group\">"));
        assertFalse(html.contains("id=\"thread-groups-note\""));
    }

    @Test
    void textReportHasOneLinePerRowWithTheCount() throws IOException {
        String t = Reports.text(perTask());
        assertTrue(t.matches("(?s).*\\n  task-0 ×30 +\\d\\.\\d{3} .*"), t);
        assertTrue(t.matches("(?s).*\\n  task-1 ×30 +\\d\\.\\d{3} .*"), t);
        assertTrue(t.matches("(?s).*\\n  pool-1-thread-# ×12 +\\d\\.\\d{3} .*"), t);
        assertTrue(t.matches("(?s).*\\n  coordinator +\\d\\.\\d{3} .*"), t);
        assertEquals(0, count(t, "pool-1-thread-1 "), "no per-thread line for members");
        assertTrue(t.contains("73 threads in 4 rows"), t);
    }

    @Test
    void jsonKeepsThePerThreadArrayAndAddsThreadGroups() throws IOException {
        Analysis a = perTask();
        JsonObject j = JsonParser.parseString(Reports.json(a)).getAsJsonObject();
        JsonArray threads = j.getAsJsonArray("threads");
        assertEquals(73, threads.size(), "one entry per thread, as before");
        JsonArray groups = j.getAsJsonArray("threadGroups");
        assertEquals(4, groups.size());
        Set<Integer> members = new HashSet<>();
        for (JsonElement e : groups) {
            JsonObject g = e.getAsJsonObject();
            double held = 0, wait = 0;
            long acq = 0;
            for (JsonElement k : g.getAsJsonArray("threads")) {
                JsonObject t = threads.get(k.getAsInt()).getAsJsonObject();
                assertTrue(members.add(k.getAsInt()));
                held += t.get("heldNanos").getAsDouble();
                wait += t.get("waitNanos").getAsDouble();
                acq += t.get("acquisitions").getAsLong();
            }
            assertEquals(g.getAsJsonArray("threads").size(), g.get("threadCount").getAsInt());
            assertEquals(held, g.get("heldNanos").getAsDouble(), 1e-3);
            assertEquals(wait, g.get("waitNanos").getAsDouble(), 1e-3);
            assertEquals(acq, g.get("acquisitions").getAsLong());
            assertEquals(held / g.get("observedNanos").getAsDouble(), g.get("heldFraction").getAsDouble(), 1e-12);
            assertEquals(g.get("threadCount").getAsInt() > 1, g.get("group").getAsBoolean());
        }
        assertEquals(73, members.size());
        assertEquals("sameName", find(groups, "task-0").get("kind").getAsString());
        assertEquals("numbered", find(groups, "pool-1-thread-#").get("kind").getAsString());
        assertEquals("thread", find(groups, "coordinator").get("kind").getAsString());
        // Without groups: one row per thread, in the threads' order.
        JsonObject c = JsonParser.parseString(Reports.json(Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN))))).getAsJsonObject();
        JsonArray cg = c.getAsJsonArray("threadGroups");
        assertEquals(c.getAsJsonArray("threads").size(), cg.size());
        for (int i = 0; i < cg.size(); i++) assertEquals(i, cg.get(i).getAsJsonObject().getAsJsonArray("threads").get(0).getAsInt());
    }

    static JsonObject find(JsonArray groups, String name) {
        for (JsonElement e : groups) if (e.getAsJsonObject().get("name").getAsString().equals(name)) return e.getAsJsonObject();
        throw new AssertionError("no group " + name);
    }

    @Test
    void hostileGroupNamesAreInertInEveryFormat() throws IOException {
        Analysis a = hostileGroup();
        assertTrue(a.threadRows.stream().anyMatch(r -> r.group() && r.name.equals(HOSTILE_GROUP)));
        String html = Reports.html(a);
        assertEquals(2, count(html.toLowerCase(), "<script"), "only the page's own scripts");
        assertFalse(html.contains("<img"));
        assertTrue(html.contains("<span class=\"group-label\">&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x "
                + "onerror=alert(1)&gt;\u2028</span>"), "the label as text");
        String data = html.substring(html.indexOf("id=\"jgil-data\">"), html.indexOf("</script>"));
        assertFalse(data.contains("</"), "the JSON cannot close its script element");
        String t = Reports.text(a);
        assertFalse(t.contains("\u2028"), "no line separator in the text report");
        JsonObject j = JsonParser.parseString(Reports.json(a)).getAsJsonObject();
        assertEquals(30, find(j.getAsJsonArray("threadGroups"), HOSTILE_GROUP).get("threadCount").getAsInt(), "verbatim in JSON");
    }
}
