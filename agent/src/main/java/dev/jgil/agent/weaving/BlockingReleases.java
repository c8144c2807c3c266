package dev.jgil.agent.weaving;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops the GIL at the entry of the JDK's blocking methods, as CPython's {@code Py_BEGIN_ALLOW_THREADS}
 * does around every blocking system call. Only the release is woven: the thread takes the GIL back
 * lazily at its next checkpoint in designated code, never on the blocking method's return path (it may
 * return inside a monitor that the next owner wants).
 *
 * <p>The release is one static call at the entry of each method, in a try range whose handler drops any
 * throwable (it never throws into the JDK), woven with plain ASM (ByteBuddy's shaded copy) by a
 * {@link ClassFileTransformer} of our own: no AgentBuilder, no Advice, so ByteBuddy's own machinery is
 * not loaded for this. {@code Gil} resolves from the bootstrap loader. For a thread that does not own
 * the GIL — every thread outside designated code, and every GIL waiter, since the runtime itself parks with {@code LockSupport} — it is one volatile read
 * and a compare.
 *
 * <p>Native methods cannot carry advice (ByteBuddy silently skips them). On JDK 17 {@code
 * Thread.sleep(long)} and {@code Object.wait(long)} are native; {@link BlockingCallSiteVisitor}
 * releases before those calls in designated code, and the watchdog covers them in library code.
 * Every type is retransformed on its own: a refusal is logged (verbose) and never reaches the app.
 */
public final class BlockingReleases {
    /** {@code -Djgil.releaseFileIo=false} keeps file streams out (they are released outside class loading by default). */
    static final String FILE_IO_PROPERTY = "jgil.releaseFileIo";
    /** Type → methods that block (by name; native ones are filtered out per JDK). Plain release at entry. */
    static final Map<String, Set<String>> TARGETS = new LinkedHashMap<>();
    /** Type → file-stream methods: released unless the owner is loading a class (Gil.releaseForFileIo). */
    static final Map<String, Set<String>> FILE_STREAM_TARGETS = new LinkedHashMap<>();
    /**
     * The selector's one private funnel on JDK 11-25, below every designated wrapper (Netty's
     * SelectedSelectionKeySetSelector, Jetty's ManagedSelector) and above the native wait (EPoll.wait,
     * poll, kqueue): {@code SelectorImpl.lockAndDoSelect(Consumer, long timeout)}; timeout 0 is
     * selectNow (never blocks, so it keeps the token).
     */
    static final String SELECTOR_TYPE = "sun.nio.ch.SelectorImpl";
    static final String SELECTOR_METHOD = "lockAndDoSelect";

    static {
        // Every j.u.c lock, queue, latch, barrier, future, and virtual-thread parking ends here.
        target("java.util.concurrent.locks.LockSupport", "park", "parkNanos", "parkUntil");
        // Java wrappers on 21+ (sleep/wait) and on every JDK (join, wait(), wait(long,int)).
        target("java.lang.Thread", "sleep", "join");
        target("java.lang.Object", "wait");
        target("java.lang.ProcessImpl", "waitFor");
        // java.net.Socket's implementation since JDK 13.
        target("sun.nio.ch.NioSocketImpl", "read", "write", "accept", "connect");
        target("sun.nio.ch.SocketChannelImpl", "read", "write", "connect", "finishConnect",
                "blockingRead", "blockingWriteFully", "blockingConnect");
        target("sun.nio.ch.ServerSocketChannelImpl", "accept", "blockingAccept");
        target("sun.nio.ch.DatagramChannelImpl", "receive", "send", "read", "write", "blockingReceive");
        // Pipe channels (FileDispatcherImpl on 17, SocketDispatcher on 25: both under these).
        target("sun.nio.ch.SourceChannelImpl", "read");
        target("sun.nio.ch.SinkChannelImpl", "write");
        // FileChannel (Files.newInputStream/newOutputStream/newByteChannel/readAllBytes too): never on the
        // built-in class loaders' path (jars: RandomAccessFile; directories: FileInputStream; JDK: jimage).
        target("sun.nio.ch.FileChannelImpl", "read", "write", "transferTo", "transferFrom", "force", "lock");
        // DNS and reverse lookups: JDK 17 (NameService) and JDK 18+ (InetAddressResolver, JEP 418).
        target("java.net.InetAddress$PlatformNameService", "lookupAllHostAddr", "getHostByAddr");
        target("java.net.InetAddress$PlatformResolver", "lookupByName", "lookupByAddress");
        if (!"false".equals(System.getProperty(FILE_IO_PROPERTY))) {
            // Process streams, System.in, Console on 17 and file streams: released except in class loading.
            fileStream("java.io.FileInputStream", "read", "readAllBytes", "readNBytes", "skip");
            fileStream("java.io.FileOutputStream", "write");
            fileStream("java.io.RandomAccessFile", "read", "readFully", "write");
        }
    }

    private static void fileStream(String type, String... methods) {
        FILE_STREAM_TARGETS.put(type, Collections.unmodifiableSet(new HashSet<>(Arrays.asList(methods))));
    }

    private static void target(String type, String... methods) {
        TARGETS.put(type, Collections.unmodifiableSet(new HashSet<>(Arrays.asList(methods))));
    }

    private final boolean verbose;
    private final PrintStream log;
    /** Type name → number of methods advised (for verbose output and tests). */
    private final Map<String, Integer> advised = new ConcurrentHashMap<>();
    /** Internal names of the targets, for the transformer's first test. */
    private final Set<String> internalNames = new HashSet<>();

    public BlockingReleases(boolean verbose, PrintStream log) {
        this.verbose = verbose;
        this.log = log;
        for (String t : TARGETS.keySet()) internalNames.add(t.replace('.', '/'));
        for (String t : FILE_STREAM_TARGETS.keySet()) internalNames.add(t.replace('.', '/'));
        internalNames.add(SELECTOR_TYPE.replace('.', '/'));
    }

    /**
     * Installs the releases; never throws. The targets already loaded are retransformed one by one, so
     * one refused type (say {@code java.lang.Object} on some VM) costs only its own releases; the others
     * are woven when they load (the transformer stays registered, so it is also reapplied when another
     * agent retransforms them).
     */
    public ClassFileTransformer install(Instrumentation inst) {
        try {
            ClassFileTransformer t = new Transformer();
            inst.addTransformer(t, true);
            List<Class<?>> loaded = new ArrayList<>();
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getClassLoader() == null && internalNames.contains(c.getName().replace('.', '/'))) loaded.add(c);
            }
            // All in one call first: one VM operation (each call deoptimises and redefines at a safepoint); one
            // by one only if that fails, so a refused type costs only its own releases.
            try {
                if (!loaded.isEmpty()) inst.retransformClasses(loaded.toArray(new Class<?>[0]));
                loaded.clear();
            } catch (Throwable e) {
                // fall through: one by one below
            }
            for (Class<?> c : loaded) {
                try {
                    inst.retransformClasses(c);
                } catch (Throwable e) {
                    // Not fatal: that type's blocking calls fall back to call-site releases and the watchdog.
                    if (verbose) log.println("jgil: could not advise blocking calls in " + c.getName() + ": " + e);
                }
            }
            return t;
        } catch (Throwable t) {
            log.println("jgil: could not install the blocking-call releases, blocking calls in designated code "
                    + "are left to the watchdog: " + t);
            return null;
        }
    }

    /** Types advised so far, with their method counts. */
    public Map<String, Integer> advised() {
        return Collections.unmodifiableMap(advised);
    }

    private final class Transformer implements ClassFileTransformer {
        @Override
        public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain pd,
                                byte[] bytes) {
            if (loader != null || internalName == null || !internalNames.contains(internalName)) return null;
            String name = internalName.replace('/', '.');
            try {
                byte[] out = weave(bytes, name);
                if (out == null) return null;
                if (verbose) {
                    log.println("jgil: blocking release advised in " + name + " (" + advised.get(name) + " methods)");
                }
                return out;
            } catch (Throwable t) {
                if (verbose) log.println("jgil: could not advise blocking calls in " + name + ": " + t);
                return null;
            }
        }

        private byte[] weave(byte[] bytes, String type) {
            Set<String> blocking = TARGETS.getOrDefault(type, Collections.emptySet());
            Set<String> fileIo = FILE_STREAM_TARGETS.getOrDefault(type, Collections.emptySet());
            boolean selector = SELECTOR_TYPE.equals(type);
            ClassReader reader = new ClassReader(bytes);
            // Frames are copied, not computed: computing them would load classes from inside a
            // transformer of java.lang.Object. Our code adds two frames that repeat the method's
            // initial one (see Release).
            ClassWriter writer = new ClassWriter(reader, 0);
            int[] count = new int[1];
            ClassVisitor cv = new ClassVisitor(Opcodes.ASM9, writer) {
                private boolean frames;

                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] interfaces) {
                    frames = (version & 0xffff) >= Opcodes.V1_6;
                    super.visit(version, access, name, signature, superName, interfaces);
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                    if ((access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) != 0) return mv;
                    if (blocking.contains(name)) {
                        count[0]++;
                        return new Release(mv, frames, "releaseForBlocking", -1);
                    }
                    if (fileIo.contains(name)) {
                        count[0]++;
                        return new Release(mv, frames, "releaseForFileIo", -1);
                    }
                    int timeoutSlot = selector ? selectTimeoutSlot(access, name, descriptor) : -1;
                    if (timeoutSlot >= 0) {
                        count[0]++;
                        return new Release(mv, frames, "releaseForBlocking", timeoutSlot);
                    }
                    return mv;
                }
            };
            reader.accept(cv, 0);
            if (count[0] == 0) return null;
            advised.put(reader.getClassName().replace('/', '.'), count[0]);
            return writer.toByteArray();
        }
    }

    /**
     * The slot of {@code timeout} in {@code SelectorImpl.lockAndDoSelect(Consumer, long timeout)}, or -1
     * for any other method.
     */
    static int selectTimeoutSlot(int access, String name, String descriptor) {
        if (!SELECTOR_METHOD.equals(name)) return -1;
        Type[] args = Type.getArgumentTypes(descriptor);
        if (args.length != 2 || args[1].getSort() != Type.LONG) return -1;
        return ((access & Opcodes.ACC_STATIC) == 0 ? 1 : 0) + args[0].getSize();
    }

    /**
     * At method entry: {@code try { Gil.releaseForBlocking(); } catch (Throwable t) { }}, then the
     * original code. The frames at the handler and after it are the method's initial frame (with the
     * throwable on the stack at the handler), written as SAME frames; a NOP after them keeps an original
     * frame at offset 0 (a loop at the very start) from landing on the same offset.
     */
    static final class Release extends MethodVisitor {
        private final boolean frames;
        private final String gilMethod;
        /** The local slot of a {@code long} timeout; when it is 0 (selectNow) nothing is released. -1: none. */
        private final int timeoutSlot;

        Release(MethodVisitor mv, boolean frames, String gilMethod, int timeoutSlot) {
            super(Opcodes.ASM9, mv);
            this.frames = frames;
            this.gilMethod = gilMethod;
            this.timeoutSlot = timeoutSlot;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            Label done = new Label();
            super.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            super.visitLabel(start);
            if (timeoutSlot >= 0) {
                super.visitVarInsn(Opcodes.LLOAD, timeoutSlot);
                super.visitInsn(Opcodes.LCONST_0);
                super.visitInsn(Opcodes.LCMP);
                super.visitJumpInsn(Opcodes.IFEQ, done);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CheckpointVisitor.GIL, gilMethod, "()V", false);
            super.visitLabel(end);
            super.visitJumpInsn(Opcodes.GOTO, done);
            super.visitLabel(handler);
            if (frames) super.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Throwable"});
            super.visitInsn(Opcodes.POP);
            super.visitLabel(done);
            if (frames) super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            super.visitInsn(Opcodes.NOP);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, timeoutSlot >= 0 ? 4 : 1), maxLocals);
        }
    }
}
