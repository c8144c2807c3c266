package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JSON is for tools (jq, JavaScript, Python): every key usable as {@code .key}, integral quantities written as
 * integers, no number a JavaScript double cannot hold exactly (above 2^53) — on every fixture, the HTML page's embedded
 * document (with its timeline) included.
 */
class JsonForToolsTest {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final BigDecimal MAX_EXACT = BigDecimal.valueOf(1L << 53);

    @Test
    void everyKeyIsAnIdentifierAndEveryNumberIsExactInJavaScript() throws IOException {
        for (String f : Fixtures.WITH_JGIL_EVENTS) {
            Analysis a = Reports.analyse(List.of(Fixtures.path(f)));
            for (String doc : List.of(Reports.json(a), HtmlDataForTests.embeddedJson(Reports.html(a)))) {
                walk(JsonParser.parseString(doc), f, "$");
            }
        }
    }

    /**
     * Lapsed hand-offs are counted since the agent that claims hand-offs: a recording from an earlier agent says nothing
     * about them, and the JSON says so with null, not with a 0 that would read as "none lapsed".
     */
    @Test
    void lapsedHandOffsAreNullForARecordingThatDidNotCountThem() throws IOException {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.CONVOY))); // recorded before the field existed
        JsonObject summary = JsonParser.parseString(Reports.json(a)).getAsJsonObject().getAsJsonObject("overall");
        assertTrue(summary.has("lapsedHandOffs"), "the key is always there");
        assertTrue(summary.get("lapsedHandOffs").isJsonNull(), "not recorded: " + summary.get("lapsedHandOffs"));
        assertTrue(a.overall.watchdogHandOffs >= 0, "the other counters are read as before");
    }

    private static void walk(JsonElement e, String fixture, String path) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
                assertTrue(IDENTIFIER.matcher(kv.getKey()).matches(), fixture + ": key " + path + "." + kv.getKey());
                walk(kv.getValue(), fixture, path + "." + kv.getKey());
            }
        } else if (e.isJsonArray()) {
            int i = 0;
            for (JsonElement x : e.getAsJsonArray()) walk(x, fixture, path + "[" + i++ + "]");
        } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            BigDecimal v = e.getAsJsonPrimitive().getAsBigDecimal();
            assertTrue(v.abs().compareTo(MAX_EXACT) <= 0, fixture + ": " + path + " = " + v + " is above 2^53");
            // Nanoseconds and counts are whole numbers: written without a fraction (a mean is not a count).
            String key = path.substring(path.lastIndexOf('.') + 1);
            if ((key.endsWith("Nanos") && !key.startsWith("mean")) || key.endsWith("EpochMillis") || key.equals("acquisitions")
                    || key.equals("contendedAcquisitions") || key.equals("switches") || key.equals("drops")) {
                assertFalse(e.getAsJsonPrimitive().getAsString().contains(".") || e.getAsJsonPrimitive().getAsString().contains("E"),
                        fixture + ": " + path + " = " + e + " is not written as an integer");
            }
        }
    }

    @Test
    void instantsAreMillisecondsAndExactStringsNotNanosecondsSinceTheEpoch() throws IOException {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN)));
        JsonObject jvm = JsonParser.parseString(Reports.json(a)).getAsJsonObject().getAsJsonArray("jvms").get(0).getAsJsonObject();
        assertFalse(jvm.has("startEpochNanos"));
        long first = a.jvms.get(0).recording.firstEpochNanos;
        assertEquals(first / 1_000_000L, jvm.get("startEpochMillis").getAsLong());
        java.time.Instant t = java.time.Instant.parse(jvm.get("startTime").getAsString());
        assertEquals(first, t.getEpochSecond() * 1_000_000_000L + t.getNano(), "the string is exact to the nanosecond");
    }

    @Test
    void theWriterRefusesKeysThatNeedBracketsAndQuotesNumbersBeyondTwoToTheFiftyThree() {
        assertThrows(IllegalArgumentException.class, () -> new Json().beginObject().field("p99.9", 1));
        assertThrows(IllegalArgumentException.class, () -> new Json().beginObject().field("wait p50", 1));
        String big = new Json().beginObject().field("n", (1L << 53) + 1).field("ok", 1L << 53).field("d", 1.5e16).endObject().toString();
        JsonObject o = JsonParser.parseString(big).getAsJsonObject();
        assertEquals(new JsonPrimitive(String.valueOf((1L << 53) + 1)), o.get("n"), "beyond 2^53: an exact decimal string");
        assertTrue(o.get("ok").getAsJsonPrimitive().isNumber());
        assertTrue(o.get("d").getAsJsonPrimitive().isString());
        assertEquals("{\"x\":12,\"y\":0.5}", new Json().beginObject().field("x", 12.0).field("y", 0.5).endObject().toString(),
                "an integral double is written as an integer");
    }
}
