package dev.jgil.report.model;

import dev.jgil.schema.Schema;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;

/**
 * Streams one JFR file into a {@link JvmRecording}: events are read one at a time and reduced to
 * primitives at once, so memory is O(events × ~30 bytes), not O(event objects).
 */
public final class RecordingReader {
    /** Called every {@link #PROGRESS_EVERY} events (for a progress line on a terminal). */
    public interface Progress {
        void update(Path file, long eventsRead, long fileBytes);
    }

    public static final int PROGRESS_EVERY = 1 << 16;
    /** Frames kept per wait site: enough to tell call sites apart, small enough to read. */
    static final int SITE_FRAMES = 8;
    private static final byte[] JFR_MAGIC = {'F', 'L', 'R', 0};

    private final Path file;
    private final Progress progress;
    private final JvmRecording r;

    private final Map<Long, Integer> threadById = new HashMap<>();
    private final Map<String, Integer> threadByName = new HashMap<>();
    private final IdentityHashMap<RecordedThread, Integer> threadCache = new IdentityHashMap<>();
    private final IdentityHashMap<RecordedStackTrace, Integer> stackCache = new IdentityHashMap<>();
    private final Map<List<String>, Integer> siteIndex = new HashMap<>();

    private final Growable.Longs holdStart = new Growable.Longs(), holdNanos = new Growable.Longs();
    private final Growable.Ints holdThread = new Growable.Ints();
    private final Growable.Bytes holdRelease = new Growable.Bytes(), holdAcquire = new Growable.Bytes();
    private final Growable.Longs waitStart = new Growable.Longs(), waitNanos = new Growable.Longs();
    private final Growable.Ints waitThread = new Growable.Ints(), waitBlockedBy = new Growable.Ints(),
            waitSite = new Growable.Ints();
    private final Growable.Bytes waitCause = new Growable.Bytes();
    private final Growable.Longs switchTime = new Growable.Longs(), switchDrop = new Growable.Longs();
    private final Growable.Ints switchRequester = new Growable.Ints(), switchOwner = new Growable.Ints();
    private final Growable.Longs intervalEnd = new Growable.Longs(), intervalLen = new Growable.Longs();
    private final List<float[]> intervalFractions = new ArrayList<>();
    private final Growable.Longs intervalAcq = new Growable.Longs(), intervalCont = new Growable.Longs(),
            intervalSwitches = new Growable.Longs();
    private final Growable.Longs threadIntervalEnd = new Growable.Longs(), threadIntervalLen = new Growable.Longs();
    private final List<Float> threadIntervalInside = new ArrayList<>();
    private final List<Float> threadIntervalHeld = new ArrayList<>(), threadIntervalWait = new ArrayList<>();
    private String lastPolicy, lastAccounting;

    private RecordingReader(Path file, Path source, Progress progress) {
        this.file = file;
        this.progress = progress;
        this.r = new JvmRecording(source);
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

    static JvmRecording read(Path file, Progress progress, int parsers, long parallelMinBytes) throws ReportInputException {
        long size = checkReadableJfr(file);
        Chunks chunks = Chunks.scan(file, size);
        JvmRecording r;
        if (chunks.incompleteAt >= 0 && chunks.complete.isEmpty()) {
            throw new ReportInputException(file + ": truncated or corrupt JFR file, no complete chunk to read");
        }
        // A file cut short goes chunk by chunk too: RecordingFile reads one event ahead, and the error in
        // the broken chunk would cost the last event of the last good one (often the chunk's final Statistics).
        boolean parallel = parsers > 1 && size >= parallelMinBytes && chunks.complete.size() >= 2;
        if (parallel || chunks.incompleteAt >= 0) {
            r = readChunksInParallel(file, size, chunks, progress, Math.max(1, parallel ? parsers : 1));
        } else {
            RecordingReader rr = new RecordingReader(file, file, progress);
            rr.parse(size);
            rr.finish();
            r = rr.r;
        }
        if (r.jgilEvents == 0) {
            throw new ReportInputException(file + ": no jgil events in this recording (" + r.allEvents
                    + " JDK events) — was the JVM run with the jgil agent and jfr on?");
        }
        complete(r);
        return r;
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
    private static JvmRecording readChunksInParallel(Path file, long size, Chunks chunks, Progress progress, int parsers)
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
            List<Future<JvmRecording>> parts = new ArrayList<>();
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
                        rr.finish();
                        return rr.r;
                    }));
                }
            }
            List<JvmRecording> done = new ArrayList<>();
            for (Future<JvmRecording> f : parts) done.add(f.get());
            JvmRecording merged = Merge.parts(file, done);
            if (chunks.incompleteAt >= 0) {
                merged.truncated = true;
                merged.truncationDetail = "file ends inside a chunk at byte " + chunks.incompleteAt
                        + "; report covers the " + merged.allEvents + " events of the complete chunks";
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
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                accept(e);
                if (progress != null && (r.allEvents & (PROGRESS_EVERY - 1)) == 0) progress.update(r.source, r.allEvents, size);
            }
        } catch (IOException | RuntimeException e) {
            // JFR parses chunk by chunk: everything before the broken chunk was delivered. An EOF is the
            // usual case (the JVM was killed mid-write); other parse errors are treated alike.
            if (r.allEvents == 0) {
                throw new ReportInputException(r.source + ": truncated or corrupt JFR file, no complete chunk to read ("
                        + oneLine(e) + ")", e);
            }
            r.truncated = true;
            r.truncationDetail = (e instanceof EOFException ? "file ends inside a chunk" : oneLine(e))
                    + "; report covers the " + r.allEvents + " events of the complete chunks";
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

    private void accept(RecordedEvent e) {
        r.allEvents++;
        String type = e.getEventType().getName();
        if (!type.startsWith(Schema.PREFIX)) {
            if (type.equals("jdk.JVMInformation")) jvmInformation(e);
            else if (type.equals("jdk.CPUInformation")) r.hwThreads = Math.max(r.hwThreads, e.getInt("hwThreads"));
            return;
        }
        r.jgilEvents++;
        switch (type) {
            case Schema.HOLD: hold(e); break;
            case Schema.CONTENDED_ACQUIRE: contendedAcquire(e); break;
            case Schema.SWITCH_REQUEST: switchRequest(e); break;
            case Schema.STATISTICS: statistics(e); break;
            case Schema.THREAD_STATISTICS: threadStatistics(e); break;
            case Schema.CONFIGURATION: configuration(e); break;
            case Schema.CONFIGURATION_CHANGE: configurationChange(e); break;
            default: break; // a newer agent's event: ignored (Schema: add freely)
        }
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private void cover(long startEpochNanos, long endEpochNanos) {
        if (startEpochNanos < r.firstEpochNanos) r.firstEpochNanos = startEpochNanos;
        if (endEpochNanos > r.lastEpochNanos) r.lastEpochNanos = endEpochNanos;
    }

    // The hot paths (one call per detail event) read fields with getValue: the typed getters
    // (getLong, getThread, getString) check each field for @Unsigned on every call, which costs about as
    // much as parsing the event (measured: 1.5M holds, +1 s).

    private static long longValue(RecordedEvent e, String field) {
        Object o = e.getValue(field);
        return o instanceof Number ? ((Number) o).longValue() : 0;
    }

    private static String stringValue(RecordedEvent e, String field) {
        Object o = e.getValue(field);
        return o instanceof String ? (String) o : null;
    }

    private static RecordedThread threadValue(RecordedEvent e, String field) {
        Object o = e.getValue(field);
        return o instanceof RecordedThread ? (RecordedThread) o : null;
    }

    private void hold(RecordedEvent e) {
        long start = epochNanos(e.getStartTime());
        long nanos = longValue(e, Schema.Hold.HOLD_NANOS);
        holdStart.add(start);
        holdNanos.add(nanos);
        holdThread.add(thread(threadValue(e, Schema.Hold.HOLDER)));
        holdRelease.add(intern(r.releaseCauses, stringValue(e, Schema.Hold.RELEASE_CAUSE)));
        holdAcquire.add(intern(r.acquireCauses, stringValue(e, Schema.Hold.ACQUIRE_CAUSE)));
        cover(start, start + nanos);
    }

    private void contendedAcquire(RecordedEvent e) {
        long start = epochNanos(e.getStartTime());
        long nanos = longValue(e, Schema.ContendedAcquire.WAIT_NANOS);
        waitStart.add(start);
        waitNanos.add(nanos);
        waitThread.add(thread(threadValue(e, Schema.EVENT_THREAD)));
        waitBlockedBy.add(thread(threadValue(e, Schema.ContendedAcquire.BLOCKED_BY)));
        waitCause.add(intern(r.acquireCauses, stringValue(e, Schema.ContendedAcquire.CAUSE)));
        waitSite.add(site(e.getStackTrace()));
        cover(start, start + nanos);
    }

    private void switchRequest(RecordedEvent e) {
        long start = epochNanos(e.getStartTime());
        long drop = longValue(e, Schema.SwitchRequest.TIME_TO_DROP_NANOS);
        switchTime.add(start);
        switchDrop.add(drop);
        switchRequester.add(thread(threadValue(e, Schema.SwitchRequest.REQUESTER)));
        switchOwner.add(thread(threadValue(e, Schema.SwitchRequest.OWNER)));
        cover(start, start + drop);
    }

    private void statistics(RecordedEvent e) {
        JvmRecording.Totals t = r.totals;
        long interval = e.getLong(Schema.Statistics.INTERVAL_NANOS);
        double held = e.getDouble(Schema.Statistics.HELD_FRACTION);
        double wait = e.getDouble(Schema.Statistics.WAIT_FRACTION);
        t.intervals++;
        if (e.getBoolean(Schema.Statistics.EXACT)) t.exactIntervals++;
        t.intervalNanos += interval;
        t.heldNanos += held * interval;
        t.someoneWaitingNanos += wait * interval;
        t.timedHoldNanos += e.getLong(Schema.Statistics.HOLD_NANOS);
        t.timedHolds += e.getLong(Schema.Statistics.TIMED_HOLDS);
        t.waitNanos += e.getLong(Schema.Statistics.WAIT_NANOS);
        long acquisitions = e.getLong(Schema.Statistics.ACQUISITIONS);
        long contended = e.getLong(Schema.Statistics.CONTENDED_ACQUISITIONS);
        long switches = e.getLong(Schema.Statistics.SWITCHES);
        t.acquisitions += acquisitions;
        t.contendedAcquisitions += contended;
        t.switches += switches;
        intervalAcq.add(acquisitions);
        intervalCont.add(contended);
        intervalSwitches.add(switches);
        t.forcedSwitches += e.getLong(Schema.Statistics.FORCED_SWITCHES);
        t.dropRequests += e.getLong(Schema.Statistics.DROP_REQUESTS);
        t.tickDrops += e.getLong(Schema.Statistics.TICK_DROPS);
        t.tickDropsWonBack += e.getLong(Schema.Statistics.TICK_DROPS_WON_BACK);
        t.blockingReleases += e.getLong(Schema.Statistics.BLOCKING_RELEASES);
        t.watchdogHandOffs += e.getLong(Schema.Statistics.WATCHDOG_HAND_OFFS);
        t.listenerErrors += e.getLong(Schema.Statistics.LISTENER_ERRORS);
        long samples = e.getLong(Schema.Statistics.SAMPLES);
        t.samples += samples;
        t.waitersSum += e.getDouble(Schema.Statistics.WAITERS_AVERAGE) * samples;
        t.waitersMax = Math.max(t.waitersMax, e.getInt(Schema.Statistics.WAITERS_MAX));
        decodeInto(r.waitHistogram, e.getString(Schema.Statistics.WAIT_HISTOGRAM));
        decodeInto(r.holdHistogram, e.getString(Schema.Statistics.HOLD_HISTOGRAM));
        long end = epochNanos(e.getEndTime());
        intervalEnd.add(end);
        intervalLen.add(interval);
        intervalFractions.add(new float[] {(float) held, (float) wait});
        cover(end - interval, end);
    }

    private void decodeInto(Histogram into, String base64) {
        if (base64 == null || base64.isEmpty()) return;
        try {
            ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
            into.add(Histogram.decodeFromCompressedByteBuffer(buf, 0));
        } catch (DataFormatException | RuntimeException ex) {
            // One bad interval must not cost the whole report; the counters still add up.
        }
    }

    private void threadStatistics(RecordedEvent e) {
        RecordedThread t = e.getThread(Schema.ThreadStatistics.THREAD);
        long id = e.getLong(Schema.ThreadStatistics.THREAD_ID);
        String name = e.getString(Schema.ThreadStatistics.THREAD_NAME);
        int idx = t != null ? thread(t) : threadFor(id, name);
        ThreadInfo ti = r.threads.get(idx);
        if (name != null) ti.name = name;
        long interval = e.getLong(Schema.ThreadStatistics.INTERVAL_NANOS);
        ti.hasStatistics = true;
        ti.exact |= e.getBoolean(Schema.ThreadStatistics.EXACT);
        ti.heldNanos += e.getDouble(Schema.ThreadStatistics.HELD_FRACTION) * interval;
        ti.waitNanos += e.getDouble(Schema.ThreadStatistics.WAIT_FRACTION) * interval;
        ti.outsideNanos += e.getDouble(Schema.ThreadStatistics.OUTSIDE_FRACTION) * interval;
        ti.releasedNanos += e.getDouble(Schema.ThreadStatistics.RELEASED_FRACTION) * interval;
        ti.acquisitions += e.getLong(Schema.ThreadStatistics.ACQUISITIONS);
        ti.contendedAcquisitions += e.getLong(Schema.ThreadStatistics.CONTENDED_ACQUISITIONS);
        ti.samples += e.getLong(Schema.ThreadStatistics.SAMPLES);
        threadIntervalEnd.add(epochNanos(e.getEndTime()));
        threadIntervalLen.add(interval);
        threadIntervalInside.add((float) (e.getDouble(Schema.ThreadStatistics.HELD_FRACTION)
                + e.getDouble(Schema.ThreadStatistics.RELEASED_FRACTION)));
        threadIntervalHeld.add((float) e.getDouble(Schema.ThreadStatistics.HELD_FRACTION));
        threadIntervalWait.add((float) e.getDouble(Schema.ThreadStatistics.WAIT_FRACTION));
    }

    private void configurationChange(RecordedEvent e) {
        long t = epochNanos(e.getStartTime());
        r.configurationChanges.add(new ConfigurationChange(t,
                stringValue(e, Schema.ConfigurationChange.OLD_POLICY), stringValue(e, Schema.ConfigurationChange.NEW_POLICY),
                longValue(e, Schema.ConfigurationChange.OLD_INTERVAL_NANOS),
                longValue(e, Schema.ConfigurationChange.NEW_INTERVAL_NANOS)));
        cover(t, t);
    }

    private void configuration(RecordedEvent e) {
        Configuration c = r.configuration;
        String policy = e.getString(Schema.Configuration.POLICY);
        String accounting = e.getString(Schema.Configuration.ACCOUNTING);
        if ((lastPolicy != null && !lastPolicy.equals(policy)) || (lastAccounting != null && !lastAccounting.equals(accounting))) {
            c.changed = true;
        }
        lastPolicy = policy;
        lastAccounting = accounting;
        c.policy = nz(policy);
        c.accounting = nz(accounting);
        c.intervalNanos = e.getLong(Schema.Configuration.INTERVAL_NANOS);
        c.checkInterval = e.getInt(Schema.Configuration.CHECK_INTERVAL);
        c.include = nz(e.getString(Schema.Configuration.INCLUDE));
        c.exclude = nz(e.getString(Schema.Configuration.EXCLUDE));
        c.release = nz(e.getString(Schema.Configuration.RELEASE));
        c.annotation = nz(e.getString(Schema.Configuration.ANNOTATION));
        c.version = nz(e.getString(Schema.Configuration.VERSION));
        c.samplePeriodNanos = e.getLong(Schema.Configuration.SAMPLE_PERIOD_NANOS);
        c.statsPeriodNanos = e.getLong(Schema.Configuration.STATS_PERIOD_NANOS);
        c.jfrSettings = nz(e.getString(Schema.Configuration.JFR_SETTINGS));
    }

    private void jvmInformation(RecordedEvent e) {
        r.jvmName = nz(e.getString("jvmName"));
        r.jvmVersion = nz(e.getString("jvmVersion"));
        r.jvmArguments = nz(e.getString("jvmArguments"));
        r.javaArguments = nz(e.getString("javaArguments"));
        if (e.hasField("pid")) r.pid = e.getLong("pid");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static byte intern(List<String> names, String s) {
        String v = s == null ? "?" : s;
        int i = names.indexOf(v);
        if (i < 0) {
            if (names.size() >= Byte.MAX_VALUE) return (byte) (names.size() - 1);
            names.add(v);
            i = names.size() - 1;
        }
        return (byte) i;
    }

    private int thread(RecordedThread t) {
        if (t == null) return -1;
        Integer cached = threadCache.get(t);
        if (cached != null) return cached;
        long id = t.getJavaThreadId();
        String name = t.getJavaName();
        if (name == null) name = t.getOSName();
        int idx = threadFor(id, name);
        if (threadCache.size() > 100_000) threadCache.clear(); // bounded even if the parser never reuses objects
        threadCache.put(t, idx);
        return idx;
    }

    private int threadFor(long javaThreadId, String name) {
        Integer idx = javaThreadId > 0 ? threadById.get(javaThreadId) : threadByName.get(name);
        if (idx != null) return idx;
        ThreadInfo ti = new ThreadInfo(r.threads.size(), javaThreadId, name == null ? "thread " + javaThreadId : name);
        r.threads.add(ti);
        if (javaThreadId > 0) threadById.put(javaThreadId, ti.index);
        else threadByName.put(name, ti.index);
        return ti.index;
    }

    private int site(RecordedStackTrace st) {
        if (st == null) return siteFor(List.of(NO_STACK_TRACE));
        Integer cached = stackCache.get(st);
        if (cached != null) return cached;
        List<String> frames = siteFrames(st, SITE_FRAMES);
        int idx = siteFor(frames);
        if (stackCache.size() > 100_000) stackCache.clear();
        stackCache.put(st, idx);
        return idx;
    }

    /**
     * The innermost frame outside the GIL, the recorder and JFR — where designated code waited — as
     * {@code class.method:line}; what {@code jgil top} ranks sites by (the report keeps more frames).
     */
    public static String waitSite(RecordedStackTrace st) {
        return st == null ? NO_STACK_TRACE : siteFrames(st, 1).get(0);
    }

    private static final String NO_STACK_TRACE = "(no stack trace)";

    /** Up to {@code max} frames, innermost first, as {@code class.method:line}, without the GIL's own. */
    private static List<String> siteFrames(RecordedStackTrace st, int max) {
        List<String> frames = new ArrayList<>(max);
        for (RecordedFrame f : st.getFrames()) {
            RecordedMethod m = f.getMethod();
            if (m == null) continue;
            String cls = m.getType() == null ? "?" : m.getType().getName();
            // The GIL's own frames are the same for every wait: the site is the designated caller.
            if (internal(cls)) continue;
            int line = f.getLineNumber();
            frames.add(cls + "." + m.getName() + (line > 0 ? ":" + line : ""));
            if (frames.size() == max) break;
        }
        if (frames.isEmpty()) frames.add("(GIL internals only)");
        return frames;
    }

    /** The GIL's and the recorder's own frames (the same for every wait) and JFR's. */
    static boolean internal(String cls) {
        return cls.startsWith("dev.jgil.runtime.") || cls.startsWith("jdk.jfr.")
                || (cls.startsWith("dev.jgil.recording.") && (cls.endsWith("Event") || cls.endsWith("RecordingListener")
                        || cls.endsWith("Sampler") || cls.endsWith("GilRecording")));
    }

    private int siteFor(List<String> frames) {
        Integer idx = siteIndex.get(frames);
        if (idx != null) return idx;
        r.sites.add(List.copyOf(frames));
        siteIndex.put(frames, r.sites.size() - 1);
        return r.sites.size() - 1;
    }

    private void finish() {
        r.holdStartEpochNanos = holdStart.trim();
        r.holdNanos = holdNanos.trim();
        r.holdThread = holdThread.trim();
        r.holdReleaseCause = holdRelease.trim();
        r.holdAcquireCause = holdAcquire.trim();
        r.waitStartEpochNanos = waitStart.trim();
        r.waitNanos = waitNanos.trim();
        r.waitThread = waitThread.trim();
        r.waitBlockedBy = waitBlockedBy.trim();
        r.waitCause = waitCause.trim();
        r.waitSite = waitSite.trim();
        r.switchRequestEpochNanos = switchTime.trim();
        r.switchTimeToDropNanos = switchDrop.trim();
        r.switchRequester = switchRequester.trim();
        r.switchOwner = switchOwner.trim();
        r.intervalEndEpochNanos = intervalEnd.trim();
        r.intervalNanos = intervalLen.trim();
        r.intervalHeldFraction = new float[intervalFractions.size()];
        r.intervalWaitFraction = new float[intervalFractions.size()];
        for (int i = 0; i < intervalFractions.size(); i++) {
            r.intervalHeldFraction[i] = intervalFractions.get(i)[0];
            r.intervalWaitFraction[i] = intervalFractions.get(i)[1];
        }
        r.intervalAcquisitions = intervalAcq.trim();
        r.intervalContendedAcquisitions = intervalCont.trim();
        r.intervalSwitches = intervalSwitches.trim();
        r.threadIntervalEndEpochNanos = threadIntervalEnd.trim();
        r.threadIntervalNanos = threadIntervalLen.trim();
        r.threadIntervalInsideFraction = new float[threadIntervalInside.size()];
        for (int i = 0; i < threadIntervalInside.size(); i++) r.threadIntervalInsideFraction[i] = threadIntervalInside.get(i);
        r.threadIntervalHeldFraction = new float[threadIntervalHeld.size()];
        r.threadIntervalWaitFraction = new float[threadIntervalWait.size()];
        for (int i = 0; i < threadIntervalHeld.size(); i++) {
            r.threadIntervalHeldFraction[i] = threadIntervalHeld.get(i);
            r.threadIntervalWaitFraction[i] = threadIntervalWait.get(i);
        }
    }

    /** Label, and the detail events in time order (chunks are written thread buffer by thread buffer). */
    static void complete(JvmRecording r) {
        if (r.pid > 0) r.label = r.source.getFileName() + " (pid " + r.pid + ")";
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
