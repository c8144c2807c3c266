package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.schema.Schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.runtime.GilLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.Timespan;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.IDescribable;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.ResultProvider;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;

/**
 * The recording file is a well-formed JFR file that the JDK's parser, the {@code jfr} tool and JDK Mission
 * Control all read, with jgil's events, labels and units intact. One trace recording is shared by all tests.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JfrFormatTest {
    @TempDir
    static Path dir;
    static RecordingRun run;

    @BeforeAll
    static void recordATraceOfAContendedWorkload() throws Exception {
        try (GilLock lock = new GilLock()) {
            // A 1 ms switch interval under 2 ms holds makes waiters ask for drops: SwitchRequest events.
            lock.setIntervalNanos(Workload.ms(1));
            AgentOptions o = RecordingRun.options(dir, "format", Schema.SETTINGS_TRACE, true);
            o.jfrJdk = "default"; // JMC's rules look at the JDK's events
            run = RecordingRun.record(lock, o, l -> {
                long calls = Workload.holdThenSleep(l, 2, Workload.ms(2), Workload.ms(1), Workload.ms(600));
                System.gc(); // JMC's GC rules throw NullPointerExceptions on recordings without any GC
                return calls + Workload.holdThenSleep(l, 2, Workload.ms(2), Workload.ms(1), Workload.ms(600));
            });
        }
    }

    @Test
    void everyJgilEventTypeIsInTheFileWithLabelsDescriptionsAndUnits() throws IOException {
        Map<String, EventType> types = new HashMap<>();
        try (RecordingFile f = new RecordingFile(run.jfr)) {
            for (EventType t : f.readEventTypes()) types.put(t.getName(), t);
        }
        for (String name : Schema.EVENT_NAMES) {
            EventType t = types.get(name);
            assertNotNull(t, name + " missing from the metadata");
            assertNotNull(t.getLabel(), name + " has no label");
            assertNotNull(t.getDescription(), name + " has no description");
            assertEquals(Schema.CATEGORY, t.getCategoryNames().get(0), name + " category");
            for (ValueDescriptor v : t.getFields()) {
                if (Set.of(Schema.START_TIME, Schema.DURATION, Schema.EVENT_THREAD, Schema.STACK_TRACE).contains(v.getName())) continue;
                assertNotNull(v.getLabel(), name + "." + v.getName() + " has no label");
                assertNotNull(v.getDescription(), name + "." + v.getName() + " has no description");
                if (v.getName().endsWith("Nanos")) {
                    assertEquals(Timespan.class.getName(), v.getContentType(), name + "." + v.getName() + " is a timespan");
                    assertEquals(Timespan.NANOSECONDS, v.getAnnotation(Timespan.class).value());
                }
                if (v.getName().endsWith("Fraction") || v.getName().endsWith("FractionSampled") || v.getName().endsWith("FractionError")) {
                    assertEquals(jdk.jfr.Percentage.class.getName(), v.getContentType(), name + "." + v.getName() + " is a percentage");
                }
            }
        }
        assertEquals("java.lang.Thread", types.get(Schema.HOLD).getField(Schema.Hold.HOLDER).getTypeName());
        assertEquals("java.lang.Thread", types.get(Schema.CONTENDED_ACQUIRE).getField(Schema.ContendedAcquire.BLOCKED_BY).getTypeName());
        assertEquals("java.lang.Thread", types.get(Schema.SWITCH_REQUEST).getField(Schema.SwitchRequest.REQUESTER).getTypeName());
        assertEquals("java.lang.Thread", types.get(Schema.THREAD_STATISTICS).getField(Schema.ThreadStatistics.THREAD).getTypeName());
    }

    @Test
    void detailEventsCarryThreadsCausesStackTracesAndDurationsMatchingTheirExactFields() throws IOException {
        List<RecordedEvent> holds = run.events(Schema.HOLD);
        List<RecordedEvent> waits = run.events(Schema.CONTENDED_ACQUIRE);
        List<RecordedEvent> switches = run.events(Schema.SWITCH_REQUEST);
        assertFalse(holds.isEmpty(), "holds");
        assertFalse(waits.isEmpty(), "contended acquisitions");
        assertFalse(switches.isEmpty(), "switch requests (1 ms interval, 2 ms holds)");
        Set<String> holders = new HashSet<>();
        for (RecordedEvent e : holds) {
            RecordedThread holder = e.getThread(Schema.Hold.HOLDER);
            holders.add(holder.getJavaName());
            assertNotNull(e.getStackTrace(), "hold stack trace");
            assertNotNull(e.getString(Schema.Hold.RELEASE_CAUSE));
        }
        assertEquals(Set.of("worker-0", "worker-1"), holders);
        assertDurationsTrackExactField(holds, Schema.Hold.HOLD_NANOS);
        assertDurationsTrackExactField(waits, Schema.ContendedAcquire.WAIT_NANOS);
        for (RecordedEvent e : waits) {
            assertTrue(e.getInt(Schema.ContendedAcquire.WAITERS_AT_START) >= 1);
            assertTrue(Set.of("ENTRY", "REACQUIRE", "AFTER_SWITCH").contains(e.getString(Schema.ContendedAcquire.CAUSE)));
            assertNotNull(e.getStackTrace(), "where it waited");
        }
        assertTrue(waits.stream().anyMatch(e -> e.getThread(Schema.ContendedAcquire.BLOCKED_BY) != null), "blockedBy");
        for (RecordedEvent e : switches) {
            assertNotNull(e.getThread(Schema.SwitchRequest.REQUESTER));
            assertNotNull(e.getThread(Schema.SwitchRequest.OWNER));
            assertTrue(e.getDuration(Schema.SwitchRequest.TIME_TO_DROP_NANOS).toNanos() >= 0);
        }
        RecordedEvent config = run.events(Schema.CONFIGURATION).get(0);
        assertEquals("switch", config.getString(Schema.Configuration.POLICY));
        assertEquals("trace", config.getString(Schema.Configuration.ACCOUNTING));
        assertEquals("com.example.**", config.getString(Schema.Configuration.INCLUDE));
        assertEquals(Workload.ms(1), config.getDuration(Schema.Configuration.INTERVAL_NANOS).toNanos());
    }

    /**
     * JFR's begin()/end() run in the listener, a few microseconds after the runtime's own clock reads; on
     * a busy machine a preemption in between stretches or shrinks single events, so the exact field is
     * the one to use. Typically, though, the JFR duration is the same span.
     */
    static void assertDurationsTrackExactField(List<RecordedEvent> events, String exactField) {
        int close = 0;
        for (RecordedEvent e : events) {
            long exact = e.getDuration(exactField).toNanos();
            long jfr = e.getDuration().toNanos();
            if (Math.abs(jfr - exact) <= Math.max(100_000, exact / 10)) close++;
        }
        // Most, not all: preemptions on a loaded 2-core machine skew a tail of events (seen: 79% within).
        assertTrue(close >= events.size() * 0.6, close + " of " + events.size() + " event durations within 10% / 100us of " + exactField);
    }

    @Test
    void jfrToolSummarizesAndPrintsOurEvents() throws Exception {
        String summary = jfr("summary", run.jfr.toString());
        for (String name : Schema.EVENT_NAMES) assertTrue(summary.contains(name), name + " in jfr summary:\n" + summary);
        String print = jfr("print", "--events", Schema.HOLD, run.jfr.toString());
        assertTrue(print.contains(Schema.HOLD + " {"), print.substring(0, Math.min(2000, print.length())));
        assertTrue(print.contains("holdNanos = "), "hold time printed");
        assertTrue(print.contains("holder = \"worker-"), "holder printed as a thread");
        assertTrue(print.contains("releaseCause = \"EXIT\""), "release cause printed");
        String stats = jfr("print", "--events", Schema.STATISTICS, run.jfr.toString());
        assertTrue(stats.contains("heldFraction = "), "statistics printed");
        assertTrue(stats.contains("%"), "fractions printed as percentages");
    }

    static String jfr(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jfr").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    @Test
    void missionControlLoadsOurEventTypesWithLabelsAndUnits() throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(run.jfr.toFile());
        IItemCollection holds = items.apply(ItemFilters.type(Schema.HOLD));
        assertTrue(holds.hasItems(), "JMC sees jgil.Hold");
        int types = 0;
        for (String name : Schema.EVENT_NAMES) {
            IItemCollection of = items.apply(ItemFilters.type(name));
            if (name.equals(Schema.SWITCH_REQUEST) || of.hasItems()) assertTrue(of.hasItems(), name + " in JMC");
            for (IItemIterable it : of) {
                types++;
                assertEquals(name, it.getType().getIdentifier());
                assertFalse(it.getType().getName().isBlank(), "label");
                Map<IAccessorKey<?>, ? extends IDescribable> keys = it.getType().getAccessorKeys();
                for (Map.Entry<IAccessorKey<?>, ? extends IDescribable> k : keys.entrySet()) {
                    String id = k.getKey().getIdentifier();
                    if (id.endsWith("Nanos")) {
                        assertEquals(UnitLookup.TIMESPAN, k.getKey().getContentType(), name + "." + id + " is a timespan in JMC");
                    }
                    if (id.equals(Schema.Statistics.HELD_FRACTION)) {
                        assertEquals(UnitLookup.PERCENTAGE, k.getKey().getContentType(), name + "." + id + " is a percentage in JMC");
                    }
                }
            }
        }
        assertTrue(types >= Schema.EVENT_NAMES.length, "every jgil type has items in JMC");
    }

    /**
     * JMC 9.1.1's rules evaluate over our file. Some of its JDK rules throw NullPointerExceptions on any
     * short recording that lacks the events they expect (seen: GcPauseTargetRule, FileForce), so the
     * specification is relative: our file breaks no rule that a plain JDK recording of the same length and
     * settings doesn't break too, and most rules evaluate.
     */
    @Test
    void missionControlRulesRunOverTheRecordingWithoutError() throws Exception {
        Path baseline = dir.resolve("baseline.jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("default"))) {
            r.start();
            Thread.sleep(300);
            System.gc();
            Thread.sleep(300);
            r.stop();
            r.dump(baseline);
        }
        Map<String, String> baselineFailures = new HashMap<>();
        evaluateRules(baseline, baselineFailures);
        Map<String, String> failures = new HashMap<>();
        int evaluated = evaluateRules(run.jfr, failures);
        assertTrue(evaluated > 20, "JMC rules evaluated: " + evaluated);
        failures.keySet().removeAll(baselineFailures.keySet());
        // JMC 9.1.1 rules that NPE depending on what the JVM happened to do during the recording (no GC
        // pause, no file force, no CPU sample): they fail on plain JDK recordings too, just not every time.
        failures.keySet().removeAll(Set.of("GcPauseTargetRule", "FileForce", "HighJvmCpu"));
        assertEquals(Map.of(), failures, "rules failing on our file only (JMC's failures on a plain JDK file: " + baselineFailures + ")");
    }

    static int evaluateRules(Path file, Map<String, String> failures) throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(file.toFile());
        ResultProvider provider = new ResultProvider();
        int evaluated = 0;
        for (IRule rule : RuleRegistry.getRules()) {
            try {
                RunnableFuture<IResult> f = rule.createEvaluation(items, IPreferenceValueProvider.DEFAULT_VALUES, provider);
                f.run();
                IResult r = f.get(30, TimeUnit.SECONDS);
                provider.addResults(r);
                assertNotNull(r.getSeverity());
                evaluated++;
            } catch (Exception e) {
                failures.put(rule.getId(), String.valueOf(e.getCause()));
            }
        }
        return evaluated;
    }

    @Test
    void exitSummaryNamesThreadsAndFiles() {
        assertTrue(run.summary.contains("held:"), run.summary);
        assertTrue(run.summary.contains("wait:"), run.summary);
        assertTrue(run.summary.contains("worker-0") && run.summary.contains("worker-1"), run.summary);
        assertTrue(run.summary.contains(run.jfr.toAbsolutePath().toString()), run.summary);
        assertTrue(run.summary.contains(run.hlog.toAbsolutePath().toString()), run.summary);
        assertTrue(Files.exists(run.hlog));
    }
}
