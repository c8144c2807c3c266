package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.runtime.GilLock;
import dev.jgil.schema.Durations;
import dev.jgil.schema.Format;
import dev.jgil.schema.Sampling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The gil_load-style summary printed at exit: the harvest's totals, one row per thread name. Its figures are the
 * report's, computed the same way from the same intervals (the harvest feeds the JFR events and these totals in one
 * step): held and wait are Σ fraction × interval over the elapsed time, percentiles come from the complete interval
 * histograms, rows group threads by the report's rule ({@link ThreadRows#rowNames}). {@code ExitSummaryAgreementIT}
 * compares a real run's summary with the report of its own recording.
 *
 * <p>With groups, one block per GIL — the default one, then each group — each titled {@code jgil: group NAME: GIL load
 * over ...} and saying for its lock what the summary says for the one GIL without groups (a thread that used two
 * groups is a row in both); the files line ends the whole. Without groups the summary is the one it always was.
 */
final class ExitSummary {
    /** Rows of the exit summary: a gil_load-style glance, not an inventory of short-lived threads. */
    private static final int MAX_THREADS = 12;

    private ExitSummary() {
    }

    /** Threads of one name in the exit summary, summed. */
    private static final class Row {
        final String name;
        int threads;
        double heldNanos, waitNanos;
        long acquisitions, contended;
        final Histogram waits = ThreadRecord.newPackedHistogram();

        Row(String name) {
            this.name = name;
        }

        void add(ThreadRecord r, long acq, long cont) {
            threads++;
            heldNanos += r.heldWeightedNanos;
            waitNanos += r.waitWeightedNanos;
            acquisitions += acq;
            contended += cont;
            r.addAllWaitsTo(waits);
        }

        void add(EndedThreads.Row r) {
            threads += r.threads;
            heldNanos += r.heldWeightedNanos;
            waitNanos += r.waitWeightedNanos;
            acquisitions += r.acquisitions;
            contended += r.contended;
            if (r.waits != null) waits.add(r.waits);
        }
    }

    /**
     * The summary of everything harvested so far.
     *
     * @param files the files written, as {@code " jfr=... hlog=..."}, or "" for none
     */
    static String text(LockRecording[] parts, AgentOptions opts, String files) {
        StringBuilder sb = new StringBuilder();
        boolean grouped = LockRecording.grouped(locks(parts));
        synchronized (parts[0].harvest.monitor) { // one monitor for all parts: the blocks are of the same intervals
            for (LockRecording p : parts) {
                if (grouped && p.lock.order() == 0 && p.harvest.totalAcquisitions == 0) {
                    // Every designated class is in a group: say so in one line rather than a block of zeros.
                    line(sb, "jgil: group %s: no designated code ran under it (every designated class is in a group)", p.group);
                    continue;
                }
                block(sb, p, opts, grouped ? "group " + p.group + ": " : "");
            }
            sb.append("  files:").append(files.isEmpty() ? " (none)" : files).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static GilLock[] locks(LockRecording[] parts) {
        GilLock[] l = new GilLock[parts.length];
        for (int i = 0; i < parts.length; i++) l[i] = parts[i].lock;
        return l;
    }

    /** One GIL's block; {@code title} names its group (empty without groups). */
    private static void block(StringBuilder sb, LockRecording p, AgentOptions opts, String title) {
        Harvest h = p.harvest;
        RecordingListener listener = p.listener;
        GilLock lock = p.lock;
        double elapsed = Math.max(1, h.totalElapsedNanos);
        boolean exact = h.everExact && !h.everSampled;
        double heldSampled = Harvest.ratio(h.totalHeldSamples, h.totalSamples);
        double held = h.totalHeldWeightedNanos / elapsed;
        double wait = h.totalWaitWeightedNanos / elapsed;
        long t = h.totalElapsedNanos;
        line(sb, "jgil: %sGIL load over %s (policy %s, interval %s, accounting %s; sampled every %s, n=%d)",
                title, Durations.human(t), lock.policy().name(), Durations.format(lock.intervalNanos()),
                exact ? "trace: held is exact" : "default: held is sampled",
                Durations.format(opts.samplePeriodNanos), h.totalSamples);
        double delivered = Sampling.deliveredFraction(h.totalSamples, t, opts.samplePeriodNanos);
        if (Sampling.starved(delivered)) line(sb, "  (%s)", Sampling.statement(delivered));
        line(sb, "  held: %s %s (1m %.3f, 5m %.3f, 15m %.3f)", Format.load(held),
                exact ? "exact " : String.format(Locale.ROOT, "±%.3f", Harvest.standardError(heldSampled, h.totalSamples)),
                h.heldLoad.value(0, t), h.heldLoad.value(1, t), h.heldLoad.value(2, t));
        line(sb, "  wait: %s ±%.3f (1m %.3f, 5m %.3f, 15m %.3f)  [any thread waiting]", Format.load(wait),
                Harvest.standardError(wait, h.totalSamples), h.waitLoad.value(0, t), h.waitLoad.value(1, t),
                h.waitLoad.value(2, t));
        line(sb, "  waits: %d, p50 %s, p99 %s, max %s; timed holds: %d, p50 %s, p99 %s, max %s",
                h.totalWaits.getTotalCount(), pct(h.totalWaits, 50), pct(h.totalWaits, 99), max(h.totalWaits),
                h.totalHolds.getTotalCount(), pct(h.totalHolds, 50), pct(h.totalHolds, 99), max(h.totalHolds));
        line(sb, "  acquisitions: %d (contended %d) by %d threads; switches %d (forced %d)", h.totalAcquisitions,
                h.totalContended, threads(h, listener), h.totalSwitches, h.totalForcedSwitches);
        threadRows(sb, h, listener, elapsed);
    }

    private static void threadRows(StringBuilder sb, Harvest h, RecordingListener listener, double elapsed) {
        // One row per thread name (and per numbered family, as the report groups them): a program that starts
        // threads per task would otherwise fill the summary with copies of the same row. Threads that ended are
        // already summed per name or pattern (EndedThreads), as the recording's rows of ended threads are.
        List<ThreadRecord> used = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(h.ended.rows.keySet());
        for (ThreadRecord r : listener.records.values()) {
            // As of the last harvest: threads go on acquiring after the recording stopped (daemon
            // threads during shutdown), and the summary must match the files.
            if (r.lastAcquisitions - r.firstAcquisitions == 0 && r.totalSamples == 0) continue;
            used.add(r);
            names.add(r.thread.getName());
        }
        Map<String, String> rowName = ThreadRows.rowNames(names);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (EndedThreads.Row e : h.ended.rows.values()) rows.computeIfAbsent(rowName.get(e.name), Row::new).add(e);
        for (ThreadRecord r : used) {
            rows.computeIfAbsent(rowName.get(r.thread.getName()), Row::new).add(r, r.lastAcquisitions - r.firstAcquisitions,
                    r.lastContendedAcquisitions - r.firstContendedAcquisitions);
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort((a, b) -> Double.compare(b.heldNanos + b.waitNanos, a.heldNanos + a.waitNanos)); // the report's order
        line(sb, "  %-24s %6s %6s %12s %10s %10s %10s %10s",
                "thread", "held", "wait", "acquisitions", "contended", "wait p50", "wait p99", "wait max");
        int shown = 0;
        int hidden = 0;
        for (Row row : sorted) {
            if (shown == MAX_THREADS) { // busiest first; the report and the .jfr have them all
                hidden += row.threads;
                continue;
            }
            shown++;
            // Both of the recording's elapsed time: a short-lived thread holds a small share of it.
            String label = ThreadRows.displayName(row.name);
            String name = row.threads == 1 ? truncate(label, 24) : truncate(label, 24 - 6) + " ×" + row.threads;
            line(sb, "  %-24s %6s %6s %12d %10d %10s %10s %10s", name, Format.load(row.heldNanos / elapsed),
                    Format.load(row.waitNanos / elapsed), row.acquisitions, row.contended, pct(row.waits, 50), pct(row.waits, 99),
                    max(row.waits));
        }
        if (hidden > 0) line(sb, "  (+%d more threads, each holding less; all are in the report)", hidden);
        if (sorted.stream().anyMatch(row -> row.threads > 1)) {
            line(sb, "  (×N: N threads of that name, or names differing only by a trailing number (#), summed)");
        }
    }

    /** Threads with any acquisition or sample in the recording, ended or alive: per lock, summed over the locks. */
    static int threads(LockRecording[] parts) {
        int n = 0;
        for (LockRecording p : parts) n += threads(p.harvest, p.listener);
        return n;
    }

    /** Threads with any acquisition or sample of one lock, ended or alive. */
    static int threads(Harvest h, RecordingListener listener) {
        int n = 0;
        for (EndedThreads.Row e : h.ended.rows.values()) n += e.threads;
        for (ThreadRecord r : listener.records.values()) {
            if (r.lastAcquisitions != r.firstAcquisitions || r.totalSamples != 0) n++;
        }
        return n;
    }

    /** Locale.ROOT: the summary reads the same under any locale (a German one printed 0,512). */
    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "-" : Durations.human(h.getValueAtPercentile(p));
    }

    private static String max(Histogram h) {
        return h.getTotalCount() == 0 ? "-" : Durations.human(h.getMaxValue());
    }
    /**
     * Prints the summary, or for a launcher that ran no designated code one line naming the children it recorded.
     *
     * @param files the files written, as {@code " jfr=... hlog=..."}, or "" for none
     */
    static void print(java.io.PrintStream out, LockRecording[] parts, AgentOptions opts, String files, boolean reportWritten) {
        String children = System.getProperty(MergedRecordings.PROPERTY);
        long used = 0;
        for (LockRecording p : parts) used += p.lock.acquisitions() + p.lock.registeredThreads();
        if (children != null && !children.isBlank() && used == 0) {
            // A launcher (a demo comparing policies): an all-zero table would read as "no GIL load" for its children's work.
            int n = children.split(java.io.File.pathSeparator).length;
            out.println("jgil: this JVM ran no designated code; it launched " + n + " child JVM" + (n == 1 ? "" : "s")
                    + (n == 1 ? " that recorded on its own" : " that recorded on their own") + (reportWritten ? ", merged into the report" : "") + ":" + files);
            out.flush();
            return;
        }
        out.print(text(parts, opts, files));
        String caught = caughtAtAttach();
        if (caught != null) out.print(caught);
        out.flush();
    }

    /**
     * The threads that were inside designated code when an attach wove it (the agent leaves their names
     * in a system property): a running frame keeps the code it entered with, so they ran that call
     * unserialized. Said in the summary, never left out silently; null if there were none.
     */
    static String caughtAtAttach() {
        String names = System.getProperty(CAUGHT_PROPERTY);
        if (names == null || names.isEmpty()) return null;
        int n = names.split("; ").length;
        return "  caught at attach: " + n + (n == 1 ? " thread was" : " threads were") + " inside designated code when "
                + "it was woven (a running frame keeps its code): serialized from their next call: " + names + "\n";
    }

    /** Set by the agent at attach: {@code "thread (class.method); ..."}. */
    static final String CAUGHT_PROPERTY = "jgil.attach.caught";

}
