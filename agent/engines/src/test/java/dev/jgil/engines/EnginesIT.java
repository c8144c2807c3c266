package dev.jgil.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.engines.EngineJvm.Result;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.Finding;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.schema.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real engines nobody here wrote, each designated whole with 4+ threads, finish under every policy with the results
 * they check themselves (hit counts, every HTTP 200 and its body, every echo, row counts), and the report of each
 * run's own recording renders and lists the engine's own threads. A stall fails after {@link #TIMEOUT} with the
 * child's GIL state, its threads (GIL owner marked) and a {@code jcmd Thread.print}.
 *
 * <p>The engines run on the JDK running the tests (CI runs the build on 17 and on 25), or on
 * {@code -Djgil.engines.javaHome}. Sizes are small on purpose: seconds per run, the whole matrix a few minutes.
 * Each run's wall time goes to {@code target/engines-jdk<N>.md}.
 */
class EnginesIT {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** An engine: its driver, what is designated (the whole library) and a prefix of the threads that run it. */
    enum Engine {
        LUCENE("LuceneDriver", "org.apache.lucene.**", "pool-", "threads=4", "docs=2000", "queries=50"),
        JETTY("JettyDriver", "org.eclipse.jetty.**", "qtp", "requests=160", "clients=4"),
        NETTY("NettyDriver", "io.netty.**", "multiThreadIoEventLoopGroup", "conns=4", "trips=150"),
        H2("H2Driver", "org.h2.**", "pool-", "threads=4", "rows=100"),
        SQLITE("SqliteDriver", "org.sqlite.**", "sql-", "threads=4", "rows=150");

        final String main;
        final String include;
        final String threadPrefix;
        final List<String> args;

        Engine(String driver, String include, String threadPrefix, String... args) {
            this.main = "dev.jgil.engines.drivers." + driver;
            this.include = include;
            this.threadPrefix = threadPrefix;
            this.args = List.of(args);
        }
    }

    /**
     * Every policy: CPython's, the two beyond it, and off. bfs once ran Lucene and H2 with 4 threads at 9x the run
     * without the agent (4x {@code switch}) while every unit test of it passed: real engines are where a policy's
     * hand-offs meet library code that enters and leaves designated code thousands of times a second.
     */
    static final List<String> POLICIES = List.of(Names.SWITCH, Names.TICKS, Names.FIFO, Names.PRIORITY, Names.BFS, Names.OFF);

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Engine e : Engine.values()) for (String p : POLICIES) out.add(Arguments.of(e, p));
        return out.stream();
    }

    /** engine/policy -> "pass|FAIL, seconds": the matrix of this JVM, written at the end. */
    private static final Map<String, String> RUNS = new TreeMap<>();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} policy={1}")
    @MethodSource("matrix")
    void engineDesignatedWholeFinishesWithCorrectResultsAndAReadableReport(Engine engine, String policy) throws Exception {
        String key = String.format(Locale.ROOT, "%-7s %-8s", engine.name().toLowerCase(Locale.ROOT), policy);
        RUNS.put(key, "FAIL (did not finish)");
        Path jfr = dir.resolve("engine.jfr");
        String agent = "include=" + engine.include + ",policy=" + policy + ",jfr=" + jfr + ",hlog=off,report=off,summary=off,stats.period=200ms";
        Result r = EngineJvm.run(engine.main, agent, engine.args, dir, TIMEOUT);
        RUNS.put(key, String.format(Locale.ROOT, "FAIL | %.1f", r.millis() / 1000.0));

        assertEquals(0, r.exitCode(), () -> "the engine's own checks failed or it crashed\n" + r);
        assertEquals("true", r.result("ok"), r::toString);

        assertTrue(Files.size(jfr) > 0, "a recording: " + jfr);
        Analysis a = Reports.analyse(List.of(jfr));
        String html = Reports.html(a);
        String text = Reports.text(a);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("</html>"), "the HTML report renders");
        List<String> rows = a.threadRows.stream().map(row -> row.name).collect(Collectors.toList());
        if (!policy.equals(Names.OFF)) {
            // Under off nobody acquires: offRunReportListsTheEngineThreads checks that the threads are still listed.
            List<ThreadRows.Row> engineRows = a.threadRows.stream().filter(row -> row.name.startsWith(engine.threadPrefix)).toList();
            assertTrue(!engineRows.isEmpty(), () -> "the report lists the engine's threads (" + engine.threadPrefix + "*): " + rows + "\n" + text);
            assertTrue(engineRows.stream().anyMatch(row -> row.acquisitions > 0),
                    () -> "the engine's threads entered designated code: " + rows + "\n" + text);
            for (ThreadRows.Row row : engineRows) assertTrue(html.contains(row.name), "the HTML report names " + row.name);
        }

        Set<String> findings = a.findings.stream().map(Finding::ruleId).collect(Collectors.toSet());
        if (policy.equals(Names.OFF)) {
            // Nothing is serialized: no thread ever waits for the lock, so no finding about waiting can be true.
            for (String waiting : List.of("convoy", "gil-battle", "contention")) {
                assertTrue(!findings.contains(waiting), () -> "policy=off, yet a '" + waiting + "' finding\n" + text);
            }
        }
        RUNS.put(key, String.format(Locale.ROOT, "pass | %.1f | %s", r.millis() / 1000.0,
                a.findings.stream().map(f -> f.ruleId()).sorted().distinct().collect(Collectors.joining(" "))));
    }

    /**
     * Under {@code policy=off} nothing is serialized, yet the recording still knows who ran designated code (depth
     * is tracked, the sampler counts those threads as inside): the report lists the engine's threads, not "no
     * designated code ran".
     */
    @Test
    void offRunReportListsTheEngineThreads() throws Exception {
        Path jfr = dir.resolve("engine.jfr");
        Engine e = Engine.SQLITE;
        Result r = EngineJvm.run(e.main, "include=" + e.include + ",policy=off,jfr=" + jfr + ",hlog=off,report=off,summary=off",
                e.args, dir, TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        Analysis a = Reports.analyse(List.of(jfr));
        assertTrue(a.threadRows.stream().anyMatch(row -> row.name.startsWith(e.threadPrefix)), () -> Reports.text(a));
        assertTrue(a.measured() && !Reports.text(a).contains("Nothing measured"), () -> Reports.text(a));
    }

    /**
     * Two engines in one program, each its own GIL group (issue 17): Lucene and H2 serialized each on its own lock,
     * not against each other; every row and document checked, and the report has one row per group, each with the
     * engine's threads acquiring its lock.
     */
    @ParameterizedTest(name = "policy={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {Names.SWITCH, Names.BFS})
    void twoEnginesInTwoGroupsFinishWithCorrectResultsAndAReportPerGroup(String policy) throws Exception {
        Path jfr = dir.resolve("groups.jfr");
        String agent = "group.search=org.apache.lucene.**,group.db=org.h2.**,policy=" + policy + ",group.db.interval=1ms,jfr="
                + jfr + ",hlog=off,report=off,summary=off,stats.period=200ms";
        Result r = EngineJvm.run("dev.jgil.engines.drivers.GroupsDriver", agent, List.of("threads=4", "rows=100"), dir, TIMEOUT);
        assertEquals(0, r.exitCode(), () -> "the engines' own checks failed or it crashed\n" + r);
        assertEquals("true", r.result("ok"), r::toString);
        Analysis a = Reports.analyse(List.of(jfr));
        List<String> groups = a.jvms.stream().map(j -> j.recording.group).collect(Collectors.toList());
        assertTrue(groups.containsAll(List.of("search", "db")), () -> groups + "\n" + Reports.text(a));
        for (var j : a.jvms) {
            if (j.recording.group.equals(Names.DEFAULT_GROUP)) continue;
            assertTrue(j.acquisitions > 0, () -> j.recording.group + " acquired nothing\n" + Reports.text(a));
        }
        String html = Reports.html(a);
        assertTrue(html.contains("search") && html.contains("db"), "the HTML report names both groups");
    }

    @AfterAll
    static void writeMatrix() throws Exception {
        String jdk = String.valueOf(Runtime.version().feature());
        String home = EngineJvm.javaHome().toString();
        StringBuilder b = new StringBuilder("engines on " + home + "\n\n| engine  policy | result | wall s | findings |\n|---|---|---|---|\n");
        RUNS.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Path out = Paths.get("target", "engines-" + Paths.get(home).getFileName() + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString());
        System.out.println(b + "(tests ran on JDK " + jdk + ")");
    }
}
