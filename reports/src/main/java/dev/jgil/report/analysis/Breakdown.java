package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ReportModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the rows of the per-JVM breakdown are, worded once for every view. Without groups each row is a recording, one
 * JVM; a JVM run with {@code group.NAME=} options has one GIL per group (and the default GIL), and its file reads as
 * one row per GIL: those rows are locks of one process, not JVMs, and each view must say so.
 */
public final class Breakdown {
    /** Whether some row is a group of a JVM that had several GILs. */
    public final boolean grouped;
    /** Distinct files (JVMs) behind the rows. */
    public final int jvms;
    /** Rows: one per JVM, or per GIL of a JVM with groups. */
    public final int rows;

    Breakdown(ReportModel m) {
        Set<Object> files = new HashSet<>();
        for (JvmRecording r : m.jvms) files.add(r.source);
        this.grouped = m.grouped();
        this.jvms = files.size();
        this.rows = m.jvms.size();
    }

    /** The headline's name for all rows together: "3 JVMs", "3 GILs of 1 JVM", "5 GILs of 2 JVMs". */
    String headlineLabel(List<JvmSummary> all) {
        if (all.size() == 1) return all.get(0).label;
        return grouped ? rows + " GILs of " + jvmCount() : rows + " JVMs";
    }

    private String jvmCount() {
        return jvms + (jvms == 1 ? " JVM" : " JVMs");
    }

    /** The plural of a row, in "slow-drop in 3 JVMs" / "slow-drop in 2 GILs". */
    public String rowsNoun() {
        return grouped ? "GILs" : "JVMs";
    }

    /** The breakdown's heading. */
    public String heading() {
        return grouped ? "Per GIL (groups of classes)" : "Per JVM";
    }

    /** The sentence under the heading. */
    public String explanation() {
        if (!grouped) return "One row per recording (one JVM each); the headline adds them up.";
        return "One row per GIL. A JVM run with group.NAME= options has one GIL per group of classes, each with its own "
                + "policy, switch interval and counters, and the default GIL for designated code outside every group: its rows "
                + "(· group NAME) are locks of that one JVM, not separate JVMs. A thread that calls from one group's code into "
                + "another's holds both locks, so it appears under each. The headline adds the rows up: held and waiting are "
                + "shares of the GILs' observed time together.";
    }
}
