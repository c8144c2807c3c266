package dev.jgil.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The synthetic global interpreter lock: a token that at most one thread owns while it runs designated
 * code. Not a Java monitor and not a {@code ReentrantLock}: the token is a field CAS'd between
 * {@link ThreadState}s, waiters park with {@link LockSupport} (so virtual threads unmount instead of
 * pinning their carrier), and the owner is asked to drop through a single "run fast" field that its
 * checkpoints read.
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li>{@link #enter()} / {@link #exit(ThreadState)} bracket designated methods; nested calls only
 *       count depth.</li>
 *   <li>{@link #checkpoint()} is the eval breaker at loop back-edges and after calls: one volatile
 *       read while nobody wants the token.</li>
 *   <li>{@link #releaseForBlocking()} drops the token eagerly before a blocking call (under
 *       {@code switch}, straight to the head waiter if there is one: the convoy, as in CPython); the
 *       thread takes it back lazily at its next checkpoint/enter/exit <em>in designated code</em>, never
 *       on the blocking call's return path (which may run inside a foreign monitor).</li>
 *   <li>{@link #handOffFromBlockedOwner()} lets the watchdog take the token from a blocked or dead
 *       owner; the owner re-acquires lazily like after a blocking call.</li>
 * </ul>
 * The {@link GilPolicy} decides when the owner drops and who gets the token next.
 *
 * <h2>Notes about the implementation (every invariant of the lock, in one place)</h2>
 * <ol>
 *   <li><b>The token</b> is {@code owner}. It changes only (a) by CAS from null by an acquirer, (b) by
 *       its owner (release: to null, or straight to the queued head), (c) by the watchdog, which first
 *       CASes it from the owner to the {@code WATCHDOG} placeholder, re-checks, then passes it on or gives
 *       it back. Nobody else writes it.</li>
 *   <li><b>Mutual exclusion</b> under a serializing policy: a thread runs designated bytecode only after
 *       {@code enter}, a checkpoint or a nested exit saw {@code owner == itself}. Every way to lose the
 *       token (blocking release, forced drop, tick drop, watchdog hand-off) is followed by a checkpoint
 *       before the next designated bytecode: the weaver puts one after every call and at every back-edge.
 *       </li>
 *   <li><b>Release eagerly, re-acquire lazily.</b> A blocking call drops the token before it blocks and
 *       never takes it back on its return path (which may run inside a foreign monitor: re-acquiring
 *       there deadlocks); the thread re-acquires at its next checkpoint/enter/exit in designated code.
 *       The watchdog's hand-offs follow the same rule.</li>
 *   <li><b>The eval breaker</b> {@code runFast} names the owner's thread while nobody asked it to drop.
 *       It is cleared before the token leaves its owner (release, watchdog phase 1), so
 *       {@code runFast == t} implies that {@code t} owns the token; a waiter's drop request is a CAS of it
 *       to null; a new owner sets it with a release store.</li>
 *   <li><b>No lost wake-up</b> (Dekker): a waiter counts itself in {@code waiters}, enqueues, then reads
 *       {@code owner}; a releaser stores {@code owner} (volatile), then reads {@code waiters} and wakes the
 *       head. Non-head waiters sleep until woken; {@code IDLE_PARK_NANOS} only bounds a missed wake-up.</li>
 *   <li><b>Timekeeping</b> (CPython &ge; 3.2): only the head waiter keeps time; it asks for a drop only if
 *       {@code switchNumber} did not move for a whole interval. {@code switchNumber} moves only when the
 *       holder changes (a re-take by the same thread is no switch), and only the new owner writes it.</li>
 *   <li><b>Forced switching</b> (CPython's FORCE_SWITCHING): a thread that drops on request waits until
 *       another thread took the token (or nobody waits any more), else it would usually win it back. Under
 *       {@code switch} a blocking release hands the token straight to the queued head, or, with nobody
 *       queued, to the forced dropper that is still waking ({@code dropPhase} 2 &rarr; 3 by CAS, then
 *       {@code owner} := it). The dropper keeps phase 1/2 until it is queued (then a release finds it in
 *       {@code waiters}) or holds the token, so no release can slip between its waking and its queueing. So the thread back from I/O queues behind the CPU-bound one: the convoy,
 *       as in CPython, where the woken dropper is running by the time a loopback call returns, while a
 *       parked JVM thread takes longer to wake than such a call takes.</li>
 *   <li><b>No drop inside a static initializer</b> ({@code clinitDepth > 0}): the drop is deferred and
 *       asked again one interval later, or the next owner could wait for this class's initialization
 *       while holding the token its initializer needs.</li>
 *   <li><b>The watchdog never takes the token from a thread that computes</b>: only from one that is
 *       blocked or dead (thread state), in a native call sleeping in the kernel (JVM "in native" and
 *       kernel S/D, checked before and after parking the token on {@code WATCHDOG}), or stalled (no CPU
 *       for a long window).</li>
 *   <li><b>Counters written under the token</b> are plain fields: successive owners are ordered by the
 *       token's CAS/volatile store, so increments lose nothing; readers sample them racily.</li>
 *   <li><b>Segment tracing</b> ({@code off} with trace accounting, for {@code jgil predict}): nobody owns the token,
 *       so a thread's {@code offSegmentStartNanos}/{@code offReleased} mark where a serializing lock would take it
 *       (outermost enter; the first checkpoint, enter or exit after a blocking release) and give it up (outermost
 *       exit; blocking release). Only the thread itself writes them; {@code offReleasedThreads} &gt; 0 sends
 *       {@code off} checkpoints to the slow path while someone is back from a blocking call.</li>
 *   <li><b>Listeners never throw into the program</b> (errors are counted), and a listener that blocks
 *       while a hold ends cannot release the token twice ({@code releasing}).</li>
 * </ol>
 */
public final class GilLock implements AutoCloseable {
    public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    public static final int DEFAULT_CHECK_INTERVAL = 100;
    /** Non-head waiters are woken explicitly; this bound only limits the damage of a missed wake-up. */
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the head waiter watches one owner before it wakes the watchdog (capped by the interval). */
    private static final long WATCHDOG_NOTICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Stands in the token while the watchdog decides whether to take it from a blocked owner. */
    private static final ThreadState WATCHDOG = new ThreadState(null);

    private static final VarHandle OWNER;
    private static final VarHandle RUN_FAST;
    private static final VarHandle SWITCH_NUMBER;
    private static final VarHandle WAITERS;
    private static final VarHandle OFF_RELEASED;
    private static final VarHandle WOKEN_DROPPER;
    /** {@link ThreadState#dropPhase}. */
    static final VarHandle DROP_PHASE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            OWNER = l.findVarHandle(GilLock.class, "owner", ThreadState.class);
            RUN_FAST = l.findVarHandle(GilLock.class, "runFast", Thread.class);
            SWITCH_NUMBER = l.findVarHandle(GilLock.class, "switchNumber", long.class);
            WAITERS = l.findVarHandle(GilLock.class, "waiters", int.class);
            OFF_RELEASED = l.findVarHandle(GilLock.class, "offReleasedThreads", int.class);
            WOKEN_DROPPER = l.findVarHandle(GilLock.class, "wokenDropper", ThreadState.class);
            DROP_PHASE = l.findVarHandle(ThreadState.class, "dropPhase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---- the token and the eval breaker ----
    /** The token. Changed only by CAS from null, by its owner, or by the watchdog holding WATCHDOG. */
    private volatile ThreadState owner;
    /** The owner's thread while it may pass checkpoints without looking; null means "look" (drop request). */
    private volatile Thread runFast;
    /** Incremented by each new owner (only the owner writes it). Waiters compare it across their wait. */
    private volatile long switchNumber;
    /** Threads in {@link #waitForToken}. */
    private volatile int waiters;
    /**
     * Threads released around a blocking call under {@code off} with trace accounting (segment tracing, see
     * {@link #offSegmentStart}). While it is 0 an {@code off} checkpoint costs one more read and no call; while it is
     * not, every {@code off} checkpoint looks up its thread, so that the thread back from the call opens its segment
     * where a serializing lock would take the token back.
     */
    private volatile int offReleasedThreads;

    private final ConcurrentLinkedQueue<ThreadState> queue = new ConcurrentLinkedQueue<>();
    /** Every thread that has used the lock and may still be alive; dead ones leave on their own. */
    private final ThreadRegistry registry = new ThreadRegistry();
    private final ThreadLocal<ThreadState> states = ThreadLocal.withInitial(this::newState);
    /** Slots of {@link #byId}; a power of two. */
    static final int BY_ID_SLOTS = 1024;
    /** Hot-path cache of {@link #states}, see {@link #stateOf}. Racy by design. */
    private final ThreadState[] byId = new ThreadState[BY_ID_SLOTS];
    private final Watchdog watchdog = new Watchdog(this);

    // ---- configuration (read on slow paths) ----
    private volatile GilPolicy policy;
    /**
     * {@code policy.serializes()}, as a field the checkpoint reads inline: under {@code off} nobody owns
     * the token, so every checkpoint misses {@code runFast}; without this it would call the slow path on
     * every loop back-edge (measured: about half the per-core throughput of {@code switch}). Written after
     * {@code policy}: a stale {@code true} only sends a thread to the slow path, which reads the policy
     * itself; a stale {@code false} lasts until the volatile store is seen, like a stale runFast.
     */
    private volatile boolean serializing;
    private volatile long intervalNanos = DEFAULT_INTERVAL_NANOS;
    private volatile int checkInterval = DEFAULT_CHECK_INTERVAL;
    private volatile boolean traceAccounting;
    private volatile GilListener listener;

    // ---- drop-request bookkeeping (contended path) ----
    private volatile ThreadState dropRequester;
    private volatile long dropRequestNanos;
    /** A forced dropper waiting until another thread took the token; the next new owner wakes it. */
    private volatile ThreadState forcedDropper;
    /** The forced dropper that new owner woke, until it competes again: a blocking release hands it the token. */
    private volatile ThreadState wokenDropper;

    // ---- counters written under the token: successive owners are ordered by the token's CAS/volatile
    // store, so plain increments lose nothing. Readers sample them racily. ----
    private ThreadState lastOwner;
    private long switches;
    private long forcedSwitches;
    private long tickDrops;
    private long tickDropsWonBack;
    private long blockingReleases;
    private long deferredClinitDrops;

    /** Entry of a designated class's static initializer (woven); returns the state for {@link #clinitExit}. */
    public ThreadState clinitEnter() {
        ThreadState s = stateOf(Thread.currentThread());
        s.clinitDepth++;
        return s;
    }

    public void clinitExit(ThreadState s) {
        if (s.clinitDepth > 0) s.clinitDepth--;
    }

    public long deferredClinitDrops() {
        return deferredClinitDrops;
    }

    private final AtomicLong dropRequests = new AtomicLong();
    private final AtomicLong watchdogHandOffs = new AtomicLong();
    private final AtomicLong stalledOwnerHandOffs = new AtomicLong();
    private final AtomicLong nativeBlockedHandOffs = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();

    public GilLock() {
        this(GilPolicy.SWITCH);
    }

    public GilLock(GilPolicy policy) {
        this.policy = policy;
        this.serializing = policy.serializes();
    }

    private ThreadState newState() {
        ThreadState s = new ThreadState(Thread.currentThread());
        s.tid = OsThreads.currentTid(); // only the thread itself can learn it (/proc/thread-self)
        registry.add(s, owner);
        GilListener l = listener;
        if (l != null) {
            try {
                l.threadStarted(s);
            } catch (Throwable t) {
                listenerErrors.incrementAndGet();
            }
        }
        return s;
    }

    /** Hot-path calls per branch kind while priming; the MDO exists after ~2,000 (tiered) or ~3,300 (C2 only). */
    private static final int PRIME_ITERATIONS = 6_000;

    /**
     * Teaches the JIT that the hot path's slow branches are taken, before any designated code runs.
     *
     * <p>C2 compiles a branch that its profile never saw taken as an <em>uncommon trap</em>. A program
     * that warms designated code up on one thread never misses {@code runFast} in {@link #checkpoint()}
     * (nobody asks for a drop), so its loops are compiled with the drop request as a trap; the first drop
     * request on two threads then deoptimizes them (-XX:+LogCompilation on JDK 17 and 25: unstable_if at
     * {@code GilLock.checkpoint} bci 7, "taken always", 3-4 deoptimizations and 5-7 "made not entrant" in
     * the countdown), and each thread runs interpreted, then in C1, while C2 recompiles: time the
     * threaded run pays and the sequential run did not. CPython has nothing like it. Branch profiles live in the callee's method data, shared by every
     * caller that inlines it, so calls on a private lock with the policy {@code off} (nothing blocks,
     * nothing is recorded) are enough to make every later compilation keep the slow paths as calls. The
     * slow edges are taken rarely (1 call in 64), so C2 still lays the fast path out first and does not
     * consider the slow calls hot. Costs 1-15 ms once (measured on a loaded 2-core machine).
     */
    public static void primeJit() {
        GilLock l = new GilLock(GilPolicy.OFF);
        Thread me = Thread.currentThread();
        ThreadState other = new ThreadState(null);
        ThreadState s = l.states.get();
        s.depth = 1; // inside designated code
        for (int i = 0; i < PRIME_ITERATIONS; i++) {
            boolean rare = (i & 63) == 63;
            // checkpoint: the owner's fast path; rarely a drop request (slow path) or no serialization (off)
            l.runFast = rare ? null : me;
            l.serializing = (i & 127) == 63;
            l.checkpoint();
            // enter/exit nested while owning; rarely while another thread owns (enterSlow/nestedExitSlow)
            l.owner = rare ? other : s;
            l.exit(l.enter());
            // releaseForBlocking by a thread outside designated code, by one that does not own the token
            // (no-ops), rarely by the owner (releases)
            l.owner = rare ? s : (i & 1) == 0 ? other : null;
            l.releaseForBlocking();
            if (rare) {
                // outermost enter with the token free, exit as the owner (timed hold), exit after losing it
                s.depth = 0;
                l.owner = null;
                l.enter();
                l.owner = s;
                s.holdStartNanos = 1;
                l.exit(s);
                l.enter();
                l.owner = other;
                l.exit(s);
                s.depth = 1;
            }
        }
        l.owner = null;
        l.runFast = null;
    }

    // =====================================================================================
    // Hot path: enter / exit / checkpoint / releaseForBlocking
    // =====================================================================================

    /** Enters designated code. Returns the thread's state, to be passed to {@link #exit}. */
    public ThreadState enter() {
        Thread me = Thread.currentThread();
        ThreadState o = owner;
        if (o != null && o.thread == me) { // nested while owning: thread-local work only
            o.depth++;
            return o;
        }
        ThreadState s = stateOf(me);
        if (!serializing && s.depth >= 0) { // off: accounting only, no token (a stale false: see `serializing`)
            if (s.depth == 0) {
                if (traceAccounting) offSegmentStart(s, AcquireCause.ENTRY);
            } else if (s.offReleased) {
                offResume(s);
            }
            s.depth++;
            return s;
        }
        return enterSlow(s);
    }

    /** Leaves designated code entered by {@link #enter()}; also on exceptional exit. */
    public void exit(ThreadState s) {
        int d = --s.depth;
        if (d > 0) {
            // Back into a designated caller: it must run as the owner again (lazy re-acquire).
            if (owner != s) {
                if (serializing) nestedExitSlow(s);
                else if (s.offReleased) offResume(s);
            }
            return;
        }
        if (d < 0) { // an exit without enter (method was running when its class got woven)
            s.depth = 0;
            return;
        }
        ThreadState o = owner;
        if (o == s) release(s, ReleaseCause.EXIT);
        else if (o == WATCHDOG) exitDuringWatchdogDecision(s);
        else if (s.offSegmentStartNanos != 0 || s.offReleased) offExit(s);
        // else: released for blocking / handed off / policy off: nothing to give back
    }

    /**
     * This thread's state without a ThreadLocal lookup on the hot path: a direct-mapped table indexed
     * by thread id. A slot holds whichever thread stored last; the {@code thread} check (a final field,
     * so a racy read is safe) sends a colliding thread to the ThreadLocal, which stays the truth.
     */
    private ThreadState stateOf(Thread me) {
        ThreadState s = byId[(int) me.getId() & (BY_ID_SLOTS - 1)];
        if (s != null && s.thread == me) return s;
        return stateSlow(me);
    }

    private ThreadState stateSlow(Thread me) {
        ThreadState s = states.get();
        byId[(int) me.getId() & (BY_ID_SLOTS - 1)] = s;
        return s;
    }

    /**
     * The eval breaker: a single volatile read unless someone asked the owner to drop; a second one
     * (no call) for threads that do not own the token, so that {@code off} stays cheap.
     */
    public void checkpoint() {
        if (runFast != Thread.currentThread() && (serializing || offReleasedThreads != 0)) checkpointSlow();
    }

    /** Drops the token before a blocking call if the caller owns it; otherwise does nothing. */
    public void releaseForBlocking() {
        ThreadState o = owner;
        if (o != null && o.thread == Thread.currentThread() && !o.releasing) {
            blockingReleases++; // still under the token
            release(o, ReleaseCause.BLOCKING);
        } else if (o == null && !serializing && traceAccounting) {
            offBlocking(false);
        }
    }

    /**
     * Like {@link #releaseForBlocking} for file streams ({@code FileInputStream}, {@code FileOutputStream},
     * {@code RandomAccessFile}), except inside class loading: the built-in class loaders read class
     * files through exactly these (jars: {@code ZipFile$Source} -> {@code RandomAccessFile}; directories:
     * {@code Resource.getBytes} -> {@code FileInputStream}), and a release per class-file read would
     * make every class load from designated code queue for the token again. Only an owner pays for the
     * stack walk; everyone else reads one field.
     */
    public void releaseForFileIo() {
        ThreadState o = owner;
        if (o != null && o.thread == Thread.currentThread() && !o.releasing && !ClassLoading.onStack()) {
            blockingReleases++;
            release(o, ReleaseCause.BLOCKING);
        } else if (o == null && !serializing && traceAccounting) {
            offBlocking(true);
        }
    }

    // =====================================================================================
    // Slow paths
    // =====================================================================================

    private ThreadState enterSlow(ThreadState s) {
        if (policy.serializes()) {
            try {
                acquire(s, s.depth == 0 ? AcquireCause.ENTRY : AcquireCause.REACQUIRE);
            } catch (Throwable t) {
                // e.g. StackOverflowError deep in a recursion: never keep a token the exit advice won't return
                if (s.depth == 0 && owner == s) release(s, ReleaseCause.EXIT);
                throw t;
            }
        }
        if (s.depth < 0) s.depth = 0;
        s.depth++;
        return s;
    }

    // ---- segment tracing under off (trace accounting): what jgil predict replays ----
    // Under off nobody owns the token, so holds tell nothing. These edges mark, per thread, where a serializing lock
    // would acquire (outermost entry; first checkpoint/enter/exit after a blocking release) and release (outermost
    // exit; blocking release) the token. They cost nothing unless off and trace accounting are both on.

    private void offSegmentStart(ThreadState s, AcquireCause cause) {
        s.offSegmentStartNanos = System.nanoTime();
        GilListener l = listener;
        if (l == null) return;
        try {
            l.offSegmentStarted(s, cause);
        } catch (Throwable t) {
            listenerErrors.incrementAndGet();
        }
    }

    private void offSegmentEnd(ThreadState s, ReleaseCause cause) {
        long start = s.offSegmentStartNanos;
        s.offSegmentStartNanos = 0;
        GilListener l = listener;
        if (l == null || start == 0) return;
        s.releasing = true; // a listener that parks must not end the segment twice
        try {
            l.offSegmentEnded(s, cause, start, System.nanoTime());
        } catch (Throwable t) {
            listenerErrors.incrementAndGet();
        } finally {
            s.releasing = false;
        }
    }

    private void offBlocking(boolean fileIo) {
        // Only a thread inside designated code has a segment to end, and it made its state on entry: look in the cache
        // and never make one here (every parking or file-reading thread of the JVM passes by, class loaders included,
        // and making states from inside a class-file transform broke it). A thread whose slot is taken by a colliding
        // thread keeps its segment open across this call: its demand is over-counted, the model says so.
        Thread me = Thread.currentThread();
        ThreadState s = byId[(int) me.getId() & (BY_ID_SLOTS - 1)];
        if (s == null || s.thread != me) return;
        if (s.offSegmentStartNanos == 0 || s.releasing || s.depth <= 0) return;
        if (fileIo && ClassLoading.onStack()) return;
        offSegmentEnd(s, ReleaseCause.BLOCKING);
        s.offReleased = true;
        OFF_RELEASED.getAndAdd(this, 1);
    }

    private void offResume(ThreadState s) {
        s.offReleased = false;
        OFF_RELEASED.getAndAdd(this, -1);
        if (traceAccounting) offSegmentStart(s, AcquireCause.REACQUIRE);
    }

    private void offExit(ThreadState s) {
        if (s.offReleased) {
            s.offReleased = false;
            OFF_RELEASED.getAndAdd(this, -1);
        }
        if (s.offSegmentStartNanos != 0) offSegmentEnd(s, ReleaseCause.EXIT);
    }

    private void nestedExitSlow(ThreadState s) {
        if (policy.serializes()) acquire(s, AcquireCause.REACQUIRE);
    }

    private void exitDuringWatchdogDecision(ThreadState s) {
        // The watchdog briefly holds WATCHDOG while it re-checks whether we are blocked; it either
        // takes the token from us or gives it back. Wait for the verdict (a few microseconds), then
        // return the token if it came back, or we'd own it outside designated code.
        for (int spins = 0; owner == WATCHDOG; spins++) {
            if (spins < 100) Thread.onSpinWait();
            else Thread.yield();
        }
        if (owner == s) release(s, ReleaseCause.EXIT);
    }

    private void checkpointSlow() {
        GilPolicy p = policy;
        if (!p.serializes()) {
            ThreadState s = stateOf(Thread.currentThread());
            if (s.offReleased && s.depth > 0) offResume(s);
            return;
        }
        Thread me = Thread.currentThread();
        ThreadState o = owner;
        if (o != null && o.thread == me) {
            p.onOwnerCheckpoint(this, o);
            return;
        }
        ThreadState s = stateOf(me);
        if (s.depth > 0) acquire(s, AcquireCause.REACQUIRE); // lazy re-acquire after blocking/hand-off
    }

    private void acquire(ThreadState s, AcquireCause cause) {
        // A listener that blocks during an acquisition notice gives the token away again (blocking
        // calls release it); we must not return to designated code without it.
        do {
            acquireOnce(s, cause);
        } while (owner != s && policy.serializes());
    }

    private void acquireOnce(ThreadState s, AcquireCause cause) {
        if (owner == s) {
            if (s.dropPhase == 3) { // handed to us while we woke from a forced drop
                s.dropPhase = 0;
                acquiredUncontended(s, cause, policy);
            }
            return;
        }
        GilPolicy p = policy;
        // CAS is a full fence: nothing in the hold can float above it.
        if (owner == null && (p.barging() || waiters == 0) && OWNER.compareAndSet(this, null, s)) {
            acquiredUncontended(s, cause, p);
            return;
        }
        waitForToken(s, cause);
    }

    private void acquiredUncontended(ThreadState s, AcquireCause cause, GilPolicy p) {
        s.acquisitions++;
        if (lastOwner != s) {
            switches++;
            // As CPython's take_gil: the number moves only when the holder changes. A thread that leaves
            // designated code and re-enters it re-takes the token without a switch, and the head waiter's
            // interval keeps running, so it still asks for a drop after one interval. Only the owner
            // writes it; waiters merely need to see it change eventually.
            SWITCH_NUMBER.setRelease(this, switchNumber + 1);
        }
        if (forcedDropper != null) wakeForcedDropper(s);
        if (traceAccounting) {
            long now = System.nanoTime();
            s.holdStartNanos = now;
            GilListener l = listener;
            if (l != null) notifyAcquired(l, s, cause, now, now, null, 0);
        } else {
            s.holdStartNanos = 0;
        }
        // Release store is enough: a waiter clears runFast by CAS on the same field, so the two are
        // totally ordered; if its CAS loses this race it simply asks again one interval later.
        if (p.fastCheckpoints()) RUN_FAST.setRelease(this, s.thread);
    }

    /** Gives the token up; the caller owns it. */
    private void release(ThreadState s, ReleaseCause cause) {
        long holdStart = s.holdStartNanos;
        if (holdStart != 0) {
            s.holdStartNanos = 0;
            // Notify while still owning, so a recorded hold ends where it really ends. A listener that
            // blocks would call releaseForBlocking (parks are advised): `releasing` makes that a no-op,
            // or the token would be released twice and the second release could wipe out a new owner.
            s.releasing = true;
            try {
                notifyReleased(s, cause, holdStart, System.nanoTime());
            } finally {
                s.releasing = false;
            }
        }
        lastOwner = s;
        // Clear runFast before the token goes, or we could clobber the next owner's runFast.
        RUN_FAST.setRelease(this, null);
        passToken(cause == ReleaseCause.BLOCKING);
    }

    /**
     * Gives the token (held by the caller, or parked on WATCHDOG) to the next thread per the policy.
     * {@code blocking}: the holder is about to block (see {@link GilPolicy#handsOffOnBlocking()}).
     */
    private void passToken(boolean blocking) {
        GilPolicy p = policy;
        if ((p.directHandOff() || blocking && p.handsOffOnBlocking()) && waiters != 0) {
            handToHead();
            return;
        }
        if (blocking && p.handsOffOnBlocking() && handToWokenDropper()) return;
        // Volatile store: on x86 a full fence, so the read of `waiters` below cannot move above it.
        // Dekker pairing with waitForToken (count myself, enqueue, then read owner): either the
        // waiter sees the free token or we see the waiter and wake the head.
        owner = null;
        if (waiters != 0) wakeHead();
    }

    private void notifyReleased(ThreadState s, ReleaseCause cause, long holdStart, long releasedNanos) {
        GilListener l = listener;
        if (l != null) {
            try {
                l.released(s, cause, holdStart, releasedNanos);
            } catch (Throwable t) {
                listenerErrors.incrementAndGet();
            }
        }
    }

    private void handToHead() {
        ThreadState h = queue.poll();
        if (h == null) {
            owner = null;
            if (waiters != 0) wakeHead();
            return;
        }
        h.queued = false; // before the token: the waiter reads `queued` after seeing owner == itself
        owner = h;
        LockSupport.unpark(h.thread);
    }

    private void wakeHead() {
        ThreadState h = queue.peek();
        if (h != null) LockSupport.unpark(h.thread);
    }

    private void wakeForcedDropper(ThreadState newOwner) {
        ThreadState d = forcedDropper;
        if (d != null && d != newOwner) {
            forcedDropper = null;
            if (DROP_PHASE.compareAndSet(d, 1, 2)) wokenDropper = d;
            LockSupport.unpark(d.thread);
        }
    }

    /** The caller owns the token and nobody is queued: give it to a forced dropper still waking, if any. */
    private boolean handToWokenDropper() {
        ThreadState d = wokenDropper;
        if (d == null) return false;
        WOKEN_DROPPER.compareAndSet(this, d, null); // a hint only: never keep a dropper reachable
        if (!DROP_PHASE.compareAndSet(d, 2, 3)) return false; // it competes already, or left
        owner = d;
        LockSupport.unpark(d.thread);
        return true;
    }

    private void waitForToken(ThreadState s, AcquireCause cause) {
        final long waitStart = System.nanoTime();
        final ThreadState blockedBy = owner;
        final int waitersAtStart = (int) WAITERS.getAndAdd(this, 1) + 1;
        GilListener l = listener;
        if (l != null) notifyWaitStarted(l, s, cause, waitStart);
        s.waiting = true;
        s.queued = true;
        queue.offer(s); // a CAS: published before our read of `owner` below (Dekker with release)
        // A forced dropper is queued now: releases hand it the token the usual way (3 = handed already).
        if (s.dropPhase != 0 && !DROP_PHASE.compareAndSet(s, 2, 0)) DROP_PHASE.compareAndSet(s, 1, 0);
        boolean got = false;
        boolean interrupted = false;
        long stretchSwitch = -1; // head timekeeping: the switch number we are timing, and since when
        long stretchStart = 0;
        try {
            for (;;) {
                GilPolicy p = policy;
                if (!p.serializes()) break; // switched to off while we waited
                ThreadState o = owner;
                if (o == s) { // handed to us (fifo, or the watchdog gave it back)
                    got = true;
                    break;
                }
                if (!s.queued) { // dequeued by a hand-off that was then taken back: queue again
                    s.queued = true;
                    queue.offer(s);
                    continue;
                }
                if (o == null && (p.barging() || queue.peek() == s)) {
                    if (OWNER.compareAndSet(this, null, s)) {
                        got = true;
                        break;
                    }
                    continue; // someone else won it: look again
                }
                if (queue.peek() != s) { // only the head keeps time; the others sleep until woken
                    stretchSwitch = -1;
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                } else {
                    long interval = intervalNanos;
                    long notice = Math.min(interval, WATCHDOG_NOTICE_NANOS);
                    long sn = switchNumber;
                    if (sn != stretchSwitch) { // a new owner: its stretch starts now (a re-take by the same one is no switch)
                        stretchSwitch = sn;
                        stretchStart = System.nanoTime();
                    }
                    LockSupport.parkNanos(this, notice);
                    ThreadState now = owner;
                    if (switchNumber == sn && now != null && now != s && now != WATCHDOG) {
                        long held = System.nanoTime() - stretchStart;
                        // The same owner for a whole notice period: if it is blocked or dead, only the
                        // watchdog can help. Waking it here (not on every contended acquire) keeps it off
                        // the hand-off path; it goes back to sleep when nobody waits.
                        watchdog.wake();
                        // CPython: ask for a drop only if nobody switched for a whole interval.
                        if (p.requestsDrops() && held >= interval) {
                            requestDrop(s, now);
                            stretchStart = System.nanoTime(); // ask again one interval later if ignored
                        }
                    }
                }
                if (Thread.interrupted()) interrupted = true; // keep it for the app, don't spin on it
            }
        } finally {
            if (s.queued) {
                s.queued = false;
                queue.remove(s); // usually the head: O(1)
            }
            WAITERS.getAndAdd(this, -1);
            s.waiting = false;
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (got) acquiredContended(s, cause, waitStart, blockedBy, waitersAtStart);
    }

    private void acquiredContended(ThreadState s, AcquireCause cause, long waitStart,
                                   ThreadState blockedBy, int waitersAtStart) {
        long now = System.nanoTime();
        long waited = now - waitStart;
        s.acquisitions++;
        s.contendedAcquisitions++;
        s.waitNanosTotal += waited;
        if (waited > s.maxWaitNanos) s.maxWaitNanos = waited;
        s.holdStartNanos = now; // a hold someone waited for is always timed
        if (lastOwner != s) {
            switches++;
            SWITCH_NUMBER.setRelease(this, switchNumber + 1); // only on a change of holder (see acquiredUncontended)
        }
        if (forcedDropper != null) wakeForcedDropper(s);
        GilPolicy p = policy;
        // A contended acquisition resets any stale drop request (as CPython's take_gil does).
        if (p.fastCheckpoints()) RUN_FAST.setRelease(this, s.thread);
        if (p.requestsDrops()) {
            // Pass the timekeeping baton: the new head must start its interval now.
            ThreadState h = queue.peek();
            if (h != null) LockSupport.unpark(h.thread);
        }
        GilListener l = listener;
        if (l != null) notifyAcquired(l, s, cause, waitStart, now, blockedBy, waitersAtStart);
    }

    private void notifyWaitStarted(GilListener l, ThreadState s, AcquireCause cause, long waitStart) {
        try {
            l.waitStarted(s, cause, waitStart);
        } catch (Throwable t) {
            listenerErrors.incrementAndGet();
        }
    }

    private void notifyAcquired(GilListener l, ThreadState s, AcquireCause cause, long waitStart, long now,
                                ThreadState blockedBy, int waitersAtStart) {
        try {
            l.acquired(s, cause, waitStart, now, blockedBy == WATCHDOG ? null : blockedBy, waitersAtStart);
        } catch (Throwable t) {
            listenerErrors.incrementAndGet();
        }
    }

    private void requestDrop(ThreadState requester, ThreadState o) {
        long now = System.nanoTime();
        dropRequests.incrementAndGet();
        dropRequester = requester;
        dropRequestNanos = now;
        // The eval breaker: the owner's next checkpoint misses the fast path.
        RUN_FAST.compareAndSet(this, o.thread, null);
        GilListener l = listener;
        if (l != null) {
            try {
                l.switchRequested(requester, o, now);
            } catch (Throwable t) {
                listenerErrors.incrementAndGet();
            }
        }
    }

    /**
     * Called by a policy at the owner's checkpoint after a drop request: drop the token and compete
     * again. With {@code waitForOther} (CPython's FORCE_SWITCHING) the dropper first waits until
     * another thread took it, or it would usually win it straight back.
     */
    void forcedSwitch(ThreadState o, boolean waitForOther) {
        if (o.clinitDepth > 0) {
            // Dropping inside a static initializer lets the next owner wait for this class's
            // initialization while holding the token we need to finish it (a 1 s stalled-owner stall
            // per occurrence). Keep running; the head waiter asks again one interval later.
            deferredClinitDrops++;
            if (policy.fastCheckpoints()) RUN_FAST.setRelease(this, o.thread);
            return;
        }
        if (waiters == 0) { // stale request: nobody left to switch to
            if (policy.fastCheckpoints()) RUN_FAST.setRelease(this, o.thread);
            return;
        }
        ThreadState requester = dropRequester;
        long requestNanos = dropRequestNanos;
        forcedSwitches++;
        long sn = switchNumber;
        if (waitForOther) {
            o.dropPhase = 1;
            forcedDropper = o;
        }
        release(o, ReleaseCause.FORCED_SWITCH);
        GilListener l = listener;
        if (l != null) {
            try {
                l.dropped(o, requester, requestNanos, System.nanoTime());
            } catch (Throwable t) {
                listenerErrors.incrementAndGet();
            }
        }
        if (waitForOther) {
            boolean interrupted = false;
            while (switchNumber == sn && waiters != 0 && policy.serializes()) {
                LockSupport.parkNanos(this, intervalNanos);
                if (Thread.interrupted()) interrupted = true;
            }
            if (forcedDropper == o) forcedDropper = null;
            if (interrupted) Thread.currentThread().interrupt();
        }
        // dropPhase stays 1/2 until we are queued or hold the token: a blocking release meanwhile hands it
        // to us (phase 3; accounted in acquireOnce or waitForToken).
        acquire(o, AcquireCause.AFTER_SWITCH);
        o.dropPhase = 0; // we own the token: nobody can hand it to us any more
        WOKEN_DROPPER.compareAndSet(this, o, null);
    }

    /** {@code ticks}: release and immediately try to take it back, no forced switching. */
    void tickDrop(ThreadState o) {
        if (o.clinitDepth > 0) {
            deferredClinitDrops++;
            return;
        }
        tickDrops++;
        long sn = switchNumber;
        release(o, ReleaseCause.TICK);
        acquire(o, AcquireCause.AFTER_SWITCH);
        if (switchNumber == sn) tickDropsWonBack++; // the number moves only when another thread holds it
    }

    // =====================================================================================
    // Watchdog hand-off
    // =====================================================================================

    /**
     * Takes the token from its owner if somebody waits and the owner is blocked (BLOCKED, WAITING,
     * TIMED_WAITING) or dead. The owner re-acquires lazily when it runs designated code again.
     *
     * @return whether the token was taken
     */
    public boolean handOffFromBlockedOwner() {
        ThreadState o = owner;
        // An owner still in waitForToken was just handed the token (fifo, or given back): it is parked
        // only until it notices, so it is about to run, not blocked.
        if (o == null || o == WATCHDOG || o.waiting || waiters == 0 || !isBlockedOrDead(o.thread)) return false;
        // Phase 1: stop o passing checkpoints (fast path off, then the token parked on WATCHDOG).
        RUN_FAST.compareAndSet(this, o.thread, null);
        if (!OWNER.compareAndSet(this, o, WATCHDOG)) return false;
        // Phase 2: getState() was a snapshot; o may have woken and run on since. From now on it cannot
        // pass a checkpoint unnoticed, so if it is still blocked it cannot be inside designated code
        // past its last checkpoint: safe to hand the token on.
        if (!isBlockedOrDead(o.thread)) {
            owner = o; // give it back; its next checkpoint sees runFast == null and switches normally
            LockSupport.unpark(o.thread);
            return false;
        }
        completeHandOff(o);
        return true;
    }

    /**
     * Takes the token from an owner that is RUNNABLE but has let nobody have it for a long time while
     * others wait (the watchdog decides what "long" is). Thread.getState() cannot see every way a
     * thread blocks: a thread waiting for another thread's class initialization, or blocked in native
     * code, reports RUNNABLE. The classic case: A runs a static initializer that calls designated code
     * and is asked to drop; B takes the token and touches the class, so B waits for A's initializer
     * while owning the token A needs. Designated code has a checkpoint after every instruction that can
     * wait for class initialization, so such an owner is at a checkpoint boundary. The watchdog only
     * calls this for an owner that burned no CPU for a long window (see Watchdog#watchForStall): a
     * running owner, however starved, may be in the middle of designated code and is never taken from.
     *
     * @param expected the owner's thread the watchdog saw stall
     * @return whether the token was taken
     */
    public boolean handOffFromStalledOwner(Thread expected) {
        ThreadState o = owner;
        if (o == null || o == WATCHDOG || o.thread != expected || o.waiting || waiters == 0) return false;
        if (o.thread.getState() != Thread.State.RUNNABLE) return false; // handOffFromBlockedOwner's case
        RUN_FAST.compareAndSet(this, o.thread, null);
        if (!OWNER.compareAndSet(this, o, WATCHDOG)) return false;
        stalledOwnerHandOffs.incrementAndGet();
        completeHandOff(o);
        return true;
    }

    /**
     * Takes the token from a RUNNABLE owner that sits in a native call which sleeps in the kernel
     * (epoll_wait, accept, read, poll, a JNI library's futex or nanosleep): the JVM says "in native"
     * and the kernel says "S"/"D". Safe for designated code whatever the call: a thread in native runs
     * no designated bytecode, and when the native call returns into designated code the checkpoint
     * woven after every call makes it take the token back first (returning into JDK or undesignated
     * code needs no token). It is not taken from a thread computing in native code (kernel state R,
     * running or waiting for a core), so a JNI library under the GIL stays serialized while it computes.
     * Two phases as in {@link #handOffFromBlockedOwner}: both facts are checked again after the token
     * is parked on WATCHDOG.
     *
     * @return whether the token was taken
     */
    public boolean handOffFromNativeBlockedOwner() {
        ThreadState o = owner;
        if (o == null || o == WATCHDOG || o.waiting || waiters == 0 || o.tid <= 0) return false;
        if (o.thread.getState() != Thread.State.RUNNABLE || !nativeBlocked(o)) return false;
        RUN_FAST.compareAndSet(this, o.thread, null);
        if (!OWNER.compareAndSet(this, o, WATCHDOG)) return false;
        if (!nativeBlocked(o) || o.thread.getState() != Thread.State.RUNNABLE) {
            owner = o; // it moved on: give it back; its next checkpoint sees runFast == null
            LockSupport.unpark(o.thread);
            return false;
        }
        nativeBlockedHandOffs.incrementAndGet();
        completeHandOff(o);
        return true;
    }

    private static boolean nativeBlocked(ThreadState o) {
        return OsThreads.kernelSleeping(o.tid) && OsThreads.inNative(o.thread) && OsThreads.kernelSleeping(o.tid);
    }

    public long nativeBlockedHandOffs() {
        return nativeBlockedHandOffs.get();
    }

    /** The token is parked on WATCHDOG, taken from {@code o}: pass it on. */
    private void completeHandOff(ThreadState o) {
        long holdStart = o.holdStartNanos;
        o.holdStartNanos = 0;
        watchdogHandOffs.incrementAndGet();
        lastOwner = o;
        passToken(false);
        if (holdStart != 0) notifyReleased(o, ReleaseCause.WATCHDOG_HANDOFF, holdStart, System.nanoTime());
    }

    private static boolean isBlockedOrDead(Thread t) {
        switch (t.getState()) {
            case BLOCKED:
            case WAITING:
            case TIMED_WAITING:
            case TERMINATED:
                return true;
            default:
                return false;
        }
    }

    // =====================================================================================
    // Configuration and observation
    // =====================================================================================

    public GilPolicy policy() {
        return policy;
    }

    /** Changes the policy at run time. Switching to {@code off} releases every waiter at once. */
    public void setPolicy(GilPolicy p) {
        this.policy = p;
        this.serializing = p.serializes();
        RUN_FAST.setVolatile(this, null); // make the owner look at the new policy at its next checkpoint
        for (ThreadState w : queue) LockSupport.unpark(w.thread);
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** The switch interval (CPython's {@code sys.setswitchinterval}); at least 1 µs. */
    public void setIntervalNanos(long nanos) {
        if (nanos < 1_000) throw new IllegalArgumentException("interval must be at least 1us, got " + nanos + "ns");
        this.intervalNanos = nanos;
    }

    public int checkInterval() {
        return checkInterval;
    }

    /** Checkpoints between drops under {@code ticks} (CPython's {@code sys.setcheckinterval}). */
    public void setCheckInterval(int checkpoints) {
        if (checkpoints < 1) throw new IllegalArgumentException("checkinterval must be >= 1, got " + checkpoints);
        this.checkInterval = checkpoints;
    }

    public boolean traceAccounting() {
        return traceAccounting;
    }

    /** Trace accounting times every hold (two clock reads per outermost acquisition). */
    public void setTraceAccounting(boolean trace) {
        this.traceAccounting = trace;
    }

    public void setListener(GilListener l) {
        this.listener = l;
    }

    /** The listener set by {@link #setListener}, or null. */
    public GilListener listener() {
        return listener;
    }

    /** The current owner's thread, or null (racy snapshot, for samplers). */
    public Thread ownerThread() {
        ThreadState o = owner;
        return o == null || o == WATCHDOG ? null : o.thread;
    }

    /** This thread's state if it ever entered designated code through this lock. */
    public ThreadState currentThreadState() {
        return stateOf(Thread.currentThread());
    }

    /** Whether the calling thread owns the token. */
    public boolean isHeldByCurrentThread() {
        ThreadState o = owner;
        return o != null && o.thread == Thread.currentThread();
    }

    public int waiterCount() {
        return waiters;
    }

    /** Live threads that have used this lock (dead ones are dropped as a side effect). */
    public List<ThreadState> threadStates() {
        List<ThreadState> out = new ArrayList<>(registry.size());
        registry.prune(owner, out);
        for (int i = 0; i < BY_ID_SLOTS; i++) { // the hot-path cache must not keep dead threads reachable
            ThreadState s = byId[i];
            if (s != null && s != owner && !s.thread.isAlive()) byId[i] = null;
        }
        return out;
    }

    /**
     * Drops ended threads from the registry now (the recording's stats thread calls it every period, so
     * the registry follows the live threads even when no new thread comes to prune it).
     */
    public void pruneDeadThreads() {
        registry.prune(owner, null);
    }

    /** Threads in the registry, live or not yet pruned (bounded by about twice the live ones). */
    public int registeredThreads() {
        return registry.size();
    }

    /** Acquisitions by every thread since the lock was made, including threads that have ended. */
    public long acquisitions() {
        return registry.acquisitions();
    }

    /** Contended acquisitions by every thread since the lock was made, including threads that have ended. */
    public long contendedAcquisitions() {
        return registry.contendedAcquisitions();
    }

    /** Moves each time the token goes to a different thread (CPython's {@code switch_number}). */
    public long switchNumber() {
        return switchNumber;
    }

    public long switches() {
        return switches;
    }

    public long forcedSwitches() {
        return forcedSwitches;
    }

    public long dropRequests() {
        return dropRequests.get();
    }

    public long tickDrops() {
        return tickDrops;
    }

    /** Tick drops after which the releaser took the token straight back (the GIL battle). */
    public long tickDropsWonBack() {
        return tickDropsWonBack;
    }

    public long blockingReleases() {
        return blockingReleases;
    }

    public long watchdogHandOffs() {
        return watchdogHandOffs.get();
    }

    /** Watchdog hand-offs (included in {@link #watchdogHandOffs}) from a RUNNABLE but stalled owner. */
    public long stalledOwnerHandOffs() {
        return stalledOwnerHandOffs.get();
    }

    public long listenerErrors() {
        return listenerErrors.get();
    }

    /** One line of internal state, for hang diagnostics (thread dumps can't show the token). */
    @Override
    public String toString() {
        ThreadState o = owner;
        StringBuilder q = new StringBuilder();
        for (ThreadState w : queue) q.append(w.thread == null ? "?" : w.thread.getName()).append(w.queued ? "" : "(stale)").append(' ');
        return "GilLock[policy=" + policy + ", owner=" + (o == null ? "none" : o == WATCHDOG ? "WATCHDOG"
                : o.thread.getName() + "/" + o.thread.getState()) + ", runFast=" + (runFast == null ? "null" : runFast.getName())
                + ", waiters=" + waiters + ", queue=[" + q.toString().trim() + "], switchNumber=" + switchNumber
                + ", watchdogHandOffs=" + watchdogHandOffs + ", nativeBlockedHandOffs=" + nativeBlockedHandOffs + ", deferredClinitDrops=" + deferredClinitDrops + "]";
    }

    Watchdog watchdog() {
        return watchdog;
    }

    /** Stops the watchdog thread (tests create many locks; the process-wide one is never closed). */
    @Override
    public void close() {
        watchdog.close();
    }
}
