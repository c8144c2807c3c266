package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.model.ThreadInfo;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-thread table's rows: per-task threads grouped, everything else as before. */
class ThreadRowsTest {
    static Analysis perTask;

    @BeforeAll
    static void read() throws IOException {
        perTask = Reports.analyse(List.of(Fixtures.path(Fixtures.PER_TASK)));
    }

    static Map<String, ThreadRows.Row> byName(Analysis a) {
        return a.threadRows.stream().collect(Collectors.toMap(r -> r.name, Function.identity()));
    }

    @Test
    void shortLivedThreadsWithOneNameAreOneRowWithTheirCount() {
        assertEquals(73, perTask.lanes.size(), "the fixture's threads");
        Map<String, ThreadRows.Row> rows = byName(perTask);
        assertEquals(Set.of("task-0", "task-1", "pool-1-thread-#", "coordinator"), rows.keySet());
        for (String n : List.of("task-0", "task-1")) {
            ThreadRows.Row r = rows.get(n);
            assertEquals(ThreadRows.Kind.SAME_NAME, r.kind, n);
            assertTrue(r.group());
            assertEquals(30, r.threads(), n);
            assertEquals(1, r.names);
            assertEquals(30, r.members.stream().map(l -> l.thread.javaThreadId).distinct().count(), "30 distinct threads");
            assertTrue(r.members.stream().allMatch(l -> l.thread.name.equals(n)));
        }
    }

    @Test
    void manyNamesDifferingOnlyByATrailingNumberAreOnePatternRow() {
        ThreadRows.Row pool = byName(perTask).get("pool-1-thread-#");
        assertEquals(ThreadRows.Kind.NUMBERED, pool.kind);
        assertEquals(12, pool.threads());
        assertEquals(12, pool.names);
        assertTrue(pool.members.stream().allMatch(l -> l.thread.name.matches("pool-1-thread-\\d+")));
    }

    @Test
    void aFewNumberedThreadsKeepARowEach() throws IOException {
        // task-0 / task-1 are two roles, not a pool; web-0..2 likewise.
        assertFalse(byName(perTask).containsKey("task-#"));
        Analysis io = Reports.analyse(List.of(Fixtures.path(Fixtures.IOBOUND)));
        assertEquals(Set.of("web-0", "web-1", "web-2"), byName(io).keySet());
        assertTrue(io.threadRows.stream().noneMatch(ThreadRows.Row::group));
    }

    @Test
    void groupSumsEqualTheirMembersSums() {
        Set<Integer> seen = new HashSet<>();
        for (ThreadRows.Row r : perTask.threadRows) {
            double held = 0, wait = 0, outside = 0, released = 0;
            long acq = 0, cont = 0, waits = 0;
            for (Lane l : r.members) {
                assertTrue(seen.add(l.index), "every thread in exactly one row");
                assertEquals(r.jvm, l.jvm);
                ThreadInfo t = l.thread;
                held += t.heldNanos;
                wait += t.waitNanos;
                outside += t.outsideNanos;
                released += t.releasedNanos;
                acq += t.acquisitions;
                cont += t.contendedAcquisitions;
                waits += l.waits() == null ? 0 : l.waits().getTotalCount();
            }
            assertEquals(held, r.heldNanos, 1e-3, r.name);
            assertEquals(wait, r.waitNanos, 1e-3, r.name);
            assertEquals(outside, r.outsideNanos, 1e-3, r.name);
            assertEquals(released, r.releasedNanos, 1e-3, r.name);
            assertEquals(acq, r.acquisitions, r.name);
            assertEquals(cont, r.contendedAcquisitions, r.name);
            assertEquals(waits, r.waits == null ? 0 : r.waits.getTotalCount(), r.name);
        }
        assertEquals(perTask.lanes.size(), seen.size());
        ThreadRows.Row task0 = byName(perTask).get("task-0");
        assertTrue(task0.acquisitions >= 30, "each of the 30 threads acquired at least once: " + task0.acquisitions);
        assertTrue(task0.heldNanos > 0 && task0.waitNanos > 0);
    }

    @Test
    void aGroupsHeldFractionIsItsSummedHeldTimeOverTheObservedTime() {
        double observed = perTask.jvms.get(0).recording.totals.intervalNanos;
        double sumOfRows = 0;
        for (ThreadRows.Row r : perTask.threadRows) {
            assertEquals(observed, r.observedNanos, 0);
            assertEquals(r.heldNanos / observed, r.fraction(r.heldNanos), 1e-12);
            sumOfRows += r.fraction(r.heldNanos);
        }
        // One holder at a time: the rows' held shares add up to the lock's held share (thread sums: same source).
        assertEquals(perTask.overall.threadsHeldNanos / observed, sumOfRows, 1e-9);
        assertTrue(sumOfRows <= 1.0 + 1e-6, "held never passes 100%: " + sumOfRows);
    }

    @Test
    void singleThreadsKeepTheirRowsAsBefore() throws IOException {
        for (String f : List.of(Fixtures.COUNTDOWN, Fixtures.CONVOY, Fixtures.HOSTILE, Fixtures.BATTLE)) {
            Analysis a = Reports.analyse(List.of(Fixtures.path(f)));
            assertEquals(a.lanes.size(), a.threadRows.size(), f);
            for (int i = 0; i < a.lanes.size(); i++) {
                ThreadRows.Row r = a.threadRows.get(i);
                Lane l = a.lanes.get(i);
                assertEquals(ThreadRows.Kind.THREAD, r.kind, f);
                assertSame(l, r.members.get(0), f + ": same order as the lanes");
                assertEquals(l.thread.name, r.name);
                assertEquals(l.thread.heldNanos, r.heldNanos, 0);
                assertEquals(l.thread.waitNanos, r.waitNanos, 0);
                assertEquals(l.thread.acquisitions, r.acquisitions);
                assertEquals(l.waits() == null ? -1 : l.waits().getValueAtPercentile(99), r.waits == null ? -1 : r.waits.getValueAtPercentile(99));
            }
        }
        ThreadRows.Row coordinator = byName(perTask).get("coordinator");
        assertEquals(ThreadRows.Kind.THREAD, coordinator.kind);
        assertEquals(1, coordinator.threads());
    }

    @Test
    void rowsAreOrderedByJvmThenBusiestFirst() throws IOException {
        Analysis fleet = Reports.analyse(List.of(Fixtures.path(Fixtures.PER_TASK), Fixtures.path(Fixtures.COUNTDOWN)));
        assertEquals(4 + 2, fleet.threadRows.size(), "grouped per JVM");
        for (int i = 1; i < fleet.threadRows.size(); i++) {
            ThreadRows.Row p = fleet.threadRows.get(i - 1), r = fleet.threadRows.get(i);
            assertEquals(i, r.index);
            assertTrue(p.jvm < r.jvm || p.jvm == r.jvm && p.heldNanos + p.waitNanos >= r.heldNanos + r.waitNanos);
        }
        for (ThreadRows.Row r : fleet.threadRows) {
            for (int i = 1; i < r.members.size(); i++) {
                ThreadInfo a = r.members.get(i - 1).thread, b = r.members.get(i).thread;
                assertTrue(a.heldNanos + a.waitNanos >= b.heldNanos + b.waitNanos, "members busiest first");
            }
        }
    }

    @Test
    void onlyATrailingNumberAfterSomethingMakesAPattern() {
        assertEquals("pool-1-thread-", ThreadRows.numberedPrefix("pool-1-thread-17"));
        assertEquals("Thread-", ThreadRows.numberedPrefix("Thread-0"));
        assertNull(ThreadRows.numberedPrefix("coordinator"));
        assertNull(ThreadRows.numberedPrefix("42"));
        assertNull(ThreadRows.numberedPrefix(""));
        assertNull(ThreadRows.numberedPrefix("worker-1a"));
    }

    @Test
    void threadsWithoutANameAreOneRowShownAsUnnamed() {
        dev.jgil.report.model.JvmRecording rec = new dev.jgil.report.model.JvmRecording(java.nio.file.Path.of("v.jfr"));
        List<Lane> lanes = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) lanes.add(new Lane(i, 0, rec, new ThreadInfo(i, 10 + i, "")));
        lanes.add(new Lane(3, 0, rec, new ThreadInfo(3, 20, "main")));
        List<ThreadRows.Row> rows = ThreadRows.group(lanes);
        Map<String, ThreadRows.Row> byName = rows.stream().collect(Collectors.toMap(r -> r.name, Function.identity()));
        assertEquals(Set.of(ThreadRows.UNNAMED, "main"), byName.keySet());
        assertEquals(ThreadRows.Kind.SAME_NAME, byName.get(ThreadRows.UNNAMED).kind);
        assertEquals(3, byName.get(ThreadRows.UNNAMED).threads());
        assertEquals("", byName.get(ThreadRows.UNNAMED).members.get(0).thread.name, "the thread's own name stays as recorded");
    }
}
