package dev.jgil.bench;

import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.runtime.ThreadState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.util.ListStatistics;

/** How ownership passes between the two threads. */
interface Baton {
    String name();

    /** Called once by thread 0 before the ping-pong starts: it is the first owner. */
    void acquireFirst(int me);

    void acquire(int me);

    void release(int me);

    /** Whether {@code other} is parked inside {@link #acquire} (beyond its thread state). */
    boolean waits(int other);

    /** Frees threads stuck in {@link #acquire} after a hung round. */
    void abort();

    /** The mechanism's state, for a hung round's diagnosis. */
    default String describe() {
        return "";
    }

    void close();
}
