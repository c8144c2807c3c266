package dev.jgil.report.model;

import java.util.Arrays;

/**
 * Growable primitive arrays: a 1M-event recording becomes a few flat arrays (~30 bytes an event)
 * instead of 1M {@code RecordedEvent} object graphs.
 */
final class Growable {
    private Growable() {
    }

    static final class Longs {
        long[] a = new long[1024];
        int n;

        void add(long v) {
            if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }

        long[] trim() {
            return Arrays.copyOf(a, n);
        }
    }

    static final class Ints {
        int[] a = new int[1024];
        int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }

        int[] trim() {
            return Arrays.copyOf(a, n);
        }
    }

    static final class Bytes {
        byte[] a = new byte[1024];
        int n;

        void add(byte v) {
            if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }

        byte[] trim() {
            return Arrays.copyOf(a, n);
        }
    }

    static final class Floats {
        float[] a = new float[1024];
        int n;

        void add(float v) {
            if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }

        float[] trim() {
            return Arrays.copyOf(a, n);
        }
    }
}
