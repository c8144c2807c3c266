package dev.jgil.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
 *   <li>The watchdog ({@link WatchdogHandOffs}) takes the token from a blocked or dead owner; the owner
 *       re-acquires lazily like after a blocking call.</li>
 * </ul>
 * The {@link GilPolicy} decides when the owner drops and who gets the token next.
 *
 * <h2>Where the code is</h2>
 * Here: the state (every field) and the fast paths. The slow paths are static methods taking the lock (inlined
 * like private methods, fields read directly): {@link Acquisition}, {@link Release}, {@link ForcedSwitching},
 * {@link WatchdogHandOffs}, {@link ListenerCalls}, {@link JitPriming}; the settings and the counters are the superclasses
 * {@link GilSettings} and {@link GilCounters}.
 *
 * <h2>Notes about the implementation (every invariant of the lock, in one place)</h2>
 * <ol>
 *   <li><b>The token</b> is {@code owner}. It changes only (a) by CAS from null by an acquirer, (b) by
 *       its owner (release: to null, or straight to the queued head), (c) by the watchdog, which first
 *       CASes it from the owner to the {@code WATCHDOG} placeholder, re-checks, then passes it on or gives
 *       it back, (d) by CAS from a hand-off's placeholder (claimed hand-offs, below). Nobody else writes it.</li>
 *   <li><b>Mutual exclusion</b> under a serializing policy: a thread runs designated bytecode only after
 *       {@code enter} (or {@code enterNested}), a checkpoint or a nested exit saw {@code owner == itself}.
 *       Every way to lose the token (blocking release, forced drop, tick drop, watchdog hand-off) is followed
 *       by a checkpoint before the next designated bytecode: the weaver puts one after every call and at every
 *       back-edge.
 *       </li>
 *   <li><b>Release eagerly, re-acquire lazily.</b> A blocking call drops the token before it blocks and
 *       never takes it back on its return path (which may run inside a foreign monitor: re-acquiring
 *       there deadlocks); the thread re-acquires at its next checkpoint/enter/exit in designated code.
 *       The watchdog's hand-offs follow the same rule.</li>
 *   <li><b>The eval breaker</b> {@code runFast} names the owner's thread while nobody asked it to drop.
 *       It is cleared before the token leaves its owner (release, watchdog phase 1, and again
 *       after the watchdog's CAS, against an owner that armed it for a newer hold meanwhile: Dekker with
 *       {@code Acquisition.armRunFast}), so {@code runFast == t} implies that {@code t} owns the token; a waiter's drop request is a CAS of it
 *       to null; a new owner sets it with a volatile store and then checks that it still owns the token.</li>
 *   <li><b>No lost wake-up</b> (Dekker): a waiter counts itself in {@code waiters}, enqueues, then reads
 *       {@code owner}; a releaser stores {@code owner} (volatile), then reads {@code waiters} and wakes the
 *       head. Non-head waiters sleep until woken; {@code IDLE_PARK_NANOS} only bounds a missed wake-up.</li>
 *   <li><b>Timekeeping</b> (CPython &ge; 3.2): only the head waiter keeps time; it asks for a drop only if
 *       {@code switchNumber} did not move for a whole interval. {@code switchNumber} moves only when the
 *       holder changes (a re-take by the same thread is no switch): written by the new owner, or by the giver of
 *       a hand-off as it hands the token over (not when the receiver wakes, later).</li>
 *   <li><b>Forced switching</b> (CPython's FORCE_SWITCHING): a thread that drops on request waits until
 *       another thread took the token (or nobody waits any more), else it would usually win it back. Under
 *       {@code switch} a blocking release hands the token straight to the queued head, or, with nobody
 *       queued, to the forced dropper that is still waking ({@code dropPhase} 2 &rarr; 3 by CAS, then
 *       {@code owner} := it). The dropper keeps phase 1/2 until it is queued (then a release finds it in
 *       {@code waiters}) or holds the token, so no release can slip between its waking and its queueing; a dropper
 *       that wakes on its own as another thread takes the token marks itself (1 &rarr; 2). So the thread back from I/O queues behind the CPU-bound one: the convoy,
 *       as in CPython, where the woken dropper is running by the time a loopback call returns, while a
 *       parked JVM thread takes longer to wake than such a call takes.</li>
 *   <li><b>Claimed hand-offs</b>: those two hand-offs of a blocking release put the receiver's placeholder
 *       ({@link ThreadState#receiver}, no thread) in {@code owner}, stamped with the time. The receiver claims
 *       the token by CAS from it to itself; a thread that comes for the token {@code CLAIM_GRACE_NANOS} (200 µs,
 *       about one quiet wake-up) after the hand-off and finds it unclaimed takes it by the same CAS instead, and
 *       the receiver, finding its claim lost, queues again. Exactly one of them runs. CPython frees the GIL and
 *       signals; whoever runs first takes it: quiet, the signalled thread; on a busy machine, often the thread
 *       back from its call (the convoy softens). Without the grace jgil kept the token for a thread that had no
 *       core for milliseconds. The watchdog never touches a placeholder; samplers see its receiver.</li>
 *   <li><b>Priority requests</b> ({@code priority}, {@code bfs}; bpo-7946's unmerged fixes): a waiter the policy
 *       prefers ({@link GilPolicy#preempts}: back from a blocking call; an earlier virtual deadline) asks the
 *       owner to drop at its next checkpoint instead of after an interval, and the release hands the token to
 *       the policy's choice ahead of the queue ({@link GilPolicy#nextOwner}). Never lost: the requester counts
 *       itself in {@code preemptors} before its CAS of {@code runFast}, and a new owner reads the count after
 *       arming {@code runFast} (a fence between; Dekker). Under these policies waiters spin briefly before
 *       parking (the token comes back within microseconds), a blocking release hands the token to a waiter
 *       still spinning or frees it, never to a parked one (a hand-off's unpark makes a spinner that just stopped
 *       find it), and the head's interval keeps running while the owner it times is back after a priority
 *       hold, so CPU-bound threads still switch every interval.</li>
 *   <li><b>Virtual deadlines</b> ({@code bfs}): a thread that starts competing gets now + 8 &times; its recent GIL
 *       time (holds, decayed), kept if it takes a free token back within an interval of its last hold; forced drops
 *       hand the token to the earliest deadline, exits free it. A deadline is fixed while its thread waits, and
 *       threads arriving after it has passed get later ones: no waiter starves.</li>
 *   <li><b>No drop inside a static initializer</b> ({@code clinitDepth > 0}): the drop is deferred and
 *       asked again one interval later, or the next owner could wait for this class's initialization
 *       while holding the token its initializer needs. With groups, an initializer under any lock defers the drops
 *       of all of them (GilGroups.inClassInitElsewhere).</li>
 *   <li><b>The watchdog never takes the token from a thread that computes</b>: only from one that is
 *       blocked or dead (thread state), in a native call sleeping in the kernel (JVM "in native" and
 *       kernel S/D, checked before and after parking the token on {@code WATCHDOG}), or stalled (no CPU
 *       for a long window). Taken from an owner BLOCKED on a monitor, it goes to a waiter that lost it mid-call
 *       ({@code midCallWaiters}; the monitor's holder is one), not made to drop for a few intervals after.</li>
 *   <li><b>Counters written under the token</b> are plain fields: successive owners are ordered by the
 *       token's CAS/volatile store, so increments lose nothing; readers sample them racily.</li>
 *   <li><b>Segment tracing</b> ({@code off} with trace accounting, for {@code jgil predict}): nobody owns the token,
 *       so a thread's {@code offSegmentStartNanos}/{@code offReleased} mark where a serializing lock would take it
 *       (outermost enter; the first checkpoint, enter or exit after a blocking release) and give it up (outermost
 *       exit; blocking release). Only the thread itself writes them; {@code offReleasedThreads} &gt; 0 sends
 *       {@code off} checkpoints to the slow path while someone is back from a blocking call.</li>
 *   <li><b>Two sets of hot-path bodies</b> ({@link FastOff}): under {@code off} without trace accounting the agent
 *       redefines {@link Gil} so that its enter/exit/checkpoint do thread-local work only. They are swapped in only
 *       after a change to such a mode and out before any change away from it. Both keep {@code depth} above 0 while
 *       the thread is inside designated code; FastOff counts only outermost entries (a nested one gets
 *       {@code ThreadState.NESTED} back, whose exit here is a nested exit).</li>
 *   <li><b>Nested entries apart</b>: a designated method enters with {@code enterNested}, which only handles
 *       the nested case and returns null otherwise, and calls {@code enter} itself on null. Branch profiles live
 *       in the method that holds the branch and are shared by every caller that inlines it, so a single
 *       {@code enter} whose outermost path is taken somewhere compiles that path as a call into every designated
 *       method, and the call's memory effects keep C2 from optimizing the library around it. The null test in the
 *       designated method's own bytecode has a profile of its own: a method only ever entered nested compiles
 *       the call as an uncommon trap. Either way the same checks run in the same order as one {@code enter}.</li>
 *   <li><b>Listeners never throw into the program</b> (errors are counted), and a listener that blocks
 *       while a hold ends cannot release the token twice ({@code releasing}).</li>
 * </ol>
 */
public final class GilLock extends GilSettings implements AutoCloseable {

    /** Stands in the token while the watchdog decides whether to take it from a blocked owner. */
    static final ThreadState WATCHDOG = new ThreadState((Thread) null);

    static final VarHandle OWNER;
    static final VarHandle RUN_FAST;
    static final VarHandle SWITCH_NUMBER;
    static final VarHandle WAITERS;
    static final VarHandle WOKEN_DROPPER;
    static final VarHandle PREEMPTORS;
    static final VarHandle SPINNERS;
    static final VarHandle MID_CALL_WAITERS;
    static final VarHandle OFF_RELEASED;
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
            PREEMPTORS = l.findVarHandle(GilLock.class, "preemptors", int.class);
            SPINNERS = l.findVarHandle(GilLock.class, "spinners", int.class);
            MID_CALL_WAITERS = l.findVarHandle(GilLock.class, "midCallWaiters", int.class);
            DROP_PHASE = l.findVarHandle(ThreadState.class, "dropPhase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---- the token and the eval breaker ----
    /** The token. Changed only by CAS from null, by its owner, or by the watchdog holding WATCHDOG. */
    volatile ThreadState owner;
    /** The owner's thread while it may pass checkpoints without looking; null means "look" (drop request). */
    volatile Thread runFast;
    /** Incremented by each new owner (only the owner writes it). Waiters compare it across their wait. */
    volatile long switchNumber;
    /** Threads in {@link Acquisition#waitForToken}. */
    volatile int waiters;
    /** The previous holder, written under the token: a re-take by the same thread is no switch. */
    ThreadState lastOwner;
    /**
     * Threads released around a blocking call under {@code off} with trace accounting (segment tracing, see
     * {@link OffSegments}). While it is 0 an {@code off} checkpoint costs one more read and no call; while it is
     * not, every {@code off} checkpoint looks up its thread, so that the thread back from the call opens its segment
     * where a serializing lock would take the token back.
     */
    volatile int offReleasedThreads;

    final ConcurrentLinkedQueue<ThreadState> queue = new ConcurrentLinkedQueue<>();
    final ThreadLocal<ThreadState> states = ThreadLocal.withInitial(this::newState);
    /** Slots of {@link #byId}; a power of two. */
    static final int BY_ID_SLOTS = 1024;
    /** Hot-path cache of {@link #states}, see {@link #stateOf}. Racy by design. */
    final ThreadState[] byId = new ThreadState[BY_ID_SLOTS];
    final Watchdog watchdog = new Watchdog(this);

    /** Waiters with a priority request; a new owner that sees one clears its eval breaker at once. */
    volatile int preemptors;
    /** Waiters spinning for the token (platform threads under a preemptive policy); 0 spares a release the queue scan. */
    volatile int spinners;
    /** Waiters that lost the token inside designated code ({@link ThreadState#midCall}); 0 spares the watchdog a scan. */
    volatile int midCallWaiters;

    // ---- drop-request bookkeeping (contended path, see ForcedSwitching) ----
    volatile ThreadState dropRequester;
    volatile long dropRequestNanos;
    /** A forced dropper waiting until another thread took the token; the next new owner wakes it. */
    volatile ThreadState forcedDropper;
    /** The forced dropper that new owner woke, until it competes again: a blocking release hands it the token. */
    volatile ThreadState wokenDropper;

    public GilLock() {
        this(GilPolicy.SWITCH);
    }

    public GilLock(GilPolicy policy) {
        this.policy = policy;
        this.serializing = policy.serializes();
        this.extras = extras(policy);
    }

    private ThreadState newState() {
        ThreadState s = new ThreadState(Thread.currentThread());
        s.tid = OsThreads.currentTid(); // only the thread itself can learn it (/proc/thread-self)
        registry.add(s, owner);
        GilListener l = listener;
        if (l != null) ListenerCalls.threadStarted(this, l, s);
        return s;
    }

    /** Teaches the JIT that the hot path's slow branches are taken: see {@link JitPriming}. */
    public static void primeJit() {
        JitPriming.prime();
    }

    /** Entry of a designated class's static initializer (woven); returns the state for {@link #clinitExit}. */
    public ThreadState clinitEnter() {
        ThreadState s = stateOf(Thread.currentThread());
        s.clinitDepth++;
        return s;
    }

    public void clinitExit(ThreadState s) {
        if (s.clinitDepth > 0) s.clinitDepth--;
    }

    // =====================================================================================
    // Hot path: enter / exit / checkpoint / releaseForBlocking
    // =====================================================================================

    /**
     * The nested entry alone: while the thread owns the token (or, under {@code off}, is inside designated code and
     * not back from a blocking call that a trace must see), counts the depth and returns its state; otherwise null,
     * and the woven code calls {@link #enter()} (see the notes, "Nested entries apart"). Exactly the cases in which
     * {@code enter} would do nothing else; no call in here, so the slow path is compiled only into methods that take it.
     */
    public ThreadState enterNested() {
        Thread me = Thread.currentThread();
        ThreadState o = owner;
        if (o != null && o.thread == me) {
            o.depth++;
            return o;
        }
        if (!serializing) { // as in enter: a stale false lasts until the policy's volatile store is seen
            ThreadState s = byId[(int) me.getId() & (BY_ID_SLOTS - 1)];
            if (s != null && s.thread == me && s.depth > 0 && !s.offReleased) {
                s.depth++;
                return s;
            }
        }
        return null;
    }

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
                if (traceAccounting) OffSegments.start(this, s, AcquireCause.ENTRY);
            } else if (s.offReleased) {
                OffSegments.resume(this, s);
            }
            s.depth++;
            return s;
        }
        return Acquisition.enterSlow(this, s);
    }

    /** Leaves designated code entered by {@link #enter()}; also on exceptional exit. */
    public void exit(ThreadState s) {
        if (s == ThreadState.NESTED) { // entered under FastOff's bodies, which count only outermost entries
            ThreadState me = stateOf(Thread.currentThread());
            if (me.depth > 0) backInCaller(me);
            return;
        }
        int d = --s.depth;
        if (d > 0) {
            backInCaller(s);
            return;
        }
        if (d < 0) { // an exit without enter (method was running when its class got woven)
            s.depth = 0;
            return;
        }
        ThreadState o = owner;
        if (o == s) Release.release(this, s, ReleaseCause.EXIT);
        else if (o == WATCHDOG) Release.exitDuringWatchdogDecision(this, s);
        else if (s.offSegmentStartNanos != 0 || s.offReleased) OffSegments.exit(this, s);
        // else: released for blocking / handed off / policy off: nothing to give back
    }

    /** A nested exit: back into a designated caller, which must run as the owner again (lazy re-acquire). */
    private void backInCaller(ThreadState s) {
        if (owner != s) {
            if (serializing) Acquisition.nestedExitSlow(this, s);
            else if (s.offReleased) OffSegments.resume(this, s);
        }
    }

    /**
     * This thread's state without a ThreadLocal lookup on the hot path: a direct-mapped table indexed
     * by thread id. A slot holds whichever thread stored last; the {@code thread} check (a final field,
     * so a racy read is safe) sends a colliding thread to the ThreadLocal, which stays the truth.
     */
    ThreadState stateOf(Thread me) {
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
        if (runFast != Thread.currentThread() && (serializing || offReleasedThreads != 0)) Acquisition.checkpointSlow(this);
    }

    /** Drops the token before a blocking call if the caller owns it; otherwise does nothing. */
    public void releaseForBlocking() {
        ThreadState o = owner;
        if (o != null && o.thread == Thread.currentThread() && !o.releasing) {
            blockingReleases++; // still under the token
            Release.release(this, o, ReleaseCause.BLOCKING);
        } else if (o == null && !serializing && traceAccounting) {
            OffSegments.blocking(this, false);
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
            Release.release(this, o, ReleaseCause.BLOCKING);
        } else if (o == null && !serializing && traceAccounting) {
            OffSegments.blocking(this, true);
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
        FastOff.change(this, p, traceAccounting, () -> {
            this.policy = p;
            this.serializing = p.serializes();
            this.extras = extras(p);
            RUN_FAST.setVolatile(this, null); // make the owner look at the new policy at its next checkpoint
            for (ThreadState w : queue) LockSupport.unpark(w.thread);
        });
    }

    private static int extras(GilPolicy p) {
        return (p.metersHolds() ? METERING : 0) | (p.preemptive() ? PREEMPTIVE : 0);
    }

    /** Trace accounting times every hold (two clock reads per outermost acquisition). */
    public void setTraceAccounting(boolean trace) {
        FastOff.change(this, policy, trace, () -> this.traceAccounting = trace);
    }

    /** Lets the agent swap {@link Gil}'s hot-path bodies ({@link FastOff}); applies the current policy at once. */
    public void setFastOffSwap(FastOff.Swap swap) {
        FastOff.install(this, swap);
    }

    /** The current owner's thread, or null (racy snapshot, for samplers). */
    public Thread ownerThread() {
        ThreadState o = Acquisition.holder(owner);
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

    /** Moves each time the token goes to a different thread (CPython's {@code switch_number}). */
    public long switchNumber() {
        return switchNumber;
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

    /** One line of internal state, for hang diagnostics (thread dumps can't show the token): {@link LockState}. */
    @Override
    public String toString() {
        return LockState.describe(this);
    }

    /** Stops the watchdog thread (tests create many locks; the process-wide one is never closed). */
    @Override
    public void close() {
        watchdog.close();
    }
}
