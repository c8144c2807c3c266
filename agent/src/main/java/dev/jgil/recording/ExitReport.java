package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;

/** The HTML report written when the recording stops, and how the recording knows the JVM is exiting. */
final class ExitReport {
    private ExitReport() {
    }

    /**
     * Heap the report needs per thread the recording names, at the most (its model and timeline keep data per thread).
     * Measured: 100,000 threads rendered in a 6 GB heap; 1,000,000 failed with OutOfMemoryError inside the host.
     */
    static final long REPORT_BYTES_PER_THREAD = 16 * 1024;

    /**
     * Whether the exit report can be rendered inside this JVM without risking its heap (half of it at the most): the
     * host's other shutdown hooks run beside us. If not, says so and how to render it outside; the .jfr is complete.
     */
    static boolean fitsInHeap(int threads, AgentOptions opts) {
        long need = threads * REPORT_BYTES_PER_THREAD;
        long max = Runtime.getRuntime().maxMemory();
        if (need <= max / 2) return true;
        opts.summaryStream.println("jgil: report not rendered at exit: the recording names " + threads + " threads, which "
                + "could take ~" + need / (1024 * 1024) + " MB of this JVM's heap (max " + max / (1024 * 1024) + " MB); render it "
                + "outside the application: jgil report " + opts.jfrFile + " -o " + opts.reportFile);
        return false;
    }

    /**
     * Renders the HTML report through the same code path as {@code jgil report}. At exit JFR's own
     * hook writes the destination concurrently with us, so the report is made from a snapshot dump
     * (taken after the final harvest, so it holds the last interval); otherwise from the written file.
     */
    static boolean write(Recording r, AgentOptions opts, boolean shuttingDown) throws IOException, InterruptedException {
        if (r == null) {
            opts.summaryStream.println("jgil: no report: it is made from the JFR recording, and jfr=off");
            return false;
        }
        Path source = opts.jfrFile;
        Path snapshot = null;
        try {
            if (shuttingDown) {
                snapshot = Files.createTempFile("jgil-report-", ".jfr");
                try {
                    r.dump(snapshot);
                    dev.jgil.agent.StartupTrace.mark("exit: report: snapshot dumped");
                    source = snapshot;
                } catch (IOException | IllegalStateException e) {
                    // JFR's own shutdown hook got there first: it writes the destination, then closes
                    // the recording. Wait for that (bounded) and read the finished file instead.
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (r.getState() != jdk.jfr.RecordingState.CLOSED && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                }
            }
            dev.jgil.report.analysis.Analysis analysis =
                    dev.jgil.report.Reports.analyse(MergedRecordings.with(source, opts.summaryStream));
            dev.jgil.agent.StartupTrace.mark("exit: report: recording read and analysed");
            String html = dev.jgil.report.Reports.html(analysis);
            dev.jgil.agent.StartupTrace.mark("exit: report: rendered");
            dev.jgil.report.Reports.write(opts.reportFile, html);
            return true;
        } finally {
            if (snapshot != null) Files.deleteIfExists(snapshot);
        }
    }

    /** Whether the JVM is running its shutdown hooks (they can no longer be added then). */
    static boolean isShuttingDown() {
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
