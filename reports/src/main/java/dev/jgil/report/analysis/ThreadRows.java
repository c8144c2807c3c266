package dev.jgil.report.analysis;

import dev.jgil.report.model.ThreadInfo;
import dev.jgil.report.model.WaitHistograms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The rows of the per-thread table (and the lanes of the timeline): programs that start a thread per task
 * (the countdown demo's fresh {@code countdown-0} per repetition, pools that die and respawn, a thread per
 * request) would otherwise give one row per thread ever seen, hundreds of them.
 * <ul>
 *   <li>Threads of one JVM with the same name are one row ({@link Kind#SAME_NAME}) carrying their sums and
 *       their count.</li>
 *   <li>Names that differ only by a trailing number ({@code pool-1-thread-1}, {@code pool-1-thread-2}, …) are
 *       one row ({@link Kind#NUMBERED}, shown as {@code pool-1-thread-#}) when at least
 *       {@link #NUMBERED_MIN_NAMES} such names share the prefix: a few numbered workers ({@code web-0..2},
 *       {@code countdown-0/1}) are roles worth a row each; dozens are a pool.</li>
 *   <li>Any other thread keeps its own row ({@link Kind#THREAD}), exactly as before.</li>
 * </ul>
 * Rows are ordered by JVM, then by the members' summed held + wait time (descending), like the threads.
 */
public final class ThreadRows {
    /** Distinct names sharing a prefix before their trailing number from which they become one row. */
    public static final int NUMBERED_MIN_NAMES = 10;

    private ThreadRows() {
    }

    public enum Kind {
        /** One thread. */
        THREAD,
        /** Several threads with the same name. */
        SAME_NAME,
        /** Threads whose names differ only by a trailing number. */
        NUMBERED
    }

    /** One row: one thread, or the sums over a group of threads of one JVM. */
    public static final class Row {
        /** Position in {@link Analysis#threadRows}: also the timeline lane. */
        public int index;
        public final int jvm;
        public final Kind kind;
        /** The name (THREAD, SAME_NAME) or the pattern with {@code #} for the number (NUMBERED). Untrusted text. */
        public final String name;
        /** The member threads, busiest (held + wait) first. */
        public final List<Lane> members;
        /** The JVM's observed time (Σ statistics intervals): the denominator of every fraction of this row. */
        public final double observedNanos;
        /** Σ over the members. */
        public double heldNanos, waitNanos, outsideNanos, releasedNanos;
        public long acquisitions, contendedAcquisitions;
        /**
         * The members' waits together (percentiles over all of them), complete (see {@link Lane#waits()}); null when
         * none waited or when they are not known completely ({@link #waitsKnown}).
         */
        public final Histogram waits;
        /** Whether every member's waits are known completely: the table shows the percentiles only then. */
        public final boolean waitsKnown;
        /** Distinct member names (1 unless NUMBERED). */
        public final int names;
        // Counted once: every view asks, and a row of a thread-per-task run has a million members.
        private final int threadCount;
        private final long endedCount;

        Row(int jvm, Kind kind, String name, List<Lane> members, int names) {
            this.jvm = jvm;
            this.kind = kind;
            this.name = name;
            this.members = members;
            this.names = names;
            this.observedNanos = members.get(0).recording.totals.intervalNanos;
            Histogram w = null;
            boolean known = true;
            long ended = 0;
            for (Lane l : members) {
                known &= l.waitsKnown();
                if (l.waits() != null) {
                    if (w == null) w = new Histogram(3);
                    WaitHistograms.addInto(w, l.waits());
                }
                ThreadInfo t = l.thread;
                ended += t.endedThreads;
                heldNanos += t.heldNanos;
                waitNanos += t.waitNanos;
                outsideNanos += t.outsideNanos;
                releasedNanos += t.releasedNanos;
                acquisitions += t.acquisitions;
                contendedAcquisitions += t.contendedAcquisitions;
            }
            this.threadCount = (int) Math.min(Integer.MAX_VALUE, threadsOf(members));
            this.endedCount = ended;
            this.waits = known ? w : null;
            this.waitsKnown = known;
        }

        public boolean group() {
            return kind != Kind.THREAD;
        }

        /** The threads the row stands for (see {@link ThreadRows#threadsOf}). */
        public int threads() {
            return threadCount;
        }

        /** Threads of this row that ended and were summed by the agent (no row of their own), 0 when none. */
        public long endedThreads() {
            return endedCount;
        }

        /**
         * The name as a matrix header or a "blocked by" entry shows it: the thread's name, or the group's with its
         * size ({@code task-0 (30 threads)}, {@code pool-1-thread-# (12 threads)}), so that copies of one name are
         * one entry that says how many threads it stands for. Untrusted text.
         */
        public String label() {
            if (!group()) return name;
            long ended = endedThreads();
            if (ended > 0) return name + " (" + threads() + " threads, " + ended + " of them ended and summed by the agent)";
            return name + " (" + threads() + " threads" + (kind == Kind.NUMBERED && names != threads() ? ", " + names + " names" : "") + ")";
        }

        /**
         * Σ members' time ÷ the JVM's observed time. For one thread: the share of the recording it spent so.
         * For a group: the members' times added up, so the average number of members in that state at once —
         * at most 1 for held (one holder at a time), possibly more than 1 for wait and outside.
         */
        public double fraction(double nanos) {
            return observedNanos > 0 ? nanos / observedNanos : 0;
        }

        double busy() {
            return heldNanos + waitNanos;
        }
    }

    /** How a thread without a name (a virtual thread's default) is shown: as its row's name and in member lists. */
    public static final String UNNAMED = "(unnamed)";

    /** The name as rows and lists show it: {@link #UNNAMED} for the empty name. */
    public static String displayName(String name) {
        return name == null || name.isEmpty() ? UNNAMED : name;
    }

    /** {@code lanes} in timeline order (by JVM); the rows, in order, each with its index. */
    static List<Row> group(List<Lane> lanes) {
        // JVM → name → lanes (first-seen order, lanes are busiest first within a JVM).
        Map<Integer, Map<String, List<Lane>>> byJvm = new LinkedHashMap<>();
        for (Lane l : lanes) {
            byJvm.computeIfAbsent(l.jvm, k -> new LinkedHashMap<>()).computeIfAbsent(l.thread.name, k -> new ArrayList<>()).add(l);
        }
        List<Proto> protos = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, List<Lane>>> jvm : byJvm.entrySet()) {
            Map<String, String> rowName = rowNames(jvm.getValue().keySet());
            Map<String, Proto> numbered = new LinkedHashMap<>();
            for (Map.Entry<String, List<Lane>> e : jvm.getValue().entrySet()) {
                String row = rowName.get(e.getKey());
                if (!row.equals(e.getKey()) || isPattern(row)) {
                    Proto g = numbered.get(row);
                    if (g == null) {
                        int names = (int) rowName.values().stream().filter(row::equals).count();
                        numbered.put(row, g = new Proto(jvm.getKey(), Kind.NUMBERED, row, names));
                        protos.add(g);
                    }
                    g.members.addAll(e.getValue());
                } else {
                    long threads = threadsOf(e.getValue());
                    Proto g = new Proto(jvm.getKey(), threads > 1 ? Kind.SAME_NAME : Kind.THREAD, displayName(e.getKey()), 1);
                    g.members.addAll(e.getValue());
                    protos.add(g);
                }
            }
        }
        Comparator<Lane> busiest = Comparator.comparingDouble((Lane l) -> -(l.thread.heldNanos + l.thread.waitNanos))
                .thenComparingInt(l -> l.index);
        List<Row> rows = new ArrayList<>();
        for (Proto p : protos) {
            p.members.sort(busiest);
            rows.add(new Row(p.jvm, p.kind, p.name, p.members, p.names));
        }
        rows.sort(Comparator.comparingInt((Row r) -> r.jvm).thenComparingDouble(r -> -r.busy())
                .thenComparingInt(r -> r.members.get(0).index));
        for (int i = 0; i < rows.size(); i++) rows.get(i).index = i;
        return rows;
    }

    /**
     * The row each of one JVM's distinct thread names belongs to: the name itself, or — when at least
     * {@link #NUMBERED_MIN_NAMES} names differ only by a trailing number — their prefix with {@code #}. A name that is
     * already a pattern ({@code task-#}: the agent's row of ended threads of a pool it grouped so) is its own row and
     * takes in every name with its prefix. The agent's exit summary groups its rows by the same rule, so its rows are
     * the report's.
     */
    public static Map<String, String> rowNames(java.util.Collection<String> names) {
        Map<String, Integer> perPrefix = new java.util.HashMap<>();
        for (String n : names) {
            String p = numberedPrefix(n);
            if (p != null) perPrefix.merge(p, 1, Integer::sum);
            else if (isPattern(n)) perPrefix.put(n.substring(0, n.length() - 1), Integer.MAX_VALUE / 2);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            String p = numberedPrefix(n);
            out.put(n, p != null && perPrefix.get(p) >= NUMBERED_MIN_NAMES ? p + "#" : n);
        }
        return out;
    }

    /** Whether the name is a pattern: a prefix followed by {@code #} standing for the number. */
    static boolean isPattern(String name) {
        return name.length() > 1 && name.endsWith("#");
    }

    /**
     * The threads some lanes stand for: each thread with statistics of its own counts 1, a row of ended threads the
     * threads it sums. A lane known only from detail events (a wait or hold of a thread that ended inside a row of
     * ended threads of the same name) is already counted there; it counts only in a recording without thread
     * statistics, where lanes are all there is.
     */
    static long threadsOf(List<Lane> lanes) {
        long n = 0;
        boolean stats = false;
        for (Lane l : lanes) {
            if (!l.thread.hasStatistics) continue;
            stats = true;
            n += l.thread.threadCount();
        }
        return stats ? n : lanes.size();
    }

    /** The threads the rows stand for (a row of ended threads counts each of them): "N threads in M rows". */
    public static long threads(List<Row> rows) {
        long n = 0;
        for (Row r : rows) n += r.threads();
        return n;
    }

    /** The threads of the rows that ended before a row of their own and were summed by name by the agent. */
    public static long endedThreads(List<Row> rows) {
        long n = 0;
        for (Row r : rows) n += r.endedThreads();
        return n;
    }

    /**
     * The plain statement of the agent's rows of ended threads, or "" when there are none: the agent keeps no row per
     * thread that ended before its first statistics interval closed (a thread per task), so that its memory follows
     * the live threads; it sums them per name, or per pattern once a prefix has many numbered names.
     */
    public static String endedStatement(List<Row> rows) {
        long ended = endedThreads(rows);
        if (ended == 0) return "";
        return String.format(java.util.Locale.ROOT, "%,d threads ended within their first statistics interval: the agent summed "
                + "them by name (or name pattern, # for the number) instead of keeping a row per thread; they have no lane "
                + "of their own, and every one of their acquisitions is counted", ended);
    }

    /** The name without its trailing decimal number, or null when it has none or nothing before it. */
    public static String numberedPrefix(String name) {
        int i = name.length();
        while (i > 0 && name.charAt(i - 1) >= '0' && name.charAt(i - 1) <= '9') i--;
        return i == name.length() || i == 0 ? null : name.substring(0, i);
    }

    private static final class Proto {
        final int jvm;
        final Kind kind;
        final String name;
        final int names;
        final List<Lane> members = new ArrayList<>();

        Proto(int jvm, Kind kind, String name, int names) {
            this.jvm = jvm;
            this.kind = kind;
            this.name = name;
            this.names = names;
        }
    }
}
