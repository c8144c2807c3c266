package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.Site;
import dev.jgil.report.analysis.ThreadRows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-off matrix and the contended sites' "blocked by" use the Threads table's rows: the per-task fixture (30 ×
 * task-0, 30 × task-1, pool-1-thread-1..12, coordinator) used to show 16 per-thread rows with repeated names.
 */
class HandOffGroupsRenderTest {
    private static String section(String html, String start, String end) {
        int i = html.indexOf(start);
        assertTrue(i >= 0, start);
        return html.substring(i, html.indexOf(end, i));
    }

    private static List<String> matrixRowNames(String html) {
        String table = section(html, "<table class=\"matrix\" id=\"handoffs\">", "</table>");
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("<tr><th class=\"name[^\"]*\" title=\"([^\"]*)\">").matcher(table);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    @Test
    void handOffMatrixOfPerTaskThreadsHasOneRowPerThreadGroup() throws IOException {
        Analysis a = ThreadGroupsRenderTest.perTask();
        assertEquals(4, a.threadRows.size());
        assertEquals(a.threadRows.size(), a.handOffs.rows.length, "every row fits (at most 16)");
        long sum = 0;
        for (long[] r : a.handOffs.rowCounts) for (long v : r) sum += v;
        assertEquals(a.handOffs.total, sum, "all 73 threads are in the 4 rows, so every hand-off is counted");

        List<String> names = matrixRowNames(Reports.html(a));
        assertEquals(4, names.size(), names.toString());
        assertEquals(names.size(), new HashSet<>(names).size(), "no name twice: " + names);
        assertTrue(names.contains("task-0 (30 threads)") && names.contains("task-1 (30 threads)")
                && names.contains("pool-1-thread-# (12 threads)") && names.contains("coordinator"), names.toString());
        assertTrue(Reports.html(a).contains("id=\"handoffs-groups-note\""));
    }

    @Test
    void blockedByNamesTheGroupNotACopyOfItsName() throws IOException {
        Analysis a = ThreadGroupsRenderTest.perTask();
        String sites = section(Reports.html(a), "<table id=\"sites\">", "</table>");
        Matcher cell = Pattern.compile("<td class=\"frames\">(.*?)</td>").matcher(sites);
        int cells = 0;
        boolean group = false;
        while (cell.find()) {
            cells++;
            List<String> who = new ArrayList<>();
            Matcher b = Pattern.compile("<span class=\"blocker[^\"]*\">(.*?): [^<]* in [0-9,]+ waits</span>").matcher(cell.group(1));
            while (b.find()) who.add(b.group(1));
            assertFalse(who.isEmpty(), cell.group(1));
            assertEquals(who.size(), new HashSet<>(who).size(), "each blocker once: " + who);
            group |= who.stream().anyMatch(w -> w.matches("task-[01] \\(30 threads\\)|pool-1-thread-# \\(12 threads\\)"));
        }
        assertTrue(cells > 0);
        assertTrue(group, "a group blocks somewhere: " + sites);
        // The analysis: by row, the waits add up to the per-lane ones.
        for (Site s : a.sites) {
            assertEquals(s.blockers.values().stream().mapToLong(Long::longValue).sum(),
                    s.rowBlockers.values().stream().mapToLong(Long::longValue).sum());
            assertEquals(s.blockerCounts.values().stream().mapToLong(Long::longValue).sum(),
                    s.rowBlockerCounts.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void jsonAddsTheRowsAndKeepsThePerThreadKeys() throws IOException {
        Analysis a = ThreadGroupsRenderTest.perTask();
        JsonObject j = JsonParser.parseString(Reports.json(a)).getAsJsonObject();
        JsonObject h = j.getAsJsonObject("handOffs");
        assertEquals(16, h.getAsJsonArray("lanes").size(), "the per-lane matrix is still there");
        assertEquals(16, h.getAsJsonArray("counts").size());
        assertEquals(4, h.getAsJsonArray("rows").size());
        assertEquals(4, h.getAsJsonArray("rowCounts").size());
        JsonArray groups = j.getAsJsonArray("threadGroups");
        Set<String> rowNames = new HashSet<>();
        for (JsonElement r : h.getAsJsonArray("rows")) rowNames.add(groups.get(r.getAsInt()).getAsJsonObject().get("name").getAsString());
        assertEquals(Set.of("task-0", "task-1", "pool-1-thread-#", "coordinator"), rowNames);
        for (JsonElement e : j.getAsJsonArray("contendedSites")) {
            JsonObject s = e.getAsJsonObject();
            for (JsonElement b : s.getAsJsonArray("blockedBy")) {
                JsonObject o = b.getAsJsonObject();
                for (String k : List.of("lane", "thread", "waitNanos", "waits", "row")) assertTrue(o.has(k), k + " in " + o);
                int lane = o.get("lane").getAsInt();
                assertEquals(lane < 0 ? -1 : a.threadRows.stream().filter(r -> r.members.stream().anyMatch(l -> l.index == lane))
                        .findFirst().orElseThrow().index, o.get("row").getAsInt());
            }
            Set<Integer> seen = new HashSet<>();
            for (JsonElement b : s.getAsJsonArray("blockedByRows")) {
                JsonObject o = b.getAsJsonObject();
                assertTrue(seen.add(o.get("row").getAsInt()), "each row once");
                for (String k : List.of("name", "label", "threadCount", "waitNanos", "waits")) assertTrue(o.has(k), k + " in " + o);
            }
        }
    }

    @Test
    void hostileGroupNamesInTheMatrixAndBlockedByAreText() throws IOException {
        Analysis a = ThreadGroupsRenderTest.hostileGroup();
        ThreadRows.Row hostile = a.threadRows.stream().filter(r -> r.name.equals(ThreadGroupsRenderTest.HOSTILE_GROUP)).findFirst().orElseThrow();
        String html = Reports.html(a);
        assertEquals(2, ThreadGroupsRenderTest.count(html.toLowerCase(), "<script"), "only the page's own scripts");
        assertFalse(html.contains("<img"));
        String escaped = Html.escape(hostile.label());
        assertTrue(section(html, "<table class=\"matrix\"", "</table>").contains("title=\"" + escaped + "\""));
    }
}
