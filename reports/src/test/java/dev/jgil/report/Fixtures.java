package dev.jgil.report;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The committed real recordings (written by the agent module's {@code FixtureGenerator}: real workloads
 * on a real GilLock, recorded by GilRecording).
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static final String COUNTDOWN = "countdown-switch-trace.jfr";
    public static final String CONVOY = "convoy-switch-default.jfr";
    public static final String BATTLE = "battle-ticks-trace.jfr";
    public static final String IOBOUND = "iobound-default.jfr";
    public static final String HOSTILE = "hostile-names-trace.jfr";
    /** Two CPU-bound threads; at run time over JMX: interval 5 ms → 1 ms, policy switch → off → switch. */
    public static final String LIVE_CHANGES = "live-changes-default.jfr";
    /**
     * Threads per task: 30 rounds of fresh {@code task-0} + {@code task-1}, then 12 short-lived {@code pool-1-thread-1..12}
     * at once, and one long-lived {@code coordinator}: 73 threads.
     */
    public static final String PER_TASK = "pertask-switch-trace.jfr";
    /** {@code include=com.acme} (no {@code .**}): no designated code ran; jgil.Designation says the pattern matched 0 classes. */
    public static final String NOTHING_DESIGNATED = "nothing-designated-default.jfr";
    /** An owner that sleeps holding the GIL (no release= for it) beside a CPU-bound thread: the watchdog hands off. */
    public static final String BLOCKED_OWNER = "blocked-owner-default.jfr";
    /** Two CPU-bound threads, trace preset, the detail events dropped for ~300 ms mid-run, one jdk.DataLoss. */
    public static final String LOSSY = "lossy-switch-trace.jfr";
    public static final String NO_JGIL = "no-jgil-events.jfr";
    public static final String TRUNCATED = "truncated-default.jfr";
    public static final String NOT_JFR = "not-a-recording.jfr";

    /** Every fixture with jgil events, for tests that hold every view to the same figures. */
    public static final java.util.List<String> WITH_JGIL_EVENTS = java.util.List.of(COUNTDOWN, CONVOY, BATTLE, IOBOUND, HOSTILE,
            LIVE_CHANGES, PER_TASK, NOTHING_DESIGNATED, LOSSY, BLOCKED_OWNER, TRUNCATED);

    /**
     * The fixture's file. Other modules' tests (the CLI's) get this class from the test jar, where the
     * resources are jar entries, not files: they point {@code -Djgil.fixtures} at the source folder.
     */
    public static Path path(String name) {
        String dir = System.getProperty("jgil.fixtures");
        if (dir != null) {
            Path p = Path.of(dir, name);
            if (!java.nio.file.Files.exists(p)) throw new IllegalArgumentException("no fixture " + p);
            return p;
        }
        URL u = Fixtures.class.getResource("/fixtures/" + name);
        if (u == null) throw new IllegalArgumentException("no fixture " + name);
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
