package dev.jgil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table printer reads a real JMH result file (from a QUICK run on the 2-core dev machine). */
class RuntimeSuiteTableTest {
    @Test
    void parsesRealJmhJsonAndPrintsEveryFigure() throws IOException {
        String json;
        try (InputStream in = RuntimeSuiteTableTest.class.getResourceAsStream("/jmh-quick-jdk17.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RuntimeSuiteTable t = new RuntimeSuiteTable();
        t.readJmh(json);
        RuntimeSuiteTable.Score rl = t.jmh("UncontendedEnterExitBenchmark.reentrantLock");
        assertEquals("ns/op", rl.unit());
        assertTrue(rl.score() > 0);

        t.readHandOff(List.of(
                "variant\tmetric\tscore_us\terror_us\tpooled_us\trounds\thandoffs_per_round\tpaired_ratio\tpaired_ratio_error",
                "park/unpark\tmedian\t1.5\t0.2\t1.5\t4\t2000\t1.0\t0.0",
                "gil switch\tmedian\t2.0\t0.7\t2.0\t4\t2000\t1.34\t0.69"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        t.print(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String table = buf.toString(StandardCharsets.UTF_8);
        assertTrue(table.startsWith("| figure | jgil (score ± error) | baseline (score ± error) | ratio | target | met? |"));
        assertTrue(table.contains("| uncontended outermost enter+exit, default accounting | "), table);
        assertTrue(table.contains("1.34 ± 0.69× (paired)"), table);
    }

    @Test
    void verdictSaysWhenTheErrorBarStraddlesTheTarget() {
        assertEquals("yes", RuntimeSuiteTable.verdict(1.0, 0.1, 1.2));
        assertEquals("yes (within error)", RuntimeSuiteTable.verdict(1.1, 0.2, 1.2));
        assertEquals("no (within error)", RuntimeSuiteTable.verdict(1.3, 0.2, 1.2));
        assertEquals("**no**", RuntimeSuiteTable.verdict(2.0, 0.2, 1.2));
    }
}
