package dev.jgil.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.jgil.demo.DemoProcess.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The latency demo (ccbench's latency test) and its CPython twin at small sizes, as real processes:
 * one table of mean and σ per policy, a RESULT line per policy, and a policy the agent does not know
 * reported as not available instead of failing the run. No timing bounds: the figures only have to be
 * there and be sane.
 */
@Timeout(120)
class LatencyDemoTest {
    static final String LATENCY = "include=dev.jgil.demo.latency.LatencyWork,release=dev.jgil.demo.common.Blocking#*";
    static final String HEADER = "| GIL | 0 CPU threads | 1 CPU thread |";
    /** A cell of the table: mean and standard deviation of the round trip. */
    static final Pattern CELL = Pattern.compile("[0-9]+(\\.[0-9]+)? ms \\(σ [0-9]+(\\.[0-9]+)?\\)");

    @Test
    void printsMeanAndSigmaPerPolicyAndNamesAPolicyTheAgentLacks() throws Exception {
        DemoProcess d = DemoProcess.java(LATENCY, "dev.jgil.demo.latency.Latency", "--cpu", "0,1",
                "--policies", "switch,nosuchpolicy", "--duration", "300ms", "--every", "50ms").assertOk();

        assertTrue(d.stdout.contains("policy nosuchpolicy: not available in this agent"), d.toString());
        assertEquals("false", d.result("demo=latency", "gil=nosuchpolicy").get("available"), d.toString());
        // The rejected child recorded nothing; it is not listed for the exit report to merge.
        assertFalse(d.stderr.contains("left out of the report"), d.toString());
        // The launcher ran no designated code: it says so, instead of an all-zero GIL load and "matched no class"
        // (one child recorded: the one whose policy the agent lacks did not).
        assertTrue(d.stderr.contains("jgil: this JVM ran no designated code; it launched 1 child JVM that recorded"), d.toString());
        assertFalse(d.stderr.contains("GIL load over"), d.toString());
        assertFalse(d.stderr.contains("matched no loaded class"), d.toString());

        Map<String, List<String>> table = table(d.stdout);
        assertEquals(List.of("switch 5ms", "nosuchpolicy (not available in this agent)", "none (no agent)"),
                new ArrayList<>(table.keySet()), d.toString());
        for (String row : new String[] {"switch 5ms", "none (no agent)"}) {
            for (String cell : table.get(row)) assertTrue(CELL.matcher(cell).matches(), row + ": '" + cell + "'\n" + d);
        }
        assertEquals(List.of("–", "–"), table.get("nosuchpolicy (not available in this agent)"));

        for (String gil : new String[] {"switch", "off"}) {
            Map<String, String> r = d.result("demo=latency", "gil=" + gil);
            for (int k : new int[] {0, 1}) {
                assertEquals(6, (int) num(r, "pings" + k), "300 ms of a ping every 50 ms: " + r);
                assertTrue(num(r, "mean_ms" + k) > 0 && num(r, "mean_ms" + k) <= num(r, "max_ms" + k), r.toString());
                assertTrue(num(r, "sd_ms" + k) >= 0, r.toString());
                // generous sanity only: a loopback round trip, GIL waits included, well under the test's budget
                assertTrue(num(r, "max_ms" + k) < 10_000, r.toString());
            }
        }
        Map<String, String> sw = d.result("demo=latency", "gil=switch");
        assertTrue(num(sw, "blockingReleases0") > 0, "the release zone never released the GIL: " + sw);
        System.out.println("latency mean ms beside 0/1 CPU threads: switch " + sw.get("mean_ms0") + "/" + sw.get("mean_ms1")
                + ", no GIL " + d.result("gil=off").get("mean_ms0") + "/" + d.result("gil=off").get("mean_ms1"));
    }

    @Test
    void pythonTwinPrintsTheSameTable() throws Exception {
        DemoProcess py = DemoProcess.python("latency.py", "--cpu", "0,1", "--duration", "300ms", "--every", "50ms").assertOk();
        Map<String, String> r = py.result("demo=latency", "gil=cpython");
        for (int k : new int[] {0, 1}) {
            assertEquals(6, (int) num(r, "pings" + k), r.toString());
            assertTrue(num(r, "mean_ms" + k) > 0 && num(r, "sd_ms" + k) >= 0, r.toString());
        }
        Map<String, List<String>> table = table(py.stdout);
        assertEquals(List.of("cpython 5ms"), new ArrayList<>(table.keySet()), py.toString());
        for (String cell : table.get("cpython 5ms")) assertTrue(CELL.matcher(cell).matches(), "'" + cell + "'\n" + py);
    }

    @Test
    void badArgumentsGetOneLine() throws Exception {
        DemoProcess d = DemoProcess.java(null, "dev.jgil.demo.latency.Latency", "--duration", "50ms", "--every", "100ms");
        assertEquals(2, d.exit, d.toString());
        assertTrue(d.stderr.contains("--duration must be at least --every"), d.toString());
        DemoProcess p = DemoProcess.python("latency.py", "--cpu", "x");
        assertEquals(2, p.exit, p.toString());
    }

    /** The Markdown table after {@link #HEADER}: first cell of each row -> the other cells. */
    static Map<String, List<String>> table(String stdout) {
        List<String> lines = stdout.lines().map(String::strip).toList();
        int h = lines.indexOf(HEADER);
        assertTrue(h >= 0, "no table headed " + HEADER + " in:\n" + stdout);
        assertEquals("|---|---:|---:|", lines.get(h + 1), stdout);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (int i = h + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).substring(1, lines.get(i).length() - 1).split("\\|");
            List<String> rest = new ArrayList<>();
            for (int c = 1; c < cells.length; c++) rest.add(cells[c].strip());
            assertEquals(2, rest.size(), lines.get(i));
            rows.put(cells[0].strip(), rest);
        }
        return rows;
    }
}
