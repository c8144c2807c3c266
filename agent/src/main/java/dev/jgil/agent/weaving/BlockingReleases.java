package dev.jgil.agent.weaving;

import dev.jgil.runtime.Gil;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Drops the GIL at the entry of the JDK's blocking methods, as CPython's {@code Py_BEGIN_ALLOW_THREADS}
 * does around every blocking system call. Only the release is woven: the thread takes the GIL back
 * lazily at its next checkpoint in designated code, never on the blocking method's return path (it may
 * return inside a monitor that the next owner wants).
 *
 * <p>The advice is one static call, inlined into JDK methods; {@code Gil} resolves from the bootstrap
 * class path. For a thread that does not own the GIL — every thread outside designated code, and
 * every GIL waiter, since the runtime itself parks with {@code LockSupport} — it is one volatile read
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

    public BlockingReleases(boolean verbose, PrintStream log) {
        this.verbose = verbose;
        this.log = log;
    }

    /** The advice itself: nothing but the release. Suppressed: it never throws into the JDK. */
    public static final class ReleaseBeforeBlocking {
        private ReleaseBeforeBlocking() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter() {
            Gil.releaseForBlocking();
        }
    }

    /** File streams: released unless the owner is loading a class. */
    public static final class ReleaseBeforeFileIo {
        private ReleaseBeforeFileIo() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter() {
            Gil.releaseForFileIo();
        }
    }

    /** The selector's wait: released unless it is selectNow (timeout 0). */
    public static final class ReleaseBeforeSelect {
        private ReleaseBeforeSelect() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) long timeout) {
            if (timeout != 0) Gil.releaseForBlocking();
        }
    }

    static ElementMatcher.Junction<MethodDescription> selectorWait(String type) {
        if (!SELECTOR_TYPE.equals(type)) return net.bytebuddy.matcher.ElementMatchers.none();
        return named(SELECTOR_METHOD).and(takesArguments(2)).and(takesArgument(1, long.class));
    }

    static ElementMatcher.Junction<MethodDescription> fileStreamMethods(String type) {
        Set<String> names = FILE_STREAM_TARGETS.get(type);
        if (names == null) return net.bytebuddy.matcher.ElementMatchers.none();
        return namedOneOf(names.toArray(new String[0])).and(not(isNative())).and(not(isAbstract()));
    }

    static ElementMatcher.Junction<MethodDescription> blockingMethods(String type) {
        Set<String> names = TARGETS.get(type);
        if (names == null) return net.bytebuddy.matcher.ElementMatchers.none();
        return namedOneOf(names.toArray(new String[0])).and(not(isNative())).and(not(isAbstract()));
    }

    /**
     * Installs the advice; never throws. Each target is retransformed separately, so one refused type
     * (say {@code java.lang.Object} on some VM) costs only its own releases.
     */
    public ClassFileTransformer install(Instrumentation inst) {
        try {
            // As in Weaver.install: without it merely building an AgentBuilder warns about Unsafe on JDK 24+.
            if (System.getProperty(Weaver.NEXUS_DISABLED_PROPERTY) == null) {
                System.setProperty(Weaver.NEXUS_DISABLED_PROPERTY, "true");
            }
            ElementMatcher.Junction<TypeDescription> types = net.bytebuddy.matcher.ElementMatchers.none();
            for (String t : TARGETS.keySet()) types = types.or(named(t));
            for (String t : FILE_STREAM_TARGETS.keySet()) types = types.or(named(t));
            // -Djgil.releaseSelect=false: prototype switch for A/B runs (the watchdog's native rule alone).
            if (!"false".equals(System.getProperty("jgil.releaseSelect"))) types = types.or(named(SELECTOR_TYPE));
            Advice advice = Advice.to(ReleaseBeforeBlocking.class);
            Advice fileAdvice = Advice.to(ReleaseBeforeFileIo.class);
            Advice selectAdvice = Advice.to(ReleaseBeforeSelect.class);
            AgentBuilder builder = new AgentBuilder.Default(Weaver.byteBuddy())
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    // One class per retransformation call: a VM that refuses one type keeps the others.
                    .with(AgentBuilder.RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(1))
                    .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                    .with(new Listener())
                    // Only these JDK types: the default ignore() would skip the bootstrap loader.
                    .ignore(not(types))
                    .type(types)
                    .transform((builder1, type, loader, module, pd) ->
                            builder1.visit(advice.on(blockingMethods(type.getName())))
                                    .visit(fileAdvice.on(fileStreamMethods(type.getName())))
                                    .visit(selectAdvice.on(selectorWait(type.getName()))));
            return builder.installOn(inst);
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

    private final class Listener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            String t = type.getName();
            int n = type.getDeclaredMethods().filter(blockingMethods(t).or(fileStreamMethods(t)).or(selectorWait(t))).size();
            advised.put(type.getName(), n);
            if (verbose) log.println("jgil: blocking release advised in " + type.getName() + " (" + n + " methods)");
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            // Not fatal: that type's blocking calls fall back to call-site releases and the watchdog.
            if (verbose) log.println("jgil: could not advise blocking calls in " + typeName + ": " + throwable);
        }
    }
}
