package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded waits (jgil.ContendedAcquire) as a tree of their stacks, outermost frame at the root, each node
 * weighted by the wait of the waits whose stack passes through it: an icicle graph. The HTML page draws it and the
 * JSON writes it ({@code contendedSitesFlame}), both from this one tree. In a report of several JVMs each has its own
 * subtree under the root ({@code #n label}), so their stacks never merge.
 *
 * <p>Nodes under {@link #MIN_SHARE} of the total are left out (their wait still counts in their parent, which then
 * looks wider than its children): they would be under a pixel wide and only make the page heavy.
 */
public final class SiteFlame {
    /** Nodes with less than this share of all recorded wait are left out. */
    public static final double MIN_SHARE = 0.001;

    public static final class Node {
        public final String name;
        /** Whether this is a frame (false: the root, or a JVM's subtree in a report of several). */
        public final boolean frame;
        public long waitNanos;
        public long waits;
        public final List<Node> children = new ArrayList<>();
        private Map<String, Node> byName;

        Node(String name, boolean frame) {
            this.name = name;
            this.frame = frame;
        }

        Node child(String name, boolean frame) {
            if (byName == null) byName = new HashMap<>();
            Node c = byName.get(name);
            if (c == null) {
                c = new Node(name, frame);
                byName.put(name, c);
                children.add(c);
            }
            return c;
        }
    }

    public final Node root;
    /** Depth of the deepest node kept (the root is 0). */
    public final int depth;
    /** Nodes kept, the root included; nodes left out for being under {@link #MIN_SHARE}. */
    public final int nodes, nodesLeftOut;

    SiteFlame(Analysis a) {
        root = new Node("all recorded waits", false);
        for (JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            Node top = a.fleet() ? root.child("#" + (s.index + 1) + " " + s.label, false) : root;
            // Per site first, so the tree is walked once per distinct stack, not once per wait.
            long[] nanos = new long[r.sites.size()];
            long[] count = new long[r.sites.size()];
            for (int i = 0; i < r.waitCount(); i++) {
                nanos[r.waitSite[i]] += Math.max(0, r.waitNanos[i]);
                count[r.waitSite[i]]++;
            }
            for (int site = 0; site < nanos.length; site++) {
                if (count[site] == 0) continue;
                List<String> frames = r.sites.get(site); // innermost first
                Node n = top;
                add(n, nanos[site], count[site]);
                if (top != root) add(root, nanos[site], count[site]);
                for (int f = frames.size() - 1; f >= 0; f--) {
                    n = n.child(frames.get(f), true);
                    add(n, nanos[site], count[site]);
                }
            }
        }
        int[] kept = new int[2];
        depth = prune(root, Math.max(1, Math.round(root.waitNanos * MIN_SHARE)), 0, kept);
        nodes = kept[0];
        nodesLeftOut = kept[1];
    }

    private static void add(Node n, long nanos, long count) {
        n.waitNanos += nanos;
        n.waits += count;
    }

    /** Drops the thin children, orders the rest widest first; returns the depth reached. */
    private static int prune(Node n, long min, int depth, int[] kept) {
        kept[0]++;
        n.byName = null;
        int before = n.children.size();
        n.children.removeIf(c -> c.waitNanos < min);
        kept[1] += before - n.children.size(); // their subtrees are not counted: only what the reader misses at this level
        n.children.sort(Comparator.comparingLong((Node c) -> -c.waitNanos).thenComparing(c -> c.name));
        int deepest = depth;
        for (Node c : n.children) deepest = Math.max(deepest, prune(c, min, depth + 1, kept));
        return deepest;
    }

    /** The share of all recorded wait that passed through {@code n}. */
    public double share(Node n) {
        return root.waitNanos == 0 ? 0 : (double) n.waitNanos / root.waitNanos;
    }
}
