package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Who handed the GIL to whom: consecutive recorded holds (detail events). The drop figures shown beside the matrix
 * are the exact ones of {@link JvmSummary} ({@link JvmSummary#drops()}, {@link JvmSummary#dropsWonBack()}), not
 * counted here: under the default preset most holds are not in the file.
 */
public final class HandOffs {
    /** Lanes in the matrix (the busiest {@link Analysis#MATRIX_THREADS} of each JVM). */
    public final int[] lanes;
    /** counts[i][j]: holds of lanes[i] followed by a hold of lanes[j] (same JVM). */
    public final long[][] counts;
    /**
     * The matrix the report shows: by rows of {@link Analysis#threadRows} (the busiest {@link Analysis#MATRIX_THREADS}
     * of each JVM, in row order), so that per-task threads with one name are one row. rowCounts[i][j]: holds of a member of rows[i]
     * followed by a hold of a member of rows[j]; a group's diagonal also counts hand-offs between its members (not
     * only a thread taking the GIL back).
     */
    public final int[] rows;
    public final long[][] rowCounts;
    /** Consecutive recorded holds counted. */
    public long total;

    HandOffs(Analysis a) {
        // The busiest MATRIX_THREADS of each JVM: a hand-off never crosses JVMs, so each JVM is its own block of the
        // matrix (the page draws one table per JVM), and a quiet JVM is not crowded out by a busy one.
        List<Lane> busiest = new ArrayList<>(a.lanes);
        busiest.sort(Comparator.comparingDouble((Lane l) -> -(l.thread.heldNanos + l.thread.waitNanos)));
        int[] perJvm = new int[a.jvms.size()];
        List<Integer> chosen = new ArrayList<>();
        for (Lane l : busiest) if (perJvm[l.jvm]++ < Analysis.MATRIX_THREADS) chosen.add(l.index);
        lanes = chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
        int n = lanes.length;
        int[] pos = new int[a.lanes.size()];
        Arrays.fill(pos, -1);
        for (int i = 0; i < n; i++) pos[lanes[i]] = i;
        counts = new long[n][n];
        List<ThreadRows.Row> busiestRows = new ArrayList<>(a.threadRows);
        busiestRows.sort(Comparator.comparingDouble((ThreadRows.Row r) -> -r.busy()).thenComparingInt(r -> r.index));
        Arrays.fill(perJvm, 0);
        List<Integer> chosenRows = new ArrayList<>();
        for (ThreadRows.Row r : busiestRows) if (perJvm[r.jvm]++ < Analysis.MATRIX_THREADS) chosenRows.add(r.index);
        rows = chosenRows.stream().mapToInt(Integer::intValue).sorted().toArray();
        int nr = rows.length;
        int[] rowPos = new int[a.threadRows.size()];
        Arrays.fill(rowPos, -1);
        for (int i = 0; i < nr; i++) rowPos[rows[i]] = i;
        rowCounts = new long[nr][nr];
        for (JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            for (int i = 1; i < r.holdCount(); i++) {
                int from = r.holdThread[i - 1], to = r.holdThread[i];
                if (from < 0 || to < 0) continue;
                total++;
                int pf = pos[s.laneOf[from]], pt = pos[s.laneOf[to]];
                if (pf >= 0 && pt >= 0) counts[pf][pt]++;
                int rf = rowPos[a.rowOfLane[s.laneOf[from]]], rt = rowPos[a.rowOfLane[s.laneOf[to]]];
                if (rf >= 0 && rt >= 0) rowCounts[rf][rt]++;
            }
        }
    }
}
