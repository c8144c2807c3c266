package dev.jgil.report.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link Simulator} run measured per thread: its waits (each one, and those after blocking calls), its holds, the
 * drops it was asked for, and the recent token time {@code bfs} chooses by. Becomes the prediction's thread rows.
 */
final class Tally {
    private final double decayNanos;
    private final double[] waitStart, wait, held, recent, recentAt, afterBlockingWait;
    private final int[] forcedDrops, afterBlockingWaits;
    private final List<List<Double>> waits = new ArrayList<>();

    /** {@code n} threads; recent token time decays with a time constant of ten intervals. */
    Tally(int n, long intervalNanos) {
        decayNanos = 10.0 * intervalNanos;
        waitStart = new double[n];
        wait = new double[n];
        held = new double[n];
        recent = new double[n];
        recentAt = new double[n];
        afterBlockingWait = new double[n];
        forcedDrops = new int[n];
        afterBlockingWaits = new int[n];
        for (int t = 0; t < n; t++) waits.add(new ArrayList<>());
    }

    void startWaiting(int t, double now) {
        waitStart[t] = now;
    }

    /** Thread {@code t}'s wait ends now (it got the token, or stopped); {@code afterBlocking}: it began on the way back from a blocking call. */
    void waited(int t, double now, boolean afterBlocking) {
        double w = now - waitStart[t];
        wait[t] += w;
        waits.get(t).add(w);
        if (afterBlocking) {
            afterBlockingWaits[t]++;
            afterBlockingWait[t] += w;
        }
    }

    void held(int t, double nanos, double now) {
        held[t] += nanos;
        recent[t] = recentHeld(t, now) + nanos;
        recentAt[t] = now;
    }

    /** Token time held recently, decayed to {@code now} ({@code bfs}'s choice). */
    double recentHeld(int t, double now) {
        return recent[t] * Math.exp(-(now - recentAt[t]) / decayNanos);
    }

    void forcedDrop(int t) {
        forcedDrops[t]++;
    }

    /** Thread {@code t}'s row; {@code heldNanos} as simulated unless given (under {@code off}: its demand). */
    Prediction.ThreadResult row(Trace.ThreadTrace tt, int t, double demandNanos, double heldNanos, double spanNanos,
                                boolean timeBound) {
        List<Double> ws = waits.get(t);
        double[] w = new double[ws.size()];
        for (int k = 0; k < w.length; k++) w[k] = ws.get(k);
        return new Prediction.ThreadResult(tt.name, tt.segments(), tt.recordedBusy(), demandNanos, wait[t],
                Double.isNaN(heldNanos) ? held[t] : heldNanos, spanNanos, tt.lastEnd() - tt.start[0], w, afterBlockingWaits[t],
                afterBlockingWait[t], forcedDrops[t], timeBound);
    }

    static double sum(double[] xs) {
        return Arrays.stream(xs).sum();
    }
}
