package dev.jgil.recording;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Recordings of other JVMs that this JVM's exit report merges: the files listed in the
 * {@value #PROPERTY} system property (path-separator separated), which a program may set while it
 * runs — e.g. a launcher whose child JVMs did the work and recorded into files of their own. The
 * report then shows every JVM, as {@code jgil report a.jfr b.jfr} would.
 */
final class MergedRecordings {
    static final String PROPERTY = "jgil.merge";

    private MergedRecordings() {
    }

    /** This JVM's recording first, then every listed file that exists; a missing one gets one line. */
    static List<Path> with(Path own, PrintStream out) {
        List<Path> all = new ArrayList<>();
        all.add(own);
        String listed = System.getProperty(PROPERTY);
        if (listed == null || listed.isBlank()) return all;
        for (String name : listed.split(File.pathSeparator)) {
            if (name.isBlank()) continue;
            Path p;
            try {
                p = Paths.get(name.trim());
            } catch (RuntimeException e) {
                out.println("jgil: " + PROPERTY + ": '" + name + "' is not a path; left out of the report");
                continue;
            }
            if (Files.isRegularFile(p) && Files.isReadable(p)) all.add(p);
            else out.println("jgil: " + PROPERTY + ": " + p + " does not exist or is not readable; left out of the report");
        }
        return all;
    }
}
