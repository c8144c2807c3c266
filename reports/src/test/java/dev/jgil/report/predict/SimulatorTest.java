package dev.jgil.report.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulator on synthetic recordings whose answer follows from the model by hand (hand-off latency 0 unless said,
 * times in ns). Each test states the arithmetic.
 */
class SimulatorTest {
    static final long MS = 1_000_000, US = 1_000;
    static final double EXACT = 1; // ns: the simulation is exact up to rounding

    /** One segment of {@code ms} starting at {@code at}. */
    static Trace.ThreadTrace cpu(String name, long atMs, long ms) {
        return new Trace.ThreadBuilder(name).segment(atMs * MS, ms * MS, false).build();
    }

    static Prediction.ThreadResult thread(Prediction p, String name) {
        return p.threads.stream().filter(t -> t.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void twoCpuThreadsOnTwoCoresTakeTwiceAsLongUnderSwitch() {
        // 100 ms of demand each, recorded side by side on 2 cores (no deflation): the lock runs them one after the
        // other, 200 ms. They alternate every 5 ms: the one that started waits 19 × 5 ms, the other 20 × 5 ms.
        Trace t = Trace.of(2, cpu("a", 0, 100), cpu("b", 0, 100));
        Prediction p = Simulator.run(t, Policy.SWITCH, 5 * MS, 0);
        assertEquals(100 * MS, t.wallNanos());
        assertEquals(200 * MS, p.wallNanos, EXACT);
        assertEquals(95 * MS, thread(p, "a").waitNanos, EXACT);
        assertEquals(100 * MS, thread(p, "b").waitNanos, EXACT);
        assertEquals(195 * MS, p.addedWaitNanos(), EXACT);
        assertEquals(5 * MS, thread(p, "b").waitPercentile(50), EXACT, "each wait is one interval");
        assertEquals(5 * MS, thread(p, "b").waitPercentile(99), EXACT);
        assertEquals(100 * MS, thread(p, "a").heldNanos, EXACT);
        assertEquals(2.0, p.slowdown(), 1e-9);
    }

    @Test
    void theIntervalSetsTheWaitsNotTheWallOfCpuBoundThreads() {
        Trace t = Trace.of(2, cpu("a", 0, 100), cpu("b", 0, 100));
        Prediction p = Simulator.run(t, Policy.SWITCH, 1 * MS, 0);
        assertEquals(200 * MS, p.wallNanos, EXACT);
        assertEquals(1 * MS, thread(p, "a").waitPercentile(50), EXACT);
    }

    @Test
    void everyHandOffCostsTheLatency() {
        // 39 forced switches (every 5 ms until one thread is done) each leave the token in flight 10 µs.
        Trace t = Trace.of(2, cpu("a", 0, 100), cpu("b", 0, 100));
        Prediction p = Simulator.run(t, Policy.SWITCH, 5 * MS, 10 * US);
        assertEquals(200 * MS + 39 * 10 * US, p.wallNanos, EXACT);
    }

    @Test
    void offReplaysTheRecording() {
        // Off changes nothing: three threads, overlapping on 2 cores, with gaps: the replay is the recording.
        Trace.ThreadTrace a = new Trace.ThreadBuilder("a").segment(0, 30 * MS, true).segment(40 * MS, 30 * MS, false).build();
        Trace.ThreadTrace b = new Trace.ThreadBuilder("b").segment(5 * MS, 60 * MS, false).build();
        Trace.ThreadTrace c = new Trace.ThreadBuilder("c").segment(10 * MS, 20 * MS, false).segment(50 * MS, 40 * MS, false).build();
        Trace t = new Trace("synthetic", -5 * MS, 100 * MS, 2, true, java.util.List.of(a, b, c));
        Prediction p = Simulator.run(t, Policy.OFF, 5 * MS, 0);
        assertEquals(t.wallNanos(), p.wallNanos, 10, "off predicts the recorded wall time");
        assertEquals(0, p.addedWaitNanos(), EXACT);
        assertEquals(80 * MS, thread(p, "c").spanNanos, 10, "c: 10 ms to 90 ms, as recorded");
    }

    @Test
    void segmentsRecordedOnTooFewCoresAreDeflatedToTheirCpuShare() {
        // Three threads side by side for 150 ms on 2 cores: each got 2/3 of a core, 100 ms of CPU. Under a lock they
        // run one at a time at full speed: 300 ms. Off replays the 150 ms.
        Trace t = Trace.of(2, cpu("a", 0, 150), cpu("b", 0, 150), cpu("c", 0, 150));
        assertEquals(100 * MS, Simulator.run(t, Policy.SWITCH, 5 * MS, 0).threads.get(0).demandNanos, EXACT);
        assertEquals(300 * MS, Simulator.run(t, Policy.SWITCH, 5 * MS, 0).wallNanos, EXACT);
        assertEquals(150 * MS, Simulator.run(t, Policy.OFF, 5 * MS, 0).wallNanos, EXACT);
    }

    /**
     * The convoy (bpo-7946): an I/O thread that computes 0.1 ms and then blocks 1 ms, ten times, beside a CPU thread with
     * 200 ms of demand. Both start at 0; the CPU thread (first) takes the token. Each time the I/O thread blocks it hands
     * the token to the CPU thread; back from the call it finds the token held and waits one whole interval.
     */
    static Trace convoy() {
        Trace.ThreadBuilder io = new Trace.ThreadBuilder("io");
        for (int i = 0; i < 10; i++) io.segment(i * 1100 * US, 100 * US, i < 9);
        return Trace.of(2, cpu("cpu", 0, 200), io.build());
    }

    @Test
    void aThreadBackFromABlockingCallWaitsOneIntervalUnderSwitch() {
        Prediction p = Simulator.run(convoy(), Policy.SWITCH, 5 * MS, 0);
        Prediction.ThreadResult io = thread(p, "io");
        // 10 waits of 5 ms (the first at entry), 10 × 0.1 ms computing, 9 × 1 ms blocked: done at 60 ms, not 11 ms.
        assertEquals(10, io.contendedWaits());
        assertEquals(50 * MS, io.waitNanos, EXACT);
        assertEquals(60 * MS, io.spanNanos, EXACT);
        assertEquals(9, io.waitsAfterBlocking);
        assertEquals(45 * MS, io.waitAfterBlockingNanos, EXACT);
        // The CPU thread loses the token for 0.1 ms ten times: it finishes at 201 ms.
        assertEquals(1 * MS, thread(p, "cpu").waitNanos, EXACT);
        assertEquals(201 * MS, p.wallNanos, EXACT);
    }

    @Test
    void fifoHasTheConvoyToo() {
        // fifo hands over on release, but the CPU thread never releases: the I/O thread still waits an interval.
        Prediction p = Simulator.run(convoy(), Policy.FIFO, 5 * MS, 0);
        assertEquals(50 * MS, thread(p, "io").waitNanos, EXACT);
        assertEquals(201 * MS, p.wallNanos, EXACT);
    }

    @Test
    void priorityLetsTheThreadBackFromBlockingInAtOnce() {
        // Only the entry wait (5 ms) remains: 5 + 10 × 0.1 + 9 × 1 = 15 ms.
        Prediction p = Simulator.run(convoy(), Policy.PRIORITY, 5 * MS, 0);
        assertEquals(5 * MS, thread(p, "io").waitNanos, EXACT);
        assertEquals(15 * MS, thread(p, "io").spanNanos, EXACT);
        assertEquals(201 * MS, p.wallNanos, EXACT);
    }

    /** a computes 10 ms, exits and re-enters at once for 10 ms more; b arrives at 1 ms with 10 ms of demand. */
    static Trace reentering() {
        Trace.ThreadTrace a = new Trace.ThreadBuilder("a").segment(0, 10 * MS, false).segment(10 * MS, 10 * MS, false).build();
        return Trace.of(8, a, cpu("b", 1, 10));
    }

    @Test
    void fifoHandsTheTokenToTheWaiterAtEveryRelease() {
        // Interval 100 ms: no forced switch. a's exit at 10 ms hands to b (waited 9 ms), a waits for b: 20 → 30 ms.
        Prediction p = Simulator.run(reentering(), Policy.FIFO, 100 * MS, 0);
        assertEquals(9 * MS, thread(p, "b").waitNanos, EXACT);
        assertEquals(10 * MS, thread(p, "a").waitNanos, EXACT);
        assertEquals(30 * MS, p.wallNanos, EXACT);
    }

    @Test
    void switchLetsTheReleaserBargeBackIn() {
        // Under switch a's exit frees the token and wakes b, but a re-enters first: b waits until a is done (20 ms).
        Prediction p = Simulator.run(reentering(), Policy.SWITCH, 100 * MS, 0);
        assertEquals(19 * MS, thread(p, "b").waitNanos, EXACT);
        assertEquals(0, thread(p, "a").waitNanos, EXACT);
        assertEquals(30 * MS, p.wallNanos, EXACT);
    }

    @Test
    void ticksNeverAsksForADrop() {
        Trace t = Trace.of(2, cpu("a", 0, 100), cpu("b", 0, 100));
        Prediction p = Simulator.run(t, Policy.TICKS, 5 * MS, 0);
        assertEquals(100 * MS, thread(p, "b").waitNanos, EXACT, "b waits for a's whole segment");
        assertEquals(200 * MS, p.wallNanos, EXACT);
    }

    @Test
    void bfsGivesTheTokenToTheWaiterThatHeldItLeast() {
        // a and b alternate from 0; c arrives at 12 ms. At the drop at 15 ms c (never held) goes before b (held 5 ms),
        // though b queued first.
        Trace t = Trace.of(8, cpu("a", 0, 30), cpu("b", 0, 30), cpu("c", 12, 30));
        Prediction bfs = Simulator.run(t, Policy.BFS, 5 * MS, 0);
        Prediction sw = Simulator.run(t, Policy.SWITCH, 5 * MS, 0);
        assertTrue(thread(bfs, "c").waitPercentile(0) < thread(sw, "c").waitPercentile(0),
                "c's first wait: bfs " + thread(bfs, "c").waitPercentile(0) + " vs switch " + thread(sw, "c").waitPercentile(0));
        assertEquals(3 * MS, thread(bfs, "c").waitPercentile(0), EXACT);
        assertEquals(90 * MS, bfs.wallNanos, EXACT);
    }

    @Test
    void theRecordedTailAfterTheLastSegmentIsKept() {
        // The recording runs 50 ms past the last designated activity (shutdown, output): that stays.
        Trace t = new Trace("synthetic", 0, 150 * MS, 2, true,
                java.util.List.of(cpu("a", 0, 100), cpu("b", 0, 100)));
        assertEquals(250 * MS, Simulator.run(t, Policy.SWITCH, 5 * MS, 0).wallNanos, EXACT);
    }

    @Test
    void onABusyMachineTheLockCostsOnlyWhatTheProgramsShareOfCoresAllowed() {
        // Two threads side by side for 100 ms on 2 cores, each with 40 ms of CPU: a share of 0.4 each, so the program
        // had 2 · 0.4 = 0.8 cores. Each segment is worth 40 ms at full speed; under the lock one thread runs at 0.8:
        // 50 ms each, 100 ms in all — the lock takes nothing the machine had given. Off replays the 100 ms.
        Trace t = Trace.of(2, new Trace.ThreadBuilder("a").segment(0, 100 * MS, false, 40 * MS).build(),
                new Trace.ThreadBuilder("b").segment(0, 100 * MS, false, 40 * MS).build());
        assertEquals(0.8, new Demand(t).capacity, 1e-9);
        assertEquals(40 * MS, Simulator.run(t, Policy.SWITCH, 5 * MS, 0).threads.get(0).demandNanos, 10);
        assertEquals(100 * MS, Simulator.run(t, Policy.SWITCH, 5 * MS, 0).wallNanos, 10);
        assertEquals(100 * MS, Simulator.run(t, Policy.OFF, 5 * MS, 0).wallNanos, 10);
        assertTrue(Zones.of(t).stream().anyMatch(w -> w.startsWith("the machine was busy")), Zones.of(t).toString());
    }

    @Test
    void segmentsThatRanAtFullSpeedSayNothingAboutLoad() {
        Trace t = Trace.of(2, new Trace.ThreadBuilder("a").segment(0, 100 * MS, false, 99 * MS).build());
        assertEquals(2, new Demand(t).capacity, 1e-9);
        assertTrue(Zones.of(t).isEmpty(), Zones.of(t).toString());
    }
    @Test
    void aSegmentsDemandIsTheCpuItUsedNotItsTimeOffTheCpu() {
        // Two threads side by side for 100 ms on 2 cores of an idle machine (jdk.CPULoad: nobody else used a core), each
        // with 30 ms of CPU: the rest they spent blocked on a monitor the other held, or in a call the lock does not
        // release around (the lock's watchdog hands the token off such an owner). Under the lock each needs its 30 ms:
        // the second waits for the first, 60 ms in all. Off replays the 100 ms. From the segments alone the machine
        // would look busy (a share of 0.3 each: 0.6 cores).
        Trace blocked = Trace.of(2, new Trace.ThreadBuilder("a").segment(0, 100 * MS, false, 30 * MS).build(),
                new Trace.ThreadBuilder("b").segment(0, 100 * MS, false, 30 * MS).build());
        assertEquals(0.6, new Demand(blocked).capacity, 1e-9, "the fallback reads time off the CPU as a busy machine");
        Trace idle = blocked.withOtherCores(0.0);
        assertEquals(2, new Demand(idle).capacity, 1e-9);
        Prediction p = Simulator.run(idle, Policy.SWITCH, 5 * MS, 0);
        assertEquals(60 * MS, p.wallNanos, EXACT);
        assertEquals(30 * MS, thread(p, "a").demandNanos, EXACT);
        assertEquals(100 * MS, Simulator.run(idle, Policy.OFF, 5 * MS, 0).wallNanos, EXACT);
        assertTrue(Zones.of(idle).stream().noneMatch(w -> w.startsWith("the machine was busy")), Zones.of(idle).toString());
    }

    @Test
    void theCoresOtherProcessesTookAreTheOnesTheProgramDidNotHave() {
        // The same two CPU-bound threads as onABusyMachine..., with the machine's own figure: other processes used
        // 1.2 of the 2 cores, so the program had 0.8 whatever its segments say.
        Trace t = Trace.of(2, new Trace.ThreadBuilder("a").segment(0, 100 * MS, false, 40 * MS).build(),
                new Trace.ThreadBuilder("b").segment(0, 100 * MS, false, 40 * MS).build()).withOtherCores(1.2);
        assertEquals(0.8, new Demand(t).capacity, 1e-9);
        assertEquals(100 * MS, Simulator.run(t, Policy.SWITCH, 5 * MS, 0).wallNanos, 10);
        assertTrue(Zones.of(t).stream().anyMatch(w -> w.contains("other processes")), Zones.of(t).toString());
    }

    /** One segment of {@code ms} starting at {@code at} that needs lock {@code gil} of the trace. */
    static Trace.ThreadTrace cpuIn(int gil, String name, long atMs, long ms) {
        return new Trace.ThreadBuilder(name).segment(atMs * MS, ms * MS, false, -1, gil).build();
    }

    @Test
    void twoGroupsOnTwoCoresRunInParallelAndOneGilForBothSerializesThem() {
        // PEP 684's case: two CPU-bound libraries, a thread each, 100 ms each on 2 cores. A lock per group: nobody
        // waits, 100 ms. Both under one lock: the 200 ms of the first test.
        java.util.List<String> two = java.util.List.of("parser", "driver");
        Prediction apart = Simulator.run(Trace.of(2, two, cpuIn(0, "a", 0, 100), cpuIn(1, "b", 0, 100)), Policy.SWITCH, 5 * MS, 0);
        assertEquals(100 * MS, apart.wallNanos, EXACT);
        assertEquals(0, apart.addedWaitNanos(), EXACT);
        assertEquals(two, apart.gils);
        Prediction one = Simulator.run(Trace.of(2, cpuIn(0, "a", 0, 100), cpuIn(0, "b", 0, 100)), Policy.SWITCH, 5 * MS, 0);
        assertEquals(200 * MS, one.wallNanos, EXACT);
    }

    @Test
    void threadsOfOneGroupStillSerializeWhileAnotherGroupRunsBesideThem() {
        // Group 0: a and b, 100 ms each; group 1: c, 100 ms; 3 cores. a and b take turns (200 ms, 195 ms of waits as in
        // the first test); c runs beside them, never waits.
        Trace t = Trace.of(3, java.util.List.of("parser", "driver"), cpuIn(0, "a", 0, 100), cpuIn(0, "b", 0, 100),
                cpuIn(1, "c", 0, 100));
        Prediction p = Simulator.run(t, Policy.SWITCH, 5 * MS, 0);
        assertEquals(200 * MS, p.wallNanos, EXACT);
        assertEquals(195 * MS, p.addedWaitNanos(), EXACT);
        assertEquals(0, thread(p, "c").waitNanos, EXACT);
        assertEquals(100 * MS, thread(p, "c").spanNanos, EXACT);
    }

    @Test
    void twoGroupsOnOneCoreShareItAsUnderOff() {
        // Recorded side by side on one core, each 100 ms segment is 50 ms of CPU; a lock each, they share the core again
        // as under off: 100 ms, as recorded, and nobody waits for a token. One lock for both: 100 ms of CPU in turn, the
        // same 100 ms, but now each waits for the other.
        Trace t = Trace.of(1, java.util.List.of("parser", "driver"), cpuIn(0, "a", 0, 100), cpuIn(1, "b", 0, 100));
        Prediction p = Simulator.run(t.withOtherCores(0), Policy.SWITCH, 5 * MS, 0);
        assertEquals(100 * MS, p.wallNanos, EXACT);
        assertEquals(0, p.addedWaitNanos(), EXACT);
        Trace one = Trace.of(1, cpuIn(0, "a", 0, 100), cpuIn(0, "b", 0, 100)).withOtherCores(0);
        Prediction q = Simulator.run(one, Policy.SWITCH, 5 * MS, 0);
        assertEquals(100 * MS, q.wallNanos, EXACT);
        assertEquals(95 * MS, q.addedWaitNanos(), EXACT, "a waits 9 intervals, b 10");
    }

    @Test
    void aThreadThatJoinedWorkersResumesAfterTheirSimulatedEnd() {
        // main computes 10 ms, starts two workers (100 ms each, 2 cores, from 10.01 ms), joins them and resumes 20 µs
        // after they ended (110.01 ms) for 10 ms more. Under the lock the workers take turns and end at 210.01 ms; main
        // resumes 20 µs later, 210.02 ms, waits for nobody and ends at 220.02 ms (without the join it would resume at
        // 110.03 ms, beside the workers). Under off the replay is the recording, 120.03 ms.
        Trace.ThreadTrace main = new Trace.ThreadBuilder("main").segment(0, 10 * MS, false)
                .segment(110 * MS + 30 * US, 10 * MS, false).build();
        Trace.ThreadTrace a = new Trace.ThreadBuilder("a").segment(10 * MS + 10 * US, 100 * MS, false).build();
        Trace.ThreadTrace b = new Trace.ThreadBuilder("b").segment(10 * MS + 10 * US, 100 * MS, false).build();
        Trace t = Trace.of(2, main, a, b);
        Prediction p = Simulator.run(t, Policy.SWITCH, 5 * MS, 0);
        assertEquals(220 * MS + 30 * US, p.wallNanos, EXACT);
        assertEquals(0, thread(p, "main").waitNanos, EXACT);
        assertEquals(195 * MS, p.addedWaitNanos(), EXACT, "the workers' turns only");
        assertEquals(120 * MS + 30 * US, Simulator.run(t, Policy.OFF, 5 * MS, 0).wallNanos, EXACT);
    }

    @Test
    void aGapThatEndsLongAfterAnotherThreadEndedIsNoJoin() {
        // main resumes 3 ms after the workers' recorded end: not a wake-up by them (the window is 2 ms), so it resumes
        // after its recorded gap (at 113.01 ms) and takes turns with the workers.
        Trace.ThreadTrace main = new Trace.ThreadBuilder("main").segment(0, 10 * MS, false)
                .segment(113 * MS + 10 * US, 10 * MS, false).build();
        Trace.ThreadTrace a = new Trace.ThreadBuilder("a").segment(10 * MS + 10 * US, 100 * MS, false).build();
        Trace.ThreadTrace b = new Trace.ThreadBuilder("b").segment(10 * MS + 10 * US, 100 * MS, false).build();
        Prediction p = Simulator.run(Trace.of(2, main, a, b), Policy.SWITCH, 5 * MS, 0);
        assertTrue(thread(p, "main").waitNanos > 0, "main waits for the token beside the workers");
    }

    @Test
    void aThreadBeginsOnlyOnceTheThreadThatStartedItGotThere() {
        // main computes 50 ms beside c (60 ms) and, 10 µs after its segment, starts w, whose 10 ms begin 2.99 ms later
        // (too late to count as a join). Under the lock main and c take turns: main's segment ends at 95 ms, so w starts
        // at 95.01 ms and begins at 98 ms (not at its recorded 53 ms). c has 15 ms left: w waits for c's drop at 103 ms,
        // runs 5 ms, waits 5 ms for c's next turn and ends at 118 ms; c ends the 120 ms of demand. Without the start w
        // would begin beside main and c.
        Trace.ThreadTrace main = new Trace.ThreadBuilder("main").segment(0, 50 * MS, false).build();
        Trace.ThreadTrace c = new Trace.ThreadBuilder("c").segment(0, 60 * MS, false).build();
        Trace.ThreadTrace w = new Trace.ThreadBuilder("w").segment(53 * MS, 10 * MS, false).build();
        Trace t = Trace.of(2, main, c, w).withStart(2, 0, 50 * MS + 10 * US);
        Prediction p = Simulator.run(t, Policy.SWITCH, 5 * MS, 0);
        assertEquals(10 * MS, thread(p, "w").waitNanos, EXACT);
        assertEquals(120 * MS, p.wallNanos, EXACT);
        assertEquals(20 * MS, thread(p, "w").spanNanos, EXACT, "from its simulated beginning at 98 ms to 118 ms");
        Prediction unlinked = Simulator.run(Trace.of(2, main, c, w), Policy.SWITCH, 5 * MS, 0);
        assertTrue(Math.abs(thread(unlinked, "w").spanNanos - 20 * MS) > MS, "w's recorded start would change the answer");
    }

    @Test
    void aTimeBoundThreadKeepsTheOthersWaitingUntilTheirWorkIsDone() {
        // The convoy, but the CPU thread was recorded for 12 ms only (it stopped at a deadline when the I/O thread did):
        // replayed as work, it is done early and the I/O thread's later round trips wait for nobody; replayed as running
        // for a fixed time it stays busy until the I/O thread's ten round trips are done, as under convoy()'s 200 ms.
        Trace.ThreadBuilder io = new Trace.ThreadBuilder("io");
        for (int i = 0; i < 10; i++) io.segment(i * 1100 * US, 100 * US, i < 9);
        Trace t = Trace.of(2, cpu("cpu", 0, 12), io.build());
        Prediction asWork = Simulator.run(t, Policy.SWITCH, 5 * MS, 0);
        assertTrue(thread(asWork, "io").waitNanos < 20 * MS, "the recorded work runs out: " + thread(asWork, "io").waitNanos);

        Prediction p = Simulator.run(t.withTimeBound(List.of("cpu")), Policy.SWITCH, 5 * MS, 0);
        Prediction.ThreadResult ioRow = thread(p, "io"), cpuRow = thread(p, "cpu");
        assertEquals(50 * MS, ioRow.waitNanos, EXACT, "an interval at every arrival, as beside 200 ms of work");
        assertEquals(60 * MS, ioRow.spanNanos, EXACT);
        assertEquals(60 * MS, p.wallNanos, EXACT, "the CPU thread stops when the I/O thread is done");
        assertEquals(1 * MS, cpuRow.waitNanos, EXACT);
        assertEquals(59 * MS, cpuRow.heldNanos, EXACT, "held beyond its recorded 12 ms");
        assertTrue(cpuRow.timeBound && !ioRow.timeBound);
        assertEquals(List.of("cpu"), p.timeBound());
    }

    @Test
    void aTimeBoundThreadRepeatsItsRecordedSequence() {
        // b computes 2 ms, 1 ms outside, 2 ms; replayed beside w's 30 ms under off (2 cores) it goes round (2 on, 1 off:
        // the first gap between its segments) until w is done at 30 ms: 20 ms held.
        Trace.ThreadTrace b = new Trace.ThreadBuilder("b").segment(0, 2 * MS, false).segment(3 * MS, 2 * MS, false).build();
        Trace t = Trace.of(2, b, cpu("w", 0, 30)).withTimeBound(List.of("b"));
        Prediction p = Simulator.run(t, Policy.OFF, 5 * MS, 0);
        assertEquals(30 * MS, p.wallNanos, EXACT);
        assertEquals(20 * MS, thread(p, "b").heldNanos, EXACT);
    }

    @Test
    void aThreadThatJoinsATimeBoundThreadResumesWhenTheOthersAreDone() {
        // main starts nothing but joins cpu (resumes 20 µs after cpu's recorded end); io is the only work. cpu, time-bound,
        // stops when io is done and main waits only for cpu; the replay ends instead of waiting forever.
        Trace.ThreadTrace main = new Trace.ThreadBuilder("main").segment(0, 1 * MS, false)
                .segment(12 * MS + 20 * US, 1 * MS, false).build();
        Trace.ThreadBuilder io = new Trace.ThreadBuilder("io");
        for (int i = 0; i < 10; i++) io.segment(2 * MS + i * 1100 * US, 100 * US, i < 9);
        Trace t = Trace.of(2, main, cpu("cpu", 1, 11), io.build()).withTimeBound(List.of("cpu"));
        Prediction p = Simulator.run(t, Policy.SWITCH, 5 * MS, 0);
        double ioEnd = thread(p, "io").spanNanos + 2 * MS;
        assertTrue(p.wallNanos >= ioEnd + 1 * MS, "main's last millisecond comes after io's end: " + p.wallNanos + " vs " + ioEnd);
        assertTrue(p.wallNanos < ioEnd + 2 * MS, p.wallNanos + " vs " + ioEnd);
    }

    @Test
    @Timeout(10) // repeated, it would never end
    void aTimeBoundThreadWhoseRoundTakesNoTimeIsNotRepeated() {
        // A segment of no length and no CPU: repeated, simulated time would stand still; it runs once.
        Trace.ThreadTrace empty = new Trace.ThreadBuilder("poller").segment(0, 0, false).build();
        Prediction p = Simulator.run(Trace.of(2, empty, cpu("w", 0, 10)).withTimeBound(List.of("poller")), Policy.SWITCH, 5 * MS, 0);
        assertEquals(10 * MS, p.wallNanos, EXACT);
    }

    @Test
    void aTimeBoundNameMustMatchAThreadAndLeaveOneThreadOfWork() {
        Trace t = Trace.of(2, cpu("cpu-1", 0, 10), cpu("cpu-2", 0, 10), cpu("io", 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.withTimeBound(List.of("cpu")));
        assertEquals("--time-bound cpu: no thread of that name has designated segments (threads: cpu-1, cpu-2, io)", e.getMessage());
        assertEquals(List.of(true, true, false), List.of(t.withTimeBound(List.of("cpu-*")).timeBound[0],
                t.withTimeBound(List.of("cpu-*")).timeBound[1], t.withTimeBound(List.of("cpu-*")).timeBound[2]));
        assertThrows(IllegalArgumentException.class, () -> t.withTimeBound(List.of("*")), "nothing left to replay as work");
    }
}
