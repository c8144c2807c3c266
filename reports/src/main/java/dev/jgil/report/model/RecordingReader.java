package dev.jgil.report.model;

import dev.jgil.schema.Names;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads one JFR file into a {@link JvmRecording}: checks that it is one, finds its chunks, streams the events through
 * an {@link EventMapper} (one chunk per parser thread when asked), and puts the detail events in time order.
 */
public final class RecordingReader {
    /** Called every {@link #PROGRESS_EVERY} events (for a progress line on a terminal). */
    public interface Progress {
        void update(Path file, long eventsRead, long fileBytes);
    }

    public static final int PROGRESS_EVERY = 1 << 16;
    private static final byte[] JFR_MAGIC = {'F', 'L', 'R', 0};

    private final Path file;
    private final Path source;
    private final Progress progress;
    private GroupSplit split;

    private RecordingReader(Path file, Path source, Progress progress, StartTimes times) {
        this.file = file;
        this.source = source;
        this.progress = progress;
        this.split = new GroupSplit(source, times);
    }

    private RecordingReader(Path file, Path source, Progress progress) {
        this(file, source, progress, StartTimes.of(file));
    }

    /** {@code file} read with the given start times (a test of the {@link StartTimes.Mismatch} path). */
    static Map<String, JvmRecording> readWith(Path file, StartTimes times) throws ReportInputException {
        RecordingReader rr = new RecordingReader(file, file, null, times);
        rr.parse(Long.MAX_VALUE);
        return rr.split.finish();
    }

    /**
     * Reads {@code file}. A file cut short (JVM killed while writing) yields what its complete chunks
     * hold, marked {@link JvmRecording#truncated}.
     *
     * @throws ReportInputException missing, not JFR, nothing readable, or no jgil events (one-line message)
     */
    public static JvmRecording read(Path file, Progress progress) throws ReportInputException {
        return read(file, progress, PARALLELISM, PARALLEL_MIN_BYTES);
    }

    /**
     * Reads {@code file} as one recording per GIL it holds events of ({@link GroupSplit}): the file alone when only
     * the default GIL ran (every recording before groups), else the default GIL's and then each group's by name.
     *
     * @throws ReportInputException as {@link #read(Path, Progress)}
     */
    public static List<JvmRecording> readGroups(Path file, Progress progress) throws ReportInputException {
        return readGroups(file, progress, PARALLELISM, PARALLEL_MIN_BYTES);
    }

    /** {@link #readGroups}' first: the default GIL's recording (the whole file when it has no groups). */
    static JvmRecording read(Path file, Progress progress, int parsers, long parallelMinBytes) throws ReportInputException {
        return readGroups(file, progress, parsers, parallelMinBytes).get(0);
    }

    static List<JvmRecording> readGroups(Path file, Progress progress, int parsers, long parallelMinBytes) throws ReportInputException {
        long size = checkReadableJfr(file);
        Chunks chunks = Chunks.scan(file, size);
        Map<String, JvmRecording> byGroup;
        if (chunks.incompleteAt >= 0 && chunks.complete.isEmpty()) {
            throw new ReportInputException(file + ": truncated or corrupt JFR file, no complete chunk to read");
        }
        // A file cut short goes chunk by chunk too: RecordingFile reads one event ahead, and the error in
        // the broken chunk would cost the last event of the last good one (often the chunk's final Statistics).
        boolean parallel = parsers > 1 && size >= parallelMinBytes && chunks.complete.size() >= 2;
        if (parallel || chunks.incompleteAt >= 0) {
            byGroup = readChunksInParallel(file, size, chunks, progress, Math.max(1, parallel ? parsers : 1));
        } else {
            RecordingReader rr = new RecordingReader(file, file, progress);
            rr.parse(size);
            byGroup = rr.split.finish();
        }
        long jgil = 0;
        for (JvmRecording g : byGroup.values()) jgil += g.jgilEvents;
        if (jgil == 0) {
            throw new ReportInputException(file + ": no jgil events in this recording (" + byGroup.get(Names.DEFAULT_GROUP).allEvents
                    + " JDK events) — was the JVM run with the jgil agent and jfr on?");
        }
        List<JvmRecording> out = GroupSplit.recordings(byGroup);
        for (JvmRecording r : out) complete(r);
        return out;
    }

    /** Files at least this big with several chunks are parsed chunk by chunk on several threads. */
    static final long PARALLEL_MIN_BYTES = 4L << 20;
    /**
     * Parser threads; opt in with {@code -Djgil.report.parsers=N}. Measured on the 2-core build machine
     * under load, 3 parsers made a 1M-event report slower (median 4.9 s vs 3.2 s): the JIT and the GC
     * already use the spare core. Untried on a quiet machine with more cores, hence off by default.
     */
    static final int PARALLELISM = Integer.getInteger("jgil.report.parsers", 1);

    /**
     * JFR's parser is single-threaded and costs ~1 µs an event, but chunks are self-contained (own
     * metadata and constant pools): each complete chunk is copied to a temporary file and parsed on its
     * own thread, and the parts are merged. A trailing incomplete chunk marks the recording truncated.
     */
    private static Map<String, JvmRecording> readChunksInParallel(Path file, long size, Chunks chunks, Progress progress, int parsers)
            throws ReportInputException {
        Path dir = null;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parsers, chunks.complete.size()), runnable -> {
            Thread t = new Thread(runnable, "jgil-report-parser");
            t.setDaemon(true);
            return t;
        });
        AtomicLong events = new AtomicLong();
        try {
            dir = Files.createTempDirectory("jgil-report-chunks");
            List<Future<Map<String, JvmRecording>>> parts = new ArrayList<>();
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                for (int i = 0; i < chunks.complete.size(); i++) {
                    long[] c = chunks.complete.get(i);
                    Path part = dir.resolve("chunk-" + i + ".jfr");
                    try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        long done = 0;
                        while (done < c[1]) done += in.transferTo(c[0] + done, c[1] - done, out);
                    }
                    Progress p = progress == null ? null : (f, n, b) -> progress.update(file, events.addAndGet(PROGRESS_EVERY), size);
                    parts.add(pool.submit(() -> {
                        RecordingReader rr = new RecordingReader(part, file, p);
                        rr.parse(c[1]);
                        return rr.split.finish();
                    }));
                }
            }
            // Each group's chunks are merged as a whole file's were: the default GIL first, the others by name.
            Map<String, List<JvmRecording>> done = new LinkedHashMap<>();
            done.put(Names.DEFAULT_GROUP, new ArrayList<>());
            Map<String, List<JvmRecording>> others = new TreeMap<>();
            for (Future<Map<String, JvmRecording>> f : parts) {
                for (Map.Entry<String, JvmRecording> g : f.get().entrySet()) {
                    (g.getKey().equals(Names.DEFAULT_GROUP) ? done : others).computeIfAbsent(g.getKey(), k -> new ArrayList<>()).add(g.getValue());
                }
            }
            done.putAll(others);
            long all = 0;
            for (List<JvmRecording> l : done.values()) for (JvmRecording r : l) all += r.allEvents;
            Map<String, JvmRecording> merged = new LinkedHashMap<>();
            for (Map.Entry<String, List<JvmRecording>> g : done.entrySet()) {
                JvmRecording m = Merge.parts(file, g.getValue());
                if (chunks.incompleteAt >= 0) {
                    m.truncated = true;
                    m.truncationDetail = "file ends inside a chunk at byte " + chunks.incompleteAt
                            + "; report covers the " + all + " events of the complete chunks";
                }
                merged.put(g.getKey(), m);
            }
            return merged;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ReportInputException) throw (ReportInputException) c;
            throw new ReportInputException(file + ": cannot parse (" + oneLine(c) + ")", c);
        } catch (IOException e) {
            throw new ReportInputException(file + ": cannot split into chunks (" + oneLine(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportInputException(file + ": interrupted");
        } finally {
            pool.shutdownNow();
            if (dir != null) deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.list(dir)) {
            s.forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp files: best effort
        }
        dir.toFile().delete();
    }

    /** Reads every event of {@link #file}; a parse error after some events marks the recording truncated. */
    private void parse(long size) throws ReportInputException {
        try {
            parseOnce(size);
        } catch (StartTimes.Mismatch m) {
            split = new GroupSplit(source, StartTimes.instants()); // this JDK converts ticks otherwise: start over
            parseOnce(size);
        }
    }

    private void parseOnce(long size) throws ReportInputException {
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                split.accept(e);
                if (progress != null && (split.allEvents & (PROGRESS_EVERY - 1)) == 0) progress.update(source, split.allEvents, size);
            }
        } catch (StartTimes.Mismatch e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // JFR parses chunk by chunk: everything before the broken chunk was delivered. An EOF is the
            // usual case (the JVM was killed mid-write); other parse errors are treated alike.
            if (split.allEvents == 0) {
                throw new ReportInputException(source + ": truncated or corrupt JFR file, no complete chunk to read ("
                        + oneLine(e) + ")", e);
            }
            split.truncated((e instanceof EOFException ? "file ends inside a chunk" : oneLine(e))
                    + "; report covers the " + split.allEvents + " events of the complete chunks");
        }
    }

    private static long checkReadableJfr(Path file) throws ReportInputException {
        if (!Files.exists(file)) throw new ReportInputException(file + ": no such file");
        if (Files.isDirectory(file)) throw new ReportInputException(file + ": is a directory, not a JFR file");
        byte[] magic = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(magic, 0, 4);
            if (n < 4 || !java.util.Arrays.equals(magic, JFR_MAGIC)) {
                throw new ReportInputException(file + ": not a JFR recording (no FLR magic at its start)");
            }
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ReportInputException(file + ": no such file", e);
        } catch (ReportInputException e) {
            throw e;
        } catch (IOException e) {
            throw new ReportInputException(file + ": cannot read (" + oneLine(e) + ")", e);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.replaceAll("[\\r\\n]+", " ");
    }

    /** Label, and the detail events in time order (chunks are written thread buffer by thread buffer). */
    /**
     * The innermost frame outside the GIL, the recorder and JFR — where designated code waited — as
     * {@code class.method:line}; what {@code jgil top} ranks sites by (the report keeps more frames).
     */
    public static String waitSite(RecordedStackTrace st) {
        return st == null ? StackSites.NO_STACK_TRACE : StackSites.frames(st, 1).get(0);
    }

    static void complete(JvmRecording r) {
        if (r.pid > 0) r.label = r.source.getFileName() + " (pid " + r.pid + ")";
        if (r.grouped) r.label += " · group " + r.group;
        if (r.firstEpochNanos == Long.MAX_VALUE) r.firstEpochNanos = r.lastEpochNanos = 0;
        sortHolds(r);
        sortWaits(r);
        // Several threads may steer at once; chunks are merged in order but events within one are not.
        r.configurationChanges.sort(java.util.Comparator.comparingLong(c -> c.epochNanos));
        if (!r.configurationChanges.isEmpty()) r.configuration.changed = true;
    }

    private static void sortHolds(JvmRecording r) {
        int[] p = Sort.orderBy(r.holdStartEpochNanos);
        if (p == null) return;
        r.holdStartEpochNanos = Sort.permute(r.holdStartEpochNanos, p);
        r.holdNanos = Sort.permute(r.holdNanos, p);
        r.holdThread = Sort.permute(r.holdThread, p);
        r.holdReleaseCause = Sort.permute(r.holdReleaseCause, p);
        r.holdAcquireCause = Sort.permute(r.holdAcquireCause, p);
    }

    private static void sortWaits(JvmRecording r) {
        int[] p = Sort.orderBy(r.waitStartEpochNanos);
        if (p == null) return;
        r.waitStartEpochNanos = Sort.permute(r.waitStartEpochNanos, p);
        r.waitNanos = Sort.permute(r.waitNanos, p);
        r.waitThread = Sort.permute(r.waitThread, p);
        r.waitBlockedBy = Sort.permute(r.waitBlockedBy, p);
        r.waitCause = Sort.permute(r.waitCause, p);
        r.waitSite = Sort.permute(r.waitSite, p);
    }
}
