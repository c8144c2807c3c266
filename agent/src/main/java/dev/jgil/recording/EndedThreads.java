package dev.jgil.recording;

import dev.jgil.report.analysis.ThreadRows;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * What the recording keeps of threads that have ended: their sums for the exit summary, one row per name
 * (or name pattern), so that its memory is bounded by the names, not by the threads a program started.
 * Stats thread only, under the harvest's monitor (the exit summary reads it under the same monitor).
 *
 * <p>Names are kept as they are until a numbered name ({@code task-17}) has {@link #POOL_NAMES} distinct
 * siblings with the same prefix; from then on they are one pattern {@code task-#} — the report's rule for
 * grouping the rows of its thread table ({@link ThreadRows#NUMBERED_MIN_NAMES}), so a pool's threads are one
 * row in both. Past {@link #MAX_ROWS} rows, further names share one row, {@link #OTHER}.
 */
final class EndedThreads {
    /** Distinct numbered names with one prefix from which they are one pattern (= the report's rule). */
    static final int POOL_NAMES = ThreadRows.NUMBERED_MIN_NAMES;
    static final int MAX_ROWS = 512;
    private static final int MAX_PREFIXES_TRACKED = 4096;
    static final String OTHER = "(other ended threads)";

    /** Sums over the ended threads of one name or pattern, over the whole recording. */
    static final class Row {
        final String name;
        int threads;
        long acquisitions, contended, samples;
        /** Σ fraction × interval of their statistics rows: the report's sums. */
        double heldWeightedNanos, waitWeightedNanos;
        /** Their waits (packed: memory grows with the buckets in use), or null. */
        Histogram waits;

        Row(String name) {
            this.name = name;
        }

        void add(Row o) {
            threads += o.threads;
            acquisitions += o.acquisitions;
            contended += o.contended;
            samples += o.samples;
            heldWeightedNanos += o.heldWeightedNanos;
            waitWeightedNanos += o.waitWeightedNanos;
            if (o.waits != null) addWaits(o.waits);
        }

        void addWaits(Histogram h) {
            if (h == null || h.getTotalCount() == 0) return;
            if (waits == null) waits = ThreadRecord.newPackedHistogram();
            waits.add(h);
        }
    }

    /** Numbered prefixes not (yet) pooled, with the distinct names seen (fewer than POOL_NAMES each). */
    private final Map<String, Set<String>> namesByPrefix = new HashMap<>();
    private final Set<String> pooled = new HashSet<>();
    final Map<String, Row> rows = new LinkedHashMap<>();

    /** The row key of a thread name: the name, or its pattern once its prefix is pooled. */
    String key(String name) {
        String p = numberedPrefix(name);
        if (p == null) return name;
        if (pooled.contains(p)) return p + "#";
        Set<String> names = namesByPrefix.get(p);
        if (names == null) {
            if (namesByPrefix.size() >= MAX_PREFIXES_TRACKED) namesByPrefix.clear(); // bounded: costs grouping only
            namesByPrefix.put(p, names = new HashSet<>());
        }
        names.add(name);
        if (names.size() < POOL_NAMES) return name;
        namesByPrefix.remove(p);
        pooled.add(p);
        // The rows kept under the siblings' own names join the pattern's row.
        Row pattern = null;
        for (var it = rows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Row> e = it.next();
            if (p.equals(numberedPrefix(e.getKey()))) {
                if (pattern == null) pattern = new Row(p + "#");
                pattern.add(e.getValue());
                it.remove();
            }
        }
        if (pattern != null) rows.put(pattern.name, pattern);
        return p + "#";
    }

    /** Whether {@code name}'s prefix is pooled (the exit summary shows live threads of it in the pattern's row). */
    boolean pooledName(String name) {
        String p = numberedPrefix(name);
        return p != null && pooled.contains(p);
    }

    /** Keeps an ended thread's sums (after its last statistics row). */
    void retire(ThreadRecord r) {
        long acq = r.lastAcquisitions - r.firstAcquisitions;
        if (acq == 0 && r.totalSamples == 0 && !r.firstWaitHarvested) return; // never did anything: no row
        Row row = row(key(r.thread.getName()));
        row.threads++;
        row.acquisitions += acq;
        row.contended += r.lastContendedAcquisitions - r.firstContendedAcquisitions;
        row.samples += r.totalSamples;
        row.heldWeightedNanos += r.heldWeightedNanos;
        row.waitWeightedNanos += r.waitWeightedNanos;
        if (r.firstWaitHarvested || r.allWaits != null) {
            if (row.waits == null) row.waits = ThreadRecord.newPackedHistogram();
            r.addAllWaitsTo(row.waits);
        }
    }

    /** Adds the sums of threads that ended before a row of their own (one statistics row of ended threads). */
    void add(String name, int threads, long acquisitions, long contended, long samples, double heldWeightedNanos,
             double waitWeightedNanos, Histogram waits) {
        Row row = row(key(name));
        row.threads += threads;
        row.acquisitions += acquisitions;
        row.contended += contended;
        row.samples += samples;
        row.heldWeightedNanos += heldWeightedNanos;
        row.waitWeightedNanos += waitWeightedNanos;
        row.addWaits(waits);
    }

    private Row row(String key) {
        Row row = rows.get(key);
        if (row == null) {
            if (rows.size() >= MAX_ROWS) key = OTHER;
            row = rows.computeIfAbsent(key, Row::new);
        }
        return row;
    }

    /** The name without its trailing decimal number, or null when it has none or nothing before it. */
    static String numberedPrefix(String name) {
        return ThreadRows.numberedPrefix(name);
    }
}
