package dev.jgil.report.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One or more recordings (one per JVM of a fleet, and per GIL group of a JVM that had groups) reported together. */
public final class ReportModel {
    public final List<JvmRecording> jvms;

    public ReportModel(List<JvmRecording> jvms) {
        this.jvms = List.copyOf(jvms);
    }

    /** Reads every file; the first unusable one ends the read with its one-line message. */
    public static ReportModel read(List<Path> recordings, RecordingReader.Progress progress) throws ReportInputException {
        if (recordings.isEmpty()) throw new ReportInputException("no recording given");
        List<JvmRecording> out = new ArrayList<>();
        for (Path p : recordings) out.addAll(RecordingReader.readGroups(p, progress));
        return new ReportModel(out);
    }

    /** Whether some file held several GILs (groups): the breakdown's rows are then not all JVMs. */
    public boolean grouped() {
        return jvms.stream().anyMatch(j -> j.grouped);
    }

    public boolean anyTruncated() {
        return jvms.stream().anyMatch(j -> j.truncated);
    }
}
