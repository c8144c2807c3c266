package dev.jgil.report.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * One thread's recorded segments, of one or several GILs, turned into the disjoint pieces the simulator replays.
 *
 * <p>With groups, each lock records its own segments: a thread in group A's code that calls group B's code has an A
 * segment around a B segment. The piece of time inside both belongs to the innermost segment (the one that began
 * last: the code running is B's), the rest to A; a piece's CPU time is its innermost segment's, in proportion to its
 * length. Neighbouring pieces of the same lock with nothing between them are one piece — so merging every group into
 * one lock replays the union of the segments, as one GIL would have held it. A piece ends in a blocking call when a
 * segment ending there did and the thread then left designated code.
 */
final class Pieces {
    /** A recorded segment: {@code lock} is the index of the lock its group maps to. */
    static final class Seg {
        final long start, length, cpu;
        final boolean blocking;
        final int lock;
        final String group;
        final int order;

        Seg(long start, long length, boolean blocking, long cpu, String group, int lock, int order) {
            this.start = start;
            this.length = Math.max(0, length);
            this.blocking = blocking;
            this.cpu = cpu;
            this.group = group;
            this.lock = lock;
            this.order = order;
        }

        long end() {
            return start + length;
        }
    }

    private Pieces() {
    }

    /**
     * Appends {@code segs}' pieces to {@code b} and returns the time spent inside calls across groups (covered by
     * segments of two groups or more).
     */
    static long build(List<Seg> segs, Trace.ThreadBuilder b) {
        segs.sort(Comparator.comparingLong((Seg s) -> s.start).thenComparingInt(s -> s.order));
        boolean oneGroup = segs.stream().map(s -> s.group).distinct().count() == 1;
        if (oneGroup) {
            long prevEnd = Long.MIN_VALUE;
            for (Seg g : segs) {
                long st = Math.max(g.start, prevEnd); // clock reads of one thread never overlap; guard anyway
                b.segment(st, g.length, g.blocking, g.cpu, g.lock);
                prevEnd = st + g.length;
            }
            return 0;
        }
        // Boundaries in time order; between two of them the set of covering segments is constant.
        List<long[]> edges = new ArrayList<>(segs.size() * 2); // {time, +1 start / -1 end, index}
        for (int i = 0; i < segs.size(); i++) {
            if (segs.get(i).length == 0) continue; // nothing to replay, and its end would sort before its start
            edges.add(new long[] {segs.get(i).start, 1, i});
            edges.add(new long[] {segs.get(i).end(), -1, i});
        }
        edges.sort(Comparator.comparingLong((long[] e) -> e[0]).thenComparingLong(e -> e[1])); // ends before starts
        TreeSet<Integer> active = new TreeSet<>(Comparator.comparingLong((Integer i) -> segs.get(i).start)
                .thenComparingInt(i -> segs.get(i).order));
        Piece open = null;
        long cross = 0;
        int k = 0;
        while (k < edges.size()) {
            long at = edges.get(k)[0];
            boolean blockingEnd = false;
            for (; k < edges.size() && edges.get(k)[0] == at; k++) {
                Seg s = segs.get((int) edges.get(k)[2]);
                if (edges.get(k)[1] < 0) {
                    active.remove((int) edges.get(k)[2]);
                    blockingEnd |= s.blocking;
                } else {
                    active.add((int) edges.get(k)[2]);
                }
            }
            if (active.isEmpty()) { // a gap begins: the open piece ends here
                if (open != null) {
                    open.blocking = blockingEnd;
                    open.emit(b, at);
                }
                open = null;
                continue;
            }
            if (k == edges.size()) break;
            long next = edges.get(k)[0];
            Seg inner = segs.get(active.last());
            if (active.stream().map(i -> segs.get(i).group).distinct().count() > 1) cross += next - at;
            double cpu = inner.cpu < 0 || inner.length == 0 ? -1 : (double) inner.cpu * (next - at) / inner.length;
            if (open != null && open.lock != inner.lock) { // the thread goes on in another group's code: no blocking call
                open.emit(b, at);
                open = null;
            }
            if (open == null) open = new Piece(at, inner.lock);
            open.cpu = open.cpu < 0 || cpu < 0 ? -1 : open.cpu + cpu;
        }
        if (open != null) open.emit(b, edges.get(edges.size() - 1)[0]);
        return cross;
    }

    private static final class Piece {
        final long start;
        final int lock;
        double cpu;
        boolean blocking;

        Piece(long start, int lock) {
            this.start = start;
            this.lock = lock;
        }

        void emit(Trace.ThreadBuilder b, long end) {
            b.segment(start, end - start, blocking, cpu < 0 ? -1 : Math.round(cpu), lock);
        }
    }
}
