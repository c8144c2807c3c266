package dev.jgil.report.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The warnings name the assumption a recording breaks, and stay quiet when it keeps them. */
class ZonesTest {
    static final long MS = 1_000_000, US = 1_000;

    @Test
    void aConsumerWokenByAProducerIsAWaitForAnotherThread() {
        // p computes 1 ms, then c computes 1 ms starting 10 µs after p's segment ended, 50 times: a hand-off chain.
        Trace.ThreadBuilder p = new Trace.ThreadBuilder("producer"), c = new Trace.ThreadBuilder("consumer");
        for (int i = 0; i < 50; i++) {
            p.segment(i * 3 * MS, MS, true, MS);
            c.segment(i * 3 * MS + MS + 10 * US, MS, true, MS);
        }
        Trace t = Trace.of(2, p.build(), c.build());
        // The consumer's 49 later starts follow the producer's ends; the producer's own 49 do not: half of the starts.
        assertEquals(0.5, Zones.wakeExcess(t), 1e-9);
        assertTrue(Zones.of(t).stream().anyMatch(w -> w.startsWith("threads wait for each other")), Zones.of(t).toString());
    }

    @Test
    void independentThreadsAtFullSpeedGiveNoWarning() {
        Trace.ThreadBuilder a = new Trace.ThreadBuilder("a"), b = new Trace.ThreadBuilder("b");
        for (int i = 0; i < 50; i++) {
            a.segment(i * 3 * MS, MS, true, MS);
            b.segment(i * 3 * MS + 1500 * US, MS, true, MS);
        }
        assertEquals(List.of(), Zones.of(Trace.of(2, a.build(), b.build())));
    }

    @Test
    void fourThreadsMeasuredOnTwoCoresAreSaidToOverPredictWhenTheirCpuTimeIsTheDemand() {
        // Four threads inside designated code together on 2 cores, each getting half a core: 10 ms segments, 5 ms CPU.
        Trace.ThreadTrace[] withCpu = new Trace.ThreadTrace[4], lengthsOnly = new Trace.ThreadTrace[4];
        for (int k = 0; k < 4; k++) {
            Trace.ThreadBuilder a = new Trace.ThreadBuilder("t" + k), b = new Trace.ThreadBuilder("t" + k);
            for (int i = 0; i < 20; i++) {
                a.segment(i * 11 * MS, 10 * MS, true, 5 * MS);
                b.segment(i * 11 * MS, 10 * MS, true);
            }
            withCpu[k] = a.build();
            lengthsOnly[k] = b.build();
        }
        List<String> cpu = Zones.of(Trace.of(2, withCpu));
        assertTrue(cpu.stream().anyMatch(w -> w.contains("got less than a core") && w.contains("the prediction is likely to be high")),
                cpu.toString());
        List<String> lengths = Zones.of(Trace.of(2, lengthsOnly));
        assertTrue(lengths.stream().anyMatch(w -> w.contains("got less than a core") && w.contains("scaled by the share")),
                lengths.toString());
    }

    @Test
    void shortSegmentsAreNamed() {
        Trace.ThreadBuilder a = new Trace.ThreadBuilder("a");
        for (int i = 0; i < 100; i++) a.segment(i * 100 * US, 5 * US, false, 5 * US);
        assertTrue(Zones.of(Trace.of(2, a.build())).stream().anyMatch(w -> w.startsWith("designated segments are short")));
    }

    @Test
    void callsAcrossGroupsAreNamedWhenTheGroupsAreKeptApart() {
        // 100 ms of designated time, 30 ms of it inside calls from one group's code into the other's.
        Trace.ThreadTrace t = new Trace.ThreadBuilder("t").segment(0, 70 * MS, false, 70 * MS, 0)
                .segment(70 * MS, 30 * MS, false, 30 * MS, 1).build();
        Trace apart = new Trace("synthetic", Long.MAX_VALUE, Long.MIN_VALUE, 2, true, java.util.List.of(t), Double.NaN,
                java.util.List.of("parser", "driver"), 30 * MS);
        assertTrue(Zones.of(apart).stream().anyMatch(w -> w.startsWith("30.0% of the designated time ran inside calls from one group")),
                Zones.of(apart).toString());
        Trace.ThreadTrace merged = new Trace.ThreadBuilder("t").segment(0, 100 * MS, false, 100 * MS).build();
        Trace one = new Trace("synthetic", Long.MAX_VALUE, Long.MIN_VALUE, 2, true, java.util.List.of(merged), Double.NaN,
                java.util.List.of("parser+driver"), 30 * MS);
        assertTrue(Zones.of(one).stream().noneMatch(w -> w.contains("calls from one group")), "one lock: nothing is handed over");
    }

    @Test
    void aThreadInOneCallToTheEndBesideManySegmentsLooksTimeBound() {
        Trace.ThreadBuilder io = new Trace.ThreadBuilder("echo");
        for (int i = 0; i < 20; i++) io.segment(i * 1_000_000L, 100_000, true);
        // The convoy cell: the echo client alone for the first half, the CPU thread spinning beside it for the second.
        Trace convoy = Trace.of(2, new Trace.ThreadBuilder("cpu").segment(10_000_000, 10_000_000, false).build(), io.build());
        assertTrue(Zones.of(convoy).stream().anyMatch(w -> w.startsWith("cpu was inside one designated call for most of the run")
                && w.contains("--time-bound cpu")), Zones.of(convoy).toString());
        assertTrue(Zones.of(convoy.withTimeBound(java.util.List.of("cpu"))).stream().noneMatch(w -> w.contains("--time-bound")),
                "not once it is marked");
        Trace twoLongCalls = Trace.of(2, new Trace.ThreadBuilder("a").segment(0, 20_000_000, false).build(),
                new Trace.ThreadBuilder("b").segment(0, 20_000_000, false).build());
        assertTrue(Zones.of(twoLongCalls).stream().noneMatch(w -> w.contains("--time-bound")), "countdown's shape is work");
    }
}
