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
import dev.jgil.report.model.ConfigurationChange;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.RecordingReader;
import dev.jgil.report.model.ReportModel;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The live-changes fixture (switch 5 ms → 1 ms → off → switch) in every format. */
class ConfigurationChangesRenderTest {
    static final String SCRIPT_POLICY = "<script>window.__pwned=1</script>";
    static final String IMG_POLICY = "\"'><img src=x onerror=alert(1)>";

    static Analysis live() throws IOException {
        return Reports.analyse(List.of(Fixtures.path(Fixtures.LIVE_CHANGES)));
    }

    /** The live fixture with its policy strings replaced by hostile ones (no agent can be made to record these). */
    static Analysis hostilePolicies() throws IOException {
        JvmRecording r = RecordingReader.read(Fixtures.path(Fixtures.LIVE_CHANGES), null);
        List<ConfigurationChange> real = List.copyOf(r.configurationChanges);
        r.configurationChanges.clear();
        r.configurationChanges.add(new ConfigurationChange(real.get(0).epochNanos, "switch", SCRIPT_POLICY,
                real.get(0).oldIntervalNanos, real.get(0).newIntervalNanos));
        r.configurationChanges.add(new ConfigurationChange(real.get(1).epochNanos, SCRIPT_POLICY, IMG_POLICY,
                real.get(1).oldIntervalNanos, real.get(1).newIntervalNanos));
        r.configurationChanges.add(new ConfigurationChange(real.get(2).epochNanos, IMG_POLICY, "off\u2028</script>\u001b[31m",
                real.get(2).oldIntervalNanos, real.get(2).newIntervalNanos));
        return new Analysis(new ReportModel(List.of(r)));
    }

    @Test
    void textReportListsTheChangesAndTheSegmentTable() throws IOException {
        String t = Reports.text(live());
        assertTrue(t.contains("policy switch → off → switch, interval 5ms → 1ms (changed 3× at run time)"), t);
        assertTrue(t.contains("configuration changes:"), t);
        assertTrue(t.contains("interval 5ms → 1ms") && t.contains("policy switch → off") && t.contains("policy off → switch"), t);
        assertTrue(t.matches("(?s).*\\n  3 +\\+\\S+ s +\\S+ s off +1ms +0\\.0%\\* +0\\.0% +[12]\\.\\d\\d .*"), t);
        assertTrue(t.contains("* policy off: the agent never takes the lock"), t);
    }

    @Test
    void textReportOfAnUnchangedRecordingHasNoChangesSection() throws IOException {
        String t = Reports.text(List.of(Fixtures.path(Fixtures.COUNTDOWN)));
        assertFalse(t.contains("configuration changes"), t);
        assertTrue(t.contains(": policy switch, interval "), t);
    }

    @Test
    void jsonCarriesTheChangesAndSegmentsAndKeepsItsExistingKeys() throws IOException {
        Analysis a = live();
        JsonObject j = JsonParser.parseString(Reports.json(a)).getAsJsonObject();
        assertEquals(JsonRenderer.FORMAT_VERSION, j.get("formatVersion").getAsInt());
        JsonObject jvm = j.getAsJsonArray("jvms").get(0).getAsJsonObject();
        // Unchanged keys: the last configuration, flagged as changed.
        JsonObject conf = jvm.getAsJsonObject("configuration");
        assertEquals("switch", conf.get("policy").getAsString());
        assertEquals(1_000_000L, conf.get("intervalNanos").getAsLong());
        assertTrue(conf.get("changedDuringRecording").getAsBoolean());
        assertTrue(jvm.has("statisticsTotals") && jvm.has("summary") && j.has("overall") && j.has("threads"));

        JsonArray changes = jvm.getAsJsonArray("configurationChanges");
        assertEquals(3, changes.size());
        JsonObject off = changes.get(1).getAsJsonObject();
        assertEquals("switch", off.get("oldPolicy").getAsString());
        assertEquals("off", off.get("newPolicy").getAsString());
        assertEquals("policy switch → off", off.get("label").getAsString());
        // An epoch instant as milliseconds (a JSON number below 2^53) and as an exact ISO-8601 string.
        long at = a.jvms.get(0).changes.get(1).change.epochNanos;
        assertEquals(Math.floorDiv(at, 1_000_000L), off.get("atEpochMillis").getAsLong());
        java.time.Instant exact = java.time.Instant.parse(off.get("atTime").getAsString());
        assertEquals(at, exact.getEpochSecond() * 1_000_000_000L + exact.getNano());

        JsonArray segs = jvm.getAsJsonArray("configurationSegments");
        assertEquals(4, segs.size());
        JsonObject offSeg = segs.get(2).getAsJsonObject();
        assertEquals("off", offSeg.get("policy").getAsString());
        assertTrue(offSeg.get("lockOff").getAsBoolean());
        assertEquals(0, offSeg.get("heldFraction").getAsDouble(), 1e-9);
        assertEquals(a.jvms.get(0).segments.get(2).threadsInside(), offSeg.get("threadsInside").getAsDouble(), 1e-9);
        assertTrue(segs.get(0).getAsJsonObject().get("heldFraction").getAsDouble() > 0.5);
        assertEquals(5_000_000L, segs.get(0).getAsJsonObject().get("intervalNanos").getAsLong());
        assertFalse(j.has("timeline"));
    }

    @Test
    void htmlHeaderNamesEveryPolicyAndPointsToTheChanges() throws IOException {
        String html = Reports.html(live());
        assertTrue(html.contains("<dt>policy</dt><dd class=\"policy-changed\">switch → off → switch, switch interval 5ms → 1ms "
                + "(changed 3× at run time, see <a href=\"#configuration-changes\">Configuration changes</a>)</dd>"), "header");
        assertFalse(html.contains("<dt>policy</dt><dd>switch, switch interval"), "no single policy claimed");
        assertTrue(html.contains("<h2 id=\"configuration-changes\">Configuration changes</h2>"));
        assertEquals(4, count(html, "<tr class=\"segment"));
        assertEquals(1, count(html, "<tr class=\"segment lock-off"));
        assertTrue(html.contains("id=\"off-note\""));
        assertTrue(html.contains("id=\"headline-mixed\""), "the headline says it mixes configurations");
        // The embedded data carries the timeline markers.
        assertTrue(html.contains("\"configurationChanges\":[{\"t\":"));
    }

    @Test
    void htmlOfAnUnchangedRecordingHasNoChangesSection() throws IOException {
        String html = Reports.html(Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN))));
        assertFalse(html.contains("id=\"configuration-changes\""));
        assertFalse(html.contains("id=\"headline-mixed\""));
        assertTrue(html.contains("<dt>policy</dt><dd>switch, switch interval"));
    }

    @Test
    void hostilePolicyStringsAreInertInEveryFormat() throws IOException {
        Analysis a = hostilePolicies();
        String html = Reports.html(a);
        assertEquals(2, count(html, "<script"), "no script element from a policy string");
        assertFalse(html.contains("<img"), "no element from a policy string");
        assertTrue(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"), "shown as text");
        assertTrue(html.contains("&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;"), "attribute-safe");
        String data = html.substring(html.indexOf("id=\"jgil-data\">"), html.indexOf("</script>"));
        assertFalse(data.contains("</"), "the JSON cannot close its script element");
        assertFalse(data.contains("\u2028"), "no raw line separator in the script");

        JsonObject jvm = JsonParser.parseString(Reports.json(a)).getAsJsonObject().getAsJsonArray("jvms").get(0).getAsJsonObject();
        assertEquals(SCRIPT_POLICY, jvm.getAsJsonArray("configurationChanges").get(0).getAsJsonObject().get("newPolicy").getAsString(),
                "JSON keeps the value verbatim (escaped, parsed back)");

        String text = Reports.text(a);
        assertFalse(text.contains("\u001b") || text.contains("\u2028"), "no terminal escape or line separator in text");
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what), Pattern.CASE_INSENSITIVE).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
