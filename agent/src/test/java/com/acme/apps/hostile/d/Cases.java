package com.acme.apps.hostile.d;

import com.acme.apps.hostile.Library;
import com.acme.apps.hostile.Oracle;
import com.acme.apps.hostile.Workers;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Designated (the matrix runs with {@code include=com.acme.apps.hostile.d.**}): each public method is
 * one hostile case. A case returns normally when the program's own result is right and throws
 * otherwise; the runner adds the mutual-exclusion oracle's verdict and the timeout.
 */
public final class Cases {
    static final int THREADS = 4;

    private Cases() {
    }

    static void expect(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }

    // ------------------------------------------------------------------ monitors

    static final Object M = new Object();
    static volatile boolean aHasM;
    static volatile boolean bWantsM;

    /**
     * A enters monitor M and runs designated code until B wants M. B can only say so while owning the
     * GIL, and then blocks on M still owning it, while A needs the GIL to ever leave M: a deadlock
     * that only the watchdog's hand-off (B is BLOCKED) can break.
     */
    public static void monitorHeldByAGilWaiterWhileTheOwnerWantsItDoesNotDeadlock() throws Exception {
        aHasM = false;
        bWantsM = false;
        long[] result = new long[2];
        Workers.runAll("inversion", 2, i -> {
            if (i == 0) {
                synchronized (M) {
                    aHasM = true;
                    while (!bWantsM) Oracle.check();
                    long end = System.nanoTime() + 5_000_000L; // keep M while B queues up for it
                    while (System.nanoTime() < end) Oracle.check();
                    result[0] = 1;
                }
            } else {
                while (!aHasM) Oracle.check();
                bWantsM = true; // no checkpoint between this store and the monitorenter below
                synchronized (M) {
                    Oracle.check();
                    result[1] = 1;
                }
            }
        });
        expect(result[0] == 1 && result[1] == 1, "both threads finished their critical sections");
    }

    private static long syncCount;
    private long blockCount;

    private static synchronized void syncIncrement(int i) throws InterruptedException {
        syncCount++;
        Oracle.check();
        if (i % 16 == 0) Thread.sleep(1); // sleeping with the class monitor held: others block on it
    }

    public static void synchronizedMethodsAndBlocksKeepTheirCountsAndDoNotDeadlock() throws Exception {
        syncCount = 0;
        Cases shared = new Cases();
        int per = 200;
        Workers.runAll("sync", THREADS, t -> {
            for (int i = 0; i < per; i++) {
                syncIncrement(i);
                synchronized (shared) {
                    shared.blockCount++;
                    if (i % 32 == 0) shared.wait(1); // wait releases the monitor and the GIL
                    Oracle.check();
                }
            }
        });
        expect(syncCount == THREADS * per, "synchronized method count " + syncCount);
        expect(shared.blockCount == THREADS * per, "synchronized block count " + shared.blockCount);
    }

    public static void libraryThatSleepsOrWaitsUnderItsOwnMonitorDoesNotDeadlock() throws Exception {
        long before = Library.calls();
        int per = 25;
        Workers.runAll("library", THREADS, t -> {
            for (int i = 0; i < per; i++) {
                Oracle.check();
                Library.slowUnderOwnMonitor();
            }
        });
        expect(Library.calls() - before == THREADS * per, "library calls " + (Library.calls() - before));
    }

    // ------------------------------------------------------------------ coordination

    private static final Object BUF_LOCK = new Object();
    private static final long[] BUF = new long[2];
    private static int bufCount;
    private static int bufHead;

    public static void waitNotifyProducerConsumerDeliversEveryItem() throws Exception {
        bufCount = 0;
        bufHead = 0;
        int items = 500;
        long[] consumed = new long[2];
        Workers.runAll("pc", 4, t -> {
            if (t < 2) { // producers
                for (int i = 1; i <= items; i++) {
                    synchronized (BUF_LOCK) {
                        while (bufCount == BUF.length) BUF_LOCK.wait();
                        BUF[(bufHead + bufCount) % BUF.length] = i;
                        bufCount++;
                        Oracle.check();
                        BUF_LOCK.notifyAll();
                    }
                }
            } else { // consumers
                long sum = 0;
                for (int i = 0; i < items; i++) {
                    synchronized (BUF_LOCK) {
                        while (bufCount == 0) BUF_LOCK.wait();
                        sum += BUF[bufHead];
                        bufHead = (bufHead + 1) % BUF.length;
                        bufCount--;
                        BUF_LOCK.notifyAll();
                    }
                }
                consumed[t - 2] = sum;
            }
        });
        long expected = 2L * items * (items + 1) / 2;
        expect(consumed[0] + consumed[1] == expected, "consumed " + (consumed[0] + consumed[1]) + " of " + expected);
    }

    public static void blockingQueueProducersAndConsumersDeliverEveryItem() throws Exception {
        BlockingQueue<Long> q = new ArrayBlockingQueue<>(3);
        int items = 1000;
        long[] consumed = new long[2];
        Workers.runAll("bq", 4, t -> {
            if (t < 2) {
                for (long i = 1; i <= items; i++) {
                    q.put(i);
                    Oracle.check();
                }
                q.put(-1L);
            } else {
                long sum = 0;
                for (long v; (v = q.take()) != -1L; ) sum += v;
                Oracle.check();
                consumed[t - 2] = sum;
            }
        });
        long expected = 2L * items * (items + 1) / 2;
        expect(consumed[0] + consumed[1] == expected, "consumed " + (consumed[0] + consumed[1]) + " of " + expected);
    }

    public static void countDownLatchAndCyclicBarrierAcrossDesignatedThreads() throws Exception {
        int rounds = 50;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(THREADS);
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        int[] phase = new int[THREADS];
        int[] lagging = new int[1];
        Workers.runAll("barrier", THREADS + 1, t -> {
            if (t == THREADS) { // the starter
                Oracle.check();
                start.countDown();
                expect(done.await(60, TimeUnit.SECONDS), "latch never reached zero");
                return;
            }
            start.await();
            for (int r = 1; r <= rounds; r++) {
                phase[t] = r;
                barrier.await(60, TimeUnit.SECONDS);
                for (int p : phase) if (p < r) lagging[0]++; // everyone reached round r
                Oracle.check();
                barrier.await(60, TimeUnit.SECONDS);
            }
            done.countDown();
        });
        expect(lagging[0] == 0, lagging[0] + " threads passed a barrier before the others arrived");
    }

    public static void threadJoinFromDesignatedCode() throws Exception {
        long[] out = new long[THREADS];
        Thread[] ts = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            int index = i;
            ts[i] = new Thread(() -> {
                long s = 0;
                for (int k = 0; k < 10_000; k++) s += k % (index + 2);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                Oracle.check();
                out[index] = s;
            });
            ts[i].setDaemon(true);
            ts[i].start();
        }
        for (Thread t : ts) t.join(); // the joiner owns the GIL until join releases it
        Oracle.check();
        for (int i = 0; i < THREADS; i++) {
            long s = 0;
            for (int k = 0; k < 10_000; k++) s += k % (i + 2);
            expect(out[i] == s, "thread " + i + " result " + out[i] + " != " + s);
        }
    }

    static final class SumTask extends RecursiveTask<Long> {
        final int from;
        final int to;

        SumTask(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected Long compute() {
            if (to - from <= 1000) {
                long s = 0;
                for (int i = from; i < to; i++) s += i;
                Oracle.check();
                return s;
            }
            int mid = (from + to) >>> 1;
            SumTask left = new SumTask(from, mid);
            left.fork();
            long right = new SumTask(mid, to).compute();
            return left.join() + right; // joins park (released) or help (nested designated code)
        }
    }

    public static void forkJoinPoolAndParallelStreamsInsideDesignatedCode() throws Exception {
        int n = 200_000;
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            long sum = pool.invoke(new SumTask(0, n));
            expect(sum == (long) n * (n - 1) / 2, "fork/join sum " + sum);
        } finally {
            pool.shutdown();
        }
        long streamSum = IntStream.range(0, n).parallel().mapToLong(i -> {
            if ((i & 4095) == 0) Oracle.check();
            return i % 7;
        }).sum();
        long expected = 0;
        for (int i = 0; i < n; i++) expected += i % 7;
        expect(streamSum == expected, "parallel stream sum " + streamSum + " != " + expected);
    }

    public static void staticInitializersRacingAcrossThreads() throws Exception {
        long[] seen = new long[THREADS];
        Workers.runAll("clinit", THREADS, t -> {
            Oracle.check();
            seen[t] = SlowInit.VALUE; // one thread runs <clinit> (with checkpoints), the others wait for it
        });
        for (long v : seen) expect(v == SlowInit.EXPECTED, "saw " + v + " instead of " + SlowInit.EXPECTED);
    }

    // ------------------------------------------------------------------ failures

    static int deep(int n) {
        return deep(n + 1) + 1;
    }

    static void throwThrough(int frames) {
        if (frames == 0) throw new IllegalStateException("expected");
        throwThrough(frames - 1);
        Oracle.check();
    }

    /**
     * Exceptions and StackOverflowError unwind designated frames: afterwards the thread must not hold
     * the GIL outside designated code (it spins there, RUNNABLE, where the watchdog would not help),
     * and the other threads must keep going.
     */
    public static void exceptionsAndStackOverflowThroughDesignatedFrames() throws Exception {
        int[] overflows = new int[1];
        int[] caught = new int[1];
        Workers.runAll("throw", 3, t -> {
            for (int round = 0; round < 3; round++) {
                try {
                    deep(0);
                } catch (StackOverflowError e) {
                    overflows[0]++;
                }
                Oracle.check();
                try {
                    throwThrough(20);
                } catch (IllegalStateException e) {
                    caught[0]++;
                }
                Oracle.check();
            }
        });
        expect(overflows[0] == 9 && caught[0] == 9, "overflows " + overflows[0] + ", caught " + caught[0]);
    }

    /** Called from non-designated code after the failures: spins outside while others need the GIL. */
    public static long designatedWork(int loops) {
        long s = 0;
        for (int i = 0; i < loops; i++) {
            s += i ^ (s << 1);
            if ((i & 1023) == 0) Oracle.check();
        }
        return s;
    }

    // ------------------------------------------------------------------ I/O

    public static void socketClientAndServerBothDesignatedOverLoopback() throws Exception {
        int trips = 300;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int[] echoed = new int[1];
            Workers.runAll("socket", 2, t -> {
                if (t == 0) {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream();
                         OutputStream out = s.getOutputStream()) {
                        for (int b; (b = in.read()) != -1; ) {
                            Oracle.check();
                            out.write(b + 1);
                            out.flush();
                        }
                    }
                } else {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                        s.setTcpNoDelay(true);
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        for (int i = 0; i < trips; i++) {
                            out.write(i & 0x7f);
                            out.flush();
                            int r = in.read();
                            Oracle.check();
                            if (r == (i & 0x7f) + 1) echoed[0]++;
                        }
                    }
                }
            });
            expect(echoed[0] == trips, "echoed " + echoed[0] + " of " + trips);
        }
    }

    /** Returns the wall time of {@code threads} designated threads each sleeping {@code sleeps} × 20 ms. */
    public static long sleepers(int threads, int sleeps) throws Exception {
        long t0 = System.nanoTime();
        Workers.runAll("sleeper", threads, t -> {
            for (int i = 0; i < sleeps; i++) {
                Thread.sleep(20);
                Oracle.check();
            }
        });
        return System.nanoTime() - t0;
    }

    /** Wall time of {@code threads} designated threads each running {@code loops} iterations. */
    public static long spinners(int threads, int loops) throws Exception {
        long t0 = System.nanoTime();
        Workers.runAll("spinner", threads, t -> designatedWork(loops));
        return System.nanoTime() - t0;
    }

    /**
     * The body of one of many virtual threads: compute, sleep (the GIL is released and the virtual
     * thread unmounts: the token is no monitor, so nothing pins the carrier), park on a lock, compute.
     */
    public static boolean virtualWork(int index) {
        long s = 0;
        for (int i = 0; i < 200; i++) s += i ^ index;
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            return false;
        }
        VT_LOCK.lock(); // contended: parks (LockSupport), which releases the GIL too
        try {
            vtCount++;
        } finally {
            VT_LOCK.unlock();
        }
        Oracle.check();
        long t = 0;
        for (int i = 0; i < 200; i++) t += i ^ index;
        return s == t;
    }

    private static final java.util.concurrent.locks.ReentrantLock VT_LOCK = new java.util.concurrent.locks.ReentrantLock();
    private static long vtCount;
}
