package dev.jgil.report.model;

/** Index sort of primitive keys without boxing (1M events: no Integer[] of 1M). */
final class Sort {
    private Sort() {
    }

    /** The permutation that orders {@code keys} ascending (stable), or null if already ordered. */
    static int[] orderBy(long[] keys) {
        int n = keys.length;
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) sorted = keys[i - 1] <= keys[i];
        if (sorted) return null;
        int[] a = new int[n], b = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        // Bottom-up merge sort: stable, O(n log n), two int arrays.
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) b[k++] = keys[a[j]] < keys[a[i]] ? a[j++] : a[i++];
                while (i < mid) b[k++] = a[i++];
                while (j < hi) b[k++] = a[j++];
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    static long[] permute(long[] v, int[] p) {
        long[] out = new long[v.length];
        for (int i = 0; i < p.length; i++) out[i] = v[p[i]];
        return out;
    }

    static int[] permute(int[] v, int[] p) {
        int[] out = new int[v.length];
        for (int i = 0; i < p.length; i++) out[i] = v[p[i]];
        return out;
    }

    static byte[] permute(byte[] v, int[] p) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < p.length; i++) out[i] = v[p[i]];
        return out;
    }
}
