package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.schema.Format;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One line per rule: a convoy found on several threads reads once, with the range of their medians, expandable to each. */
class FindingGroupsTest {
    /** Two JVMs with an I/O thread in a convoy each, and a third without. */
    private static Analysis fleet() throws IOException {
        return Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN), Fixtures.path(Fixtures.CONVOY), Fixtures.path(Fixtures.TRUNCATED)));
    }

    @Test
    void convoysOnSeveralThreadsAreOneLineWithTheRangeOfTheirMedianWaits() throws IOException {
        Analysis a = fleet();
        FindingGroups.Group convoy = a.findingGroups.stream().filter(g -> g.ruleId().equals("convoy")).findFirst().orElseThrow();
        assertTrue(convoy.grouped());
        List<Finding> members = a.findings.stream().filter(f -> f.ruleId().equals("convoy")).toList();
        assertEquals(members, convoy.members());
        double lo = members.stream().mapToDouble(Finding::figureNanos).min().orElseThrow();
        double hi = members.stream().mapToDouble(Finding::figureNanos).max().orElseThrow();
        for (Finding f : members) assertTrue(f.title().contains("median " + Format.nanos(f.figureNanos())), f.title());
        assertEquals("convoy: 2 threads (#2 io-reader, #3 io-reader) each waited a median "
                + Format.nanos(lo).replace(" ms", "") + "–" + Format.nanos(hi) + " to re-acquire the GIL after I/O", convoy.title());
        int total = 0;
        for (FindingGroups.Group g : a.findingGroups) total += g.members().size();
        assertEquals(a.findings.size(), total, "every finding is in exactly one group");
    }

    @Test
    void everyViewListsTheGroupLineOnceAndEveryFindingUnderIt() throws IOException {
        Analysis a = fleet();
        String html = Reports.html(a), text = Reports.text(a);
        JsonObject j = JsonParser.parseString(Reports.json(a)).getAsJsonObject();
        JsonArray groups = j.getAsJsonArray("findingGroups");
        assertEquals(a.findingGroups.size(), groups.size());
        Matcher m = Pattern.compile("<li data-rule=\"([^\"]+)\" class=\"finding-group\" data-count=\"(\\d+)\"><span[^>]*>\\w+</span>"
                + "<b class=\"group-title\">([^<]*)</b>").matcher(html);
        List<String> htmlGroups = new ArrayList<>();
        while (m.find()) htmlGroups.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        List<String> jsonGroups = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            JsonObject g = groups.get(i).getAsJsonObject();
            FindingGroups.Group ours = a.findingGroups.get(i);
            assertEquals(ours.title(), g.get("title").getAsString());
            assertEquals(ours.indices().size(), g.getAsJsonArray("findings").size());
            for (int k = 0; k < ours.indices().size(); k++) {
                int idx = g.getAsJsonArray("findings").get(k).getAsInt();
                assertEquals(ours.ruleId(), j.getAsJsonArray("findings").get(idx).getAsJsonObject().get("rule").getAsString());
            }
            if (ours.grouped()) {
                jsonGroups.add(ours.ruleId() + " " + ours.members().size() + " " + dev.jgil.report.render.Html.escape(ours.title()));
                assertEquals(1, count(text, "  [" + ours.severity() + "] " + ours.title() + "\n"), "the text's group line, once");
            }
        }
        assertFalse(jsonGroups.isEmpty());
        assertEquals(jsonGroups, htmlGroups);
        for (Finding f : a.findings) {
            assertTrue(text.contains("[" + f.severity() + "] " + f.title()), f.title());
            assertTrue(html.contains("<b>" + dev.jgil.report.render.Html.escape(f.title()) + "</b>"), f.title());
        }
    }

    @Test
    void aSingleFindingOfARuleIsShownAsItselfWithoutAGroup() throws IOException {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.CONVOY)));
        assertTrue(a.findingGroups.stream().noneMatch(FindingGroups.Group::grouped));
        assertFalse(Reports.html(a).contains("class=\"finding-group\""));
        for (int i = 0; i < a.findings.size(); i++) assertEquals(a.findings.get(i).title(), a.findingGroups.get(i).title());
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }
}
