package dev.jgil.report.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Sort#orderBy} against a library stable sort: the same permutation, ties in their first order. */
class SortTest {
    private static int[] reference(long[] keys) {
        Integer[] p = new Integer[keys.length];
        for (int i = 0; i < p.length; i++) p[i] = i;
        Arrays.sort(p, Comparator.comparingLong(i -> keys[i])); // stable (TimSort)
        return Arrays.stream(p).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sortedInputNeedsNoPermutation() {
        assertNull(Sort.orderBy(new long[0]));
        assertNull(Sort.orderBy(new long[] {5}));
        assertNull(Sort.orderBy(new long[] {1, 2, 2, 3}));
    }

    @Test
    void sameAsAStableSort() {
        Random rnd = new Random(42);
        for (int round = 0; round < 300; round++) {
            int n = 2 + rnd.nextInt(round < 100 ? 20 : 3000);
            long[] keys = new long[n];
            int shape = round % 3;
            for (int i = 0; i < n; i++) {
                // random with many ties; interleaved ascending runs (thread buffers); descending
                keys[i] = shape == 0 ? rnd.nextInt(n / 2 + 1) : shape == 1 ? (i % 7) * 1000L + i / 7 + rnd.nextInt(3) : n - i;
            }
            int[] p = Sort.orderBy(keys);
            if (p == null) p = java.util.stream.IntStream.range(0, n).toArray(); // already in order
            assertArrayEquals(reference(keys), p, "round " + round);
        }
    }
}
