package dev.jgil.report.model;

/** Index sort of primitive keys without boxing (1M events: no Integer[] of 1M). */
final class Sort {
    private Sort() {
    }

    /** The permutation that orders {@code keys} ascending (stable), or null if already ordered. */
    static int[] orderBy(long[] keys) {
        int n = keys.length;
        // Where each ascending run starts: events arrive thread buffer by thread buffer, each buffer in time order, so a
        // million holds are a few thousand runs; merging runs takes log2(runs) passes instead of log2(n).
        int[] starts = new int[16];
        int runs = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || keys[i] < keys[i - 1]) {
                if (runs == starts.length) starts = java.util.Arrays.copyOf(starts, runs * 2);
                starts[runs++] = i;
            }
        }
        if (runs <= 1) return null;
        int[] a = new int[n], b = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        // The keys travel with the indexes: a merge reads them in sequence, not through the permutation.
        long[] ka = keys.clone(), kb = new long[n];
        while (runs > 1) {
            int merged = 0;
            for (int r = 0; r < runs; r += 2) {
                int lo = starts[r], mid = r + 1 < runs ? starts[r + 1] : n, hi = r + 2 < runs ? starts[r + 2] : n;
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    // Ties from the left run first: stable.
                    if (ka[j] < ka[i]) {
                        kb[k] = ka[j];
                        b[k++] = a[j++];
                    } else {
                        kb[k] = ka[i];
                        b[k++] = a[i++];
                    }
                }
                System.arraycopy(ka, i, kb, k, mid - i);
                System.arraycopy(a, i, b, k, mid - i);
                k += mid - i;
                System.arraycopy(ka, j, kb, k, hi - j);
                System.arraycopy(a, j, b, k, hi - j);
                starts[merged++] = lo;
            }
            runs = merged;
            int[] t = a;
            a = b;
            b = t;
            long[] kt = ka;
            ka = kb;
            kb = kt;
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
