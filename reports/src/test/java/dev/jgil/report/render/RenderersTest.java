package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderersTest {

    @Test
    void jsonParsesAndCarriesTheHeadlineFigures(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report.json");
        Reports.writeJson(List.of(Fixtures.path(Fixtures.COUNTDOWN)), out);
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN)));
        JsonObject j = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertEquals("jgil-report", j.get("format").getAsString());
        JsonObject o = j.getAsJsonObject("overall");
        assertEquals(a.overall.acquisitions, o.get("acquisitions").getAsLong());
        assertEquals(a.overall.contendedAcquisitions, o.get("contendedAcquisitions").getAsLong());
        assertEquals(a.overall.forcedSwitches, o.get("forcedSwitches").getAsLong());
        assertEquals(a.overall.drops(), o.get("drops").getAsLong());
        assertEquals(a.overall.heldFraction(), o.get("heldFraction").getAsDouble(), 1e-12);
        assertEquals(a.overall.speedUpBound(), o.get("speedUpBound").getAsDouble(), 1e-12);
        JsonArray threads = j.getAsJsonArray("threads");
        assertEquals(2, threads.size());
        assertTrue(j.getAsJsonObject("waitDistribution").getAsJsonObject("percentiles").has("p99_99"));
        assertTrue(j.getAsJsonArray("findings").size() > 0);
        assertFalse(j.has("timeline"), "the JSON file leaves the timeline to the HTML page");
    }

    @Test
    void textSummaryListsThreadsAndFindings() throws IOException {
        String t = Reports.text(List.of(Fixtures.path(Fixtures.CONVOY)));
        assertTrue(t.contains("GIL held "), t);
        assertTrue(t.contains("io-reader") && t.contains("cruncher"), t);
        assertTrue(t.contains("[PROBLEM] convoy: thread io-reader"), t);
        assertTrue(t.contains("serialization cost"), t);
    }

    @Test
    void hostileNamesAreEscapedInEveryHtmlContext() throws IOException {
        String html = Reports.html(Reports.analyse(List.of(Fixtures.path(Fixtures.HOSTILE))));
        // Exactly our two script elements: the JSON data and the page's code.
        Matcher m = Pattern.compile("<script", Pattern.CASE_INSENSITIVE).matcher(html);
        int scripts = 0;
        while (m.find()) scripts++;
        assertEquals(2, scripts, "no script element from a thread name");
        assertFalse(html.contains("<img"), "no element from a thread name");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
        assertTrue(html.contains("&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;"), "attribute-safe");
        String data = html.substring(html.indexOf("id=\"jgil-data\">"), html.indexOf("</script>"));
        assertFalse(data.contains("</"), "the JSON cannot close its script element");
        assertFalse(data.contains("\u2028") || data.contains("\u2029"), "no raw line separators in script");
    }

    @Test
    void jsonStringsAreSafeInsideAScriptElement() {
        StringBuilder sb = new StringBuilder();
        Json.quote(sb, "</script><!-- \u2028\u2029 & \"'");
        assertEquals("\"\\u003c/script\\u003e\\u003c!-- \\u2028\\u2029 \\u0026 \\\"'\"", sb.toString());
    }

    @Test
    void htmlPageIsSelfContained() throws IOException {
        String html = Reports.html(Reports.analyse(List.of(Fixtures.path(Fixtures.CONVOY))));
        assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*\"(https?:)?//.*"), "no external resource");
        assertTrue(html.contains("Content-Security-Policy"));
        assertTrue(html.contains("holds/waits shorter than 1 ms not recorded"));
        assertTrue(html.getBytes(StandardCharsets.UTF_8).length < 1_000_000);
    }
}
