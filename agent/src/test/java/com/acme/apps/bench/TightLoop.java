package com.acme.apps.bench;

import java.util.Arrays;

/**
 * A tight designated loop for the checkpoint-cost benchmark (benchmarks/run agent checkpoints). Prints the
 * fastest round's nanoseconds per iteration (the least disturbed by other processes on a shared machine;
 * the median too) of {@link #chain} (a dependent arithmetic chain: the typical
 * interpreter-style loop) and {@link #sum} (an array sum the JIT can vectorize without checkpoints).
 * Arguments: {@code chain|sum}.
 */
public final class TightLoop {
    static volatile long sink;
    static final int[] DATA = new int[4096];

    public static long chain(int n) {
        long x = 1;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    public static long sum(int n) {
        long s = 0;
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < DATA.length; i++) {
                s += DATA[i];
            }
        }
        return s;
    }

    public static void main(String[] args) {
        boolean chain = args.length == 0 || args[0].equals("chain");
        for (int i = 0; i < DATA.length; i++) DATA[i] = i * 7 + 3;
        int n = chain ? 10_000_000 : 10_000; // both about 20-40 ms per round: short rounds, many of them
        long perRoundIterations = chain ? n : (long) n * DATA.length;
        for (int i = 0; i < 30; i++) sink = chain ? chain(n) : sum(n); // warm-up, JIT
        double[] nsPerIteration = new double[60];
        for (int i = 0; i < nsPerIteration.length; i++) {
            long t0 = System.nanoTime();
            sink = chain ? chain(n) : sum(n);
            nsPerIteration[i] = (System.nanoTime() - t0) / (double) perRoundIterations;
        }
        Arrays.sort(nsPerIteration);
        System.out.printf("nsPerIteration=%.4f%n", nsPerIteration[0]);
        System.out.printf("medianNsPerIteration=%.4f%n", nsPerIteration[nsPerIteration.length / 2]);
    }
}
