package dev.jgil.report.model;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Event start times in epoch nanoseconds from the event's raw ticks, without the {@link Instant} that
 * {@link RecordedEvent#getStartTime()} makes for each of a million holds. JFR converts ticks with the first chunk's
 * header ({@code startNanos + (long) ((ticks - startTicks) / (ticksPerSecond / 1e9 as a long))}) for every chunk of a
 * {@code RecordingFile}; the same arithmetic here gives the same values (a test holds them together on every fixture,
 * several of several chunks, whose headers' offsets differ by a few hundred ns). Should a JDK convert otherwise, the
 * spot checks ({@link Mismatch}) make the reader read the file again through {@code getStartTime}. Like
 * {@link FieldIndex}, this reads a field of {@code jdk.jfr.consumer} and needs that package open (the CLI jar opens it).
 */
final class StartTimes {
    /** Thrown when a computed start time differs from JFR's: the reader starts over with {@link #instants()}. */
    static final class Mismatch extends RuntimeException {
        Mismatch(long computed, long jfr) {
            super("start time from ticks " + computed + " != JFR's " + jfr, null, false, false);
        }
    }

    private static final VarHandle TICKS = ticksHandle();
    /** One event in this many is also read through {@code getStartTime} and compared (the first one included). */
    private static final int CHECK_EVERY = 4096;

    private final boolean fromTicks;
    private final long startTicks, startNanos;
    private final double divisor;
    private int count;

    private StartTimes(boolean fromTicks, long startTicks, long startNanos, double divisor) {
        this.fromTicks = fromTicks;
        this.startTicks = startTicks;
        this.startNanos = startNanos;
        this.divisor = divisor;
    }

    private static VarHandle ticksHandle() {
        if (Boolean.getBoolean("jgil.report.byName")) return null; // the slow, public way throughout
        try {
            return MethodHandles.privateLookupIn(RecordedEvent.class, MethodHandles.lookup())
                    .findVarHandle(RecordedEvent.class, "startTimeTicks", long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Through {@link RecordedEvent#getStartTime()} for every event. */
    static StartTimes instants() {
        return new StartTimes(false, 0, 0, 1);
    }

    /** From ticks with the first chunk header of {@code file}, or {@link #instants()} when that cannot be done. */
    static StartTimes of(Path file) {
        if (TICKS == null) return instants();
        // Chunk header: magic, versions, size, constant pool and metadata offsets, then startNanos at 32,
        // durationNanos at 40, startTicks at 48, ticksPerSecond at 56.
        ByteBuffer h = ByteBuffer.allocate(64);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            do {
                n = ch.read(h, h.position());
            } while (n > 0 && h.hasRemaining());
        } catch (IOException e) {
            return instants();
        }
        if (h.hasRemaining()) return instants();
        long perNano = h.getLong(56) / 1_000_000_000L;
        return perNano <= 0 ? instants() : new StartTimes(true, h.getLong(48), h.getLong(32), perNano);
    }

    /** {@link #of(Path)} off by {@code startNanosOffset}: what a JDK converting otherwise looks like, for a test. */
    static StartTimes of(Path file, long startNanosOffset) {
        StartTimes t = of(file);
        return t.fromTicks ? new StartTimes(true, t.startTicks, t.startNanos + startNanosOffset, t.divisor) : t;
    }

    /** {@code e}'s start in nanoseconds since the epoch, exactly as {@code getStartTime()} would give it. */
    long epochNanos(RecordedEvent e) {
        if (!fromTicks) return epochNanos(e.getStartTime());
        long n = startNanos + (long) (((long) TICKS.get(e) - startTicks) / divisor);
        if (count++ % CHECK_EVERY == 0) {
            long jfr = epochNanos(e.getStartTime());
            if (jfr != n) throw new Mismatch(n, jfr);
        }
        return n;
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
