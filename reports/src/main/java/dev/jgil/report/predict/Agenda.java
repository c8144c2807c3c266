package dev.jgil.report.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The threads a step of the {@link Simulator} must look at, so that a step costs the threads that change, not all
 * threads: a recording of thread per task has tens of thousands of threads, at most a few of them running at a time.
 * Running threads are a set; threads in a gap are ordered by the time their gap ends ({@code gapEnd}, which must not
 * change while a thread is filed); threads whose gap is over but that wait for other threads ({@link Progress}) are
 * set aside until something happens.
 */
final class Agenda {
    private final double[] gapEnd;
    private final int[] running, runningAt;
    private int runningCount;
    private final TreeSet<Integer> gaps;
    private final List<Integer> waitingForOthers = new ArrayList<>();

    Agenda(double[] gapEnd) {
        this.gapEnd = gapEnd;
        int n = gapEnd.length;
        running = new int[n];
        runningAt = new int[n];
        Arrays.fill(runningAt, -1);
        gaps = new TreeSet<>((a, b) -> a.intValue() == b.intValue() ? 0
                : gapEnd[a] != gapEnd[b] ? Double.compare(gapEnd[a], gapEnd[b]) : Integer.compare(a, b));
    }

    void run(int t) {
        if (runningAt[t] >= 0) return;
        runningAt[t] = runningCount;
        running[runningCount++] = t;
    }

    void stop(int t) {
        int i = runningAt[t];
        if (i < 0) return;
        int last = running[--runningCount];
        running[i] = last;
        runningAt[last] = i;
        runningAt[t] = -1;
    }

    int runningCount() {
        return runningCount;
    }

    int running(int i) {
        return running[i];
    }

    /** The running threads, ascending (the order the simulator looks at them in). */
    int[] runningSorted() {
        int[] r = Arrays.copyOf(running, runningCount);
        Arrays.sort(r);
        return r;
    }

    /** Files a thread whose gap began ({@code gapEnd[t]} set). */
    void gap(int t) {
        gaps.add(t);
    }

    /** Takes a thread off the agenda (its {@code gapEnd} unchanged since it was filed). */
    void cancel(int t) {
        gaps.remove(t);
        waitingForOthers.remove(Integer.valueOf(t));
        stop(t);
    }

    /** Sets a thread aside that waits for others; {@link #due} looks at it again. */
    void waitForOthers(int t) {
        waitingForOthers.add(t);
    }

    double nextGapEnd() {
        return gaps.isEmpty() ? Double.POSITIVE_INFINITY : gapEnd[gaps.first()];
    }

    /**
     * The threads whose gap is over by {@code by}, ascending, taken off the agenda: those filed, and those set aside
     * whose recorded gap is over ({@code ready}: its end; a later one is filed again with that end).
     */
    List<Integer> due(double by, double[] ready) {
        for (int t : waitingForOthers) {
            gapEnd[t] = ready[t];
            gaps.add(t);
        }
        waitingForOthers.clear();
        List<Integer> out = new ArrayList<>();
        while (!gaps.isEmpty() && gapEnd[gaps.first()] <= by) out.add(gaps.pollFirst());
        out.sort(null);
        return out;
    }
}
