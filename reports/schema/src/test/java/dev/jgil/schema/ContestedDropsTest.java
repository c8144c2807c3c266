package dev.jgil.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The battle's measure: drops made while another thread waited, and of them those the dropper won back. */
class ContestedDropsTest {
    @Test
    void onlyDropsWithSomeoneWaitingCountAndTheDropperTakingTheNextHoldWinsItBack() {
        // a, a, b, a: drops at 10, 20 and 40; b waits from 15 to 25 (across the drop at 20 only).
        long[] start = {0, 10, 20, 30}, nanos = {10, 10, 10, 10}, thread = {1, 1, 2, 1};
        boolean[] drop = {true, true, true, false};
        long[][] c = ContestedDrops.count(start, nanos, thread, drop, new long[] {15}, new long[] {10}, null);
        assertArrayEquals(new long[] {1, 0}, c[0], "the drop at 20 was contested and b took the GIL");
        c = ContestedDrops.count(start, nanos, thread, drop, new long[] {5}, new long[] {10}, null);
        assertArrayEquals(new long[] {1, 1}, c[0], "the drop at 10 was contested and a took it back");
    }
}
