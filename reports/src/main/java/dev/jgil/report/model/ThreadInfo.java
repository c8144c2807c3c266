package dev.jgil.report.model;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * One thread that used the GIL (or appears in a jgil event) in one recording. The sums come from
 * {@code jgil.ThreadStatistics}: exact for held time under trace accounting, sampled otherwise; wait
 * time is always exact (timed waits).
 */
public final class ThreadInfo {
    /** Index into {@link JvmRecording#threads}. */
    public final int index;
    /** {@code Thread.getId()}, or -1 when JFR did not know it. */
    public final long javaThreadId;
    /** The thread's name as recorded (untrusted text: escape it wherever it is shown). */
    public String name;

    public double heldNanos;
    public double waitNanos;
    public double outsideNanos;
    public double releasedNanos;
    public long acquisitions;
    public long contendedAcquisitions;
    public long samples;
    /** Whether any of this thread's statistics intervals were exact (trace accounting). */
    public boolean exact;
    /**
     * Threads that ended before an event of their own and were summed under this name or pattern
     * ({@code jgil.ThreadStatistics} with thread id 0 and {@code threads} N); 0 for an ordinary thread.
     */
    public long endedThreads;
    /** Whether this thread appeared in jgil.ThreadStatistics at all (else: only named by a detail event). */
    public boolean hasStatistics;
    /**
     * Every contended wait of this thread (ns), from the jgil.ThreadStatistics histograms: complete whatever the
     * detail threshold. Null when it never waited or the recording predates the field. Packed and made on the first
     * wait: a plain histogram costs ~16 KB even for one value, and a thread-per-task recording names a million
     * threads (16 GB; seen: an exit report failing with OutOfMemoryError).
     */
    public Histogram waits;

    /** Adds waits to {@link #waits}. */
    public void addWaits(Histogram h) {
        if (h == null || h.getTotalCount() == 0) return;
        if (waits == null) waits = new PackedHistogram(3);
        WaitHistograms.addInto(waits, h);
    }

    /**
     * {@link #addWaits}, but waits spread over several buckets go into a plain histogram: adding thousands of buckets
     * to a packed one grows its storage a step at a time, copying it each time. A plain one holds up to ~170 KB, so
     * the caller bounds how many threads get one.
     *
     * @return whether {@link #waits} became a plain histogram in this call
     */
    boolean addWaitsPlain(Histogram h) {
        if (h == null || h.getTotalCount() == 0) return false;
        boolean becomesPlain = (waits == null || waits instanceof PackedHistogram) && !WaitHistograms.oneBucket(h);
        if (becomesPlain) {
            Histogram plain = new Histogram(3);
            if (waits != null) plain.add(waits); // the same counts, so the same percentiles, sums and extremes
            waits = plain;
        }
        addWaits(h);
        return becomesPlain;
    }

    /** How many threads this entry stands for: 1, or the ended threads summed under its name. */
    public long threadCount() {
        return endedThreads > 0 ? endedThreads : 1;
    }

    public ThreadInfo(int index, long javaThreadId, String name) {
        this.index = index;
        this.javaThreadId = javaThreadId;
        this.name = name;
    }
}
