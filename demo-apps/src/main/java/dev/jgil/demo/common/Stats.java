package dev.jgil.demo.common;

import java.util.Arrays;
import java.util.Locale;

/** Medians and friends for small samples. */
public final class Stats {
    private Stats() {
    }

    public static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The q-quantile (0..1) of nanosecond samples by nearest rank; the array is sorted in place. */
    public static long quantile(long[] sortedOrNot, int n, double q) {
        if (n == 0) return 0;
        Arrays.sort(sortedOrNot, 0, n);
        int rank = (int) Math.ceil(q * n) - 1;
        return sortedOrNot[Math.max(0, Math.min(n - 1, rank))];
    }

    public static double mean(long[] xs) {
        double sum = 0;
        for (long x : xs) sum += x;
        return xs.length == 0 ? Double.NaN : sum / xs.length;
    }

    /** The population standard deviation (ccbench's "std dev"). */
    public static double stdDev(long[] xs) {
        double m = mean(xs);
        double sq = 0;
        for (long x : xs) sq += (x - m) * (x - m);
        return xs.length == 0 ? Double.NaN : Math.sqrt(sq / xs.length);
    }

    public static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
