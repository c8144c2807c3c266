package dev.jgil.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.agent.it.ForkedJvm.Result;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.schema.Format;
import dev.jgil.schema.Sampling;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit summary, printed from the agent's live counters, says what the report of the same run's recording says:
 * the same held and wait loads, the same wait and hold distributions, and row by row the same acquisitions, contended
 * acquisitions, loads and wait percentiles (the summary's rows are the report's rows: grouped by the same rule).
 */
class ExitSummaryAgreementIT {
    private static final Pattern LOAD = Pattern.compile("jgil: GIL load over (.+?) \\(");
    private static final Pattern HELD = Pattern.compile("^  held: (\\d\\.\\d{3}) ", Pattern.MULTILINE);
    private static final Pattern WAIT = Pattern.compile("^  wait: (\\d\\.\\d{3}) ", Pattern.MULTILINE);
    private static final Pattern DISTRIBUTIONS = Pattern.compile("^  waits: (\\d+), p50 ([^,]+), p99 ([^,]+), max ([^;]+); "
            + "timed holds: (\\d+), p50 ([^,]+), p99 ([^,]+), max (.+)$", Pattern.MULTILINE);
    /** A thread row: name (24 wide), held, wait, acquisitions, contended, wait p50/p99/max ("-" or "4.90 ms"). */
    private static final Pattern ROW = Pattern.compile("^  (.{24}) +(\\d\\.\\d{3}) +(\\d\\.\\d{3}) +(\\d+) +(\\d+) +(-|\\S+ \\S+) +(-|\\S+ \\S+) +(-|\\S+ \\S+)$",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void theExitSummaryShowsTheFiguresOfTheReportOfItsOwnRecording() throws Exception {
        Result r = ForkedJvm.app("com.acme.apps.cpu.CpuApp").agent(SerializationIT.DESIGNATE_WORK + ",stats.period=200ms")
                .recording(true).directory(dir).args("threads=3", "ms=300").run();
        assertEquals(0, r.exitCode, r::toString);
        String summary = r.stderr.substring(r.stderr.indexOf("jgil: GIL load over"));
        Analysis a = Reports.analyse(List.of(dir.resolve("jgil-" + r.pid + ".jfr")));

        Matcher m = LOAD.matcher(summary);
        assertTrue(m.find(), summary);
        assertEquals(Format.nanos(a.overall.observedNanos), m.group(1), "observed time: Σ statistics intervals");
        assertEquals(Format.load(a.overall.heldFraction()), find(HELD, summary), "held\n" + summary);
        assertEquals(Format.load(a.overall.someoneWaitingFraction()), find(WAIT, summary), "wait\n" + summary);
        double delivered = a.jvms.get(0).samplerDeliveredFraction();
        assertEquals(Sampling.starved(delivered), summary.contains("sampler starved"), "starved at " + delivered + "?\n" + summary);
        if (Sampling.starved(delivered)) assertTrue(summary.contains(Sampling.statement(delivered)), "the report's sentence\n" + summary);
        m = DISTRIBUTIONS.matcher(summary);
        assertTrue(m.find(), summary);
        assertEquals(List.of(String.valueOf(a.waitHistogram.getTotalCount()), p(a.waitHistogram, 50), p(a.waitHistogram, 99), max(a.waitHistogram),
                String.valueOf(a.holdHistogram.getTotalCount()), p(a.holdHistogram, 50), p(a.holdHistogram, 99), max(a.holdHistogram)),
                List.of(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7), m.group(8)), summary);

        Map<String, ThreadRows.Row> rows = new HashMap<>();
        for (ThreadRows.Row row : a.threadRows) rows.put(row.name, row);
        m = ROW.matcher(summary);
        int seen = 0;
        while (m.find()) {
            String name = m.group(1).trim();
            if (name.equals("thread")) continue;
            ThreadRows.Row row = rows.get(name);
            assertTrue(row != null, "the report has the summary's row " + name + ": " + rows.keySet() + "\n" + summary);
            assertTrue(row.waitsKnown, name);
            Histogram w = row.waits;
            assertEquals(List.of(Format.load(row.fraction(row.heldNanos)), Format.load(row.fraction(row.waitNanos)),
                    String.valueOf(row.acquisitions), String.valueOf(row.contendedAcquisitions), p(w, 50), p(w, 99), max(w)),
                    List.of(m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7), m.group(8)), name + "\n" + summary);
            seen++;
        }
        assertEquals(a.threadRows.size(), seen, "one summary row per report row\n" + summary);
        assertTrue(a.overall.contendedAcquisitions > 0, "three CPU-bound threads contend: the percentiles compared are not all '-'");
    }

    private static String find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        assertTrue(m.find(), p + "\n" + s);
        return m.group(1);
    }

    private static String p(Histogram h, double q) {
        return h == null || h.getTotalCount() == 0 ? "-" : Format.nanos(h.getValueAtPercentile(q));
    }

    private static String max(Histogram h) {
        return h == null || h.getTotalCount() == 0 ? "-" : Format.nanos(h.getMaxValue());
    }
}
