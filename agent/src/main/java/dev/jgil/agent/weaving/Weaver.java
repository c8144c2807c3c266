package dev.jgil.agent.weaving;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.none;

/**
 * Installs the weaving: {@link Bracket} on designated methods and constructors, {@link CheckpointVisitor}
 * in them, {@link ClinitAdvice} on static initializers, and {@link ReleaseAdvice} on release zones. Classes
 * loaded before installation (dynamic attach) are retransformed; retransformation may not change a
 * class's shape, hence inlined advice only.
 *
 * <p>Start-up budget: the transformer registered with the JVM is our own {@link Gate}, which tests the
 * class name (and, with {@code annotation=}, whether the class file mentions one of the annotations at
 * all) before anything else. ByteBuddy — some 600 classes to load, interpreted at first — is touched
 * only when a candidate class actually loads: a JVM in which no designated class ever loads never
 * loads ByteBuddy. No AgentBuilder: the gate describes the class with a {@link TypePool} and decorates
 * it with {@link ByteBuddy#decorate}, which is what AgentBuilder's DECORATE strategy does, without the
 * transformer class AgentBuilder generates at run time. When names alone designate (no
 * {@code annotation=}) the gate hands classes to {@link AsmWeaving} instead, and ByteBuddy never loads.
 */
public final class Weaver {
    private final Designation designation;
    private final boolean checkpoints;
    private final boolean verbose;
    private final PrintStream log;
    private final AtomicInteger woven = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    /** Classes woven while retransforming at install (dynamic attach), for {@link #caughtThreads}. */
    private final java.util.Set<String> retransformed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile List<String> caught = List.of();

    public Weaver(Designation designation, boolean checkpoints, boolean verbose, PrintStream log) {
        this.designation = designation;
        this.checkpoints = checkpoints;
        this.verbose = verbose;
        this.log = log;
        this.asm = designation.byNamesOnly() ? new AsmWeaving(designation, checkpoints) : null;
    }

    /**
     * Work that must be done before any designated code can run, but only then: the blocking-call
     * releases in JDK classes (only a thread that holds the GIL needs them, and only designated code
     * takes it). Run once, before the first candidate class is woven — from inside that class's load,
     * before any of its code runs — or before retransforming candidates that are loaded already.
     */
    public void beforeFirstWeave(Runnable r) {
        beforeFirstWeave = r;
    }

    /** That work now, on this thread: for a start-up that waits for something else anyway (the recording's JFR set-up). */
    public void runBeforeFirstWeaveNow() {
        runBeforeFirstWeave(false);
    }

    /**
     * Runs the {@link #beforeFirstWeave} work once. From inside a transformation ({@code inTransform})
     * it runs on a thread of its own, which this one waits for: the JVM's instrumentation ignores class
     * file load events that a thread causes while it is itself inside a transformer, so retransforming
     * the JDK classes from this thread would leave them unchanged.
     */
    private void runBeforeFirstWeave(boolean inTransform) {
        Runnable r = beforeFirstWeave;
        if (r == null) return;
        synchronized (this) {
            r = beforeFirstWeave;
            beforeFirstWeave = null;
        }
        if (r == null) return;
        if (!inTransform) {
            r.run();
            return;
        }
        Thread t = new Thread(r, "jgil-blocking-releases");
        t.setDaemon(true);
        t.start();
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) log.println("jgil: the blocking-call releases are late; designated code starts without them for now");
    }

    public int wovenClasses() {
        return woven.get();
    }

    public int errors() {
        return errors.get();
    }

    /**
     * ByteBuddy's property that turns off its "Nexus" (self-injection of type initializers, which we
     * never use: InitializationStrategy.NoOp). Left on, merely constructing an AgentBuilder makes the
     * Nexus inject a class through {@code ClassInjector.UsingReflection}, which falls back to
     * {@code sun.misc.Unsafe} and makes JDK 24+ print a deprecation warning into the application's
     * stderr. The shade plugin relocates this string with ByteBuddy, so it only affects our copy,
     * never the application's own ByteBuddy.
     */
    static final String NEXUS_DISABLED_PROPERTY = "net.bytebuddy.nexus.disabled";

    /** Run once before the first class is woven (the blocking-call releases in the JDK), or null. */
    private volatile Runnable beforeFirstWeave;
    /** The advice, read once from our own class files (a type pool: no reflection, no annotation proxies). */
    private volatile Advices advices;
    private volatile Engine engine;

    /**
     * The runtime's class files, for type pools: the runtime classes are in the boot loader, defined from
     * bytes, so no class loader has them as resources; {@link dev.jgil.agent.BootRuntime} has their bytes.
     */
    static final ClassFileLocator RUNTIME_CLASS_FILES = new ClassFileLocator() {
        @Override
        public Resolution locate(String name) throws java.io.IOException {
            byte[] b = name.startsWith("dev.jgil.runtime.") ? dev.jgil.agent.BootRuntime.classFile(name) : null;
            return b != null ? new Resolution.Explicit(b) : new Resolution.Illegal(name);
        }

        @Override
        public void close() {
        }
    };

    private static final class Advices {
        final Advice release;
        final Advice clinit;
        final Bracket bracket = new Bracket();
        final BlockingCallSiteVisitor blockingCallSites = new BlockingCallSiteVisitor();

        Advices() {
            ClassFileLocator own = new ClassFileLocator.Compound(
                    ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader()), RUNTIME_CLASS_FILES);
            TypePool pool = TypePool.Default.of(own);
            release = Advice.to(pool.describe(ReleaseAdvice.class.getName()).resolve(), own);
            clinit = Advice.to(pool.describe(ClinitAdvice.class.getName()).resolve(), own);
        }
    }

    private Advices advices() {
        Advices a = advices;
        if (a == null) {
            synchronized (this) {
                a = advices;
                if (a == null) advices = a = new Advices();
            }
        }
        return a;
    }

    /**
     * ByteBuddy hides synthetic methods from visitors by default; lambda bodies are synthetic and hold
     * user code, so nothing is ignored here and {@link Designation} decides.
     */
    public static ByteBuddy byteBuddy() {
        // Weaving only visits declared methods: no need to compile the method graph of the hierarchy.
        return new ByteBuddy().with(TypeValidation.DISABLED).with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .ignore(none());
    }

    /** The transformation of one class; public so tests can weave in-process without an agent. */
    public DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type) {
        return weave(builder, type, null);
    }

    /** With the class file: private helpers only designated code can call are left unbracketed ({@link PrivateHelpers}). */
    public DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type, byte[] classFile) {
        ElementMatcher<MethodDescription> designated = m -> designation.isDesignated(type, m);
        ElementMatcher<MethodDescription> release = m -> designation.isRelease(type, m);
        Advices a = advices();
        PrivateHelpers helpers = PrivateHelpers.of(type, classFile, designation);
        CheckpointVisitor checkpoint = new CheckpointVisitor(new CheckpointVisitor.SelfTargets(type, designation, helpers));
        PatternCoverage coverage = PatternCoverage.installed();
        // Each wrapper asks its matcher once per declared method: the first two count for the coverage.
        ElementMatcher<MethodDescription> bracketed = m -> {
            if (!designated.matches(m)) return false;
            if (coverage != null) coverage.designated(type.getName(), Designation.effectiveName(m));
            return !helpers.needsNoBracket(m);
        };
        ElementMatcher<MethodDescription> releaseZone = m -> {
            if (!release.matches(m)) return false;
            if (coverage != null) coverage.release(type.getName(), Designation.effectiveName(m));
            return true;
        };
        DynamicType.Builder<?> b = builder
                .visit(new AsmVisitorWrapper.ForDeclaredMethods()
                        .readerFlags(ClassReader.EXPAND_FRAMES)
                        .invokable(bracketed, a.bracket))
                .visit(a.release.on(releaseZone))
                // Marks static initializers of designated classes: no forced drop while one runs.
                .visit(a.clinit.on(isTypeInitializer()));
        if (checkpoints) {
            // Registered last, so it sees the original code, not the inlined advice.
            b = b.visit(new AsmVisitorWrapper.ForDeclaredMethods().invokable(designated, checkpoint));
        }
        // Releases before blocking JDK calls that are native on some JDK (see BlockingReleases).
        b = b.visit(new AsmVisitorWrapper.ForDeclaredMethods().invokable(designated, a.blockingCallSites));
        return b;
    }

    /**
     * Registers the {@link Gate}; with candidates already loaded (dynamic attach, or another agent that
     * loaded some first) retransforms them, all at once, or one by one if the JVM refuses the batch.
     */
    public ClassFileTransformer install(Instrumentation inst) {
        if (System.getProperty(NEXUS_DISABLED_PROPERTY) == null) System.setProperty(NEXUS_DISABLED_PROPERTY, "true");
        Gate gate = new Gate();
        inst.addTransformer(gate, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() != null && !c.isArray() && designation.isCandidateName(c.getName())
                    && inst.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        if (!loaded.isEmpty()) {
            runBeforeFirstWeave(false);
            long t0 = System.nanoTime();
            try {
                inst.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (Throwable batch) {
                for (Class<?> c : loaded) {
                    try {
                        inst.retransformClasses(c);
                    } catch (Throwable e) {
                        errors.incrementAndGet();
                        log.println("jgil: could not weave " + c.getName() + ", it runs without the GIL: " + e);
                    }
                }
            }
            if (verbose) {
                log.printf("jgil: retransformed %d loaded candidate classes in %d ms%n", loaded.size(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
            caught = findCaughtThreads();
        }
        return gate;
    }

    /**
     * Threads that were inside a method of a class woven just now: a running frame keeps the code it
     * was entered with (a JVM rule for redefinition), so such a thread runs that frame unserialized and
     * is serialized only from its next call into designated code (a loop that never returns and calls
     * no designated method, never). {@code "name (class.method)"}, innermost such frame.
     */
    private List<String> findCaughtThreads() {
        if (retransformed.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement f : e.getValue()) {
                if (retransformed.contains(f.getClassName())) {
                    out.add(e.getKey().getName() + " (" + f.getClassName() + "." + f.getMethodName() + ")");
                    break;
                }
            }
        }
        return out;
    }

    /** See {@link #findCaughtThreads}; empty unless classes were retransformed at install. */
    public List<String> caughtThreads() {
        return caught;
    }

    /** The transformer the JVM calls for every class: the cheap tests, then (rarely) ByteBuddy. */
    final class Gate implements ClassFileTransformer {
        @Override
        public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain pd,
                                byte[] bytes) {
            // The JDK (boot loader) is never designated; BlockingReleases has its own transformer.
            if (loader == null || internalName == null) return null;
            String name = internalName.replace('/', '.');
            if (!designation.isCandidateName(name) || !designation.mayBeDesignated(name, bytes)) return null;
            byte[] out;
            if (asm != null) {
                out = asmTransform(loader, name, redefined != null, bytes);
            } else {
                Engine e;
                try {
                    e = engine();
                } catch (Throwable t) {
                    errors.incrementAndGet();
                    log.println("jgil: could not weave " + name + ", it runs without the GIL: " + t);
                    return null;
                }
                out = e.transform(loader, name, redefined != null, bytes);
            }
            int group = out == null ? 0 : designation.groupOf(name);
            if (group == 0) return out;
            try {
                return GroupCalls.retarget(out, group);
            } catch (Throwable t) {
                errors.incrementAndGet();
                log.println("jgil: could not send " + name + " to its GIL group, it runs without the GIL: " + t);
                return null;
            }
        }
    }

    /** The weaving without ByteBuddy when names alone designate (see {@link AsmWeaving}); null otherwise. */
    private final AsmWeaving asm;
    private volatile boolean asmReady;

    private byte[] asmTransform(ClassLoader loader, String name, boolean loaded, byte[] bytes) {
        if (!asmReady) {
            synchronized (this) {
                if (!asmReady) {
                    dev.jgil.agent.StartupTrace.mark("weave: first candidate class seen");
                    runBeforeFirstWeave(true);
                    dev.jgil.agent.StartupTrace.mark("weave: blocking releases in the JDK");
                    asmReady = true;
                }
            }
        }
        try {
            byte[] out = asm.weave(name, bytes, loader, PatternCoverage.installed());
            if (out == null) return null;
            woven(name, loaded);
            return out;
        } catch (Throwable t) {
            errors.incrementAndGet();
            // Always shown: the class keeps running undesignated, which the user must know.
            log.println("jgil: could not weave " + name + ", it runs without the GIL: " + t);
            return null;
        }
    }

    private void woven(String name, boolean loaded) {
        if (woven.incrementAndGet() == 1) dev.jgil.agent.StartupTrace.mark("weave: first class woven");
        if (loaded) retransformed.add(name);
        if (verbose) log.println("jgil: wove " + name + (loaded ? " (retransformed)" : ""));
    }

    private Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (this) {
                e = engine;
                if (e == null) {
                    long t0 = System.nanoTime();
                    dev.jgil.agent.StartupTrace.mark("weave: first candidate class seen");
                    runBeforeFirstWeave(true);
                    dev.jgil.agent.StartupTrace.mark("weave: blocking releases in the JDK");
                    engine = e = new Engine();
                    dev.jgil.agent.StartupTrace.mark("weave: ByteBuddy engine ready (advice read)");
                    if (verbose) log.printf("jgil: ByteBuddy loaded for the first candidate in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                }
            }
        }
        return e;
    }

    /** What AgentBuilder did for us: a type pool per class, decorate, make; errors reported, never thrown. */
    private final class Engine {
        /** No auxiliary types, no new members: retransformation may not change a class's shape. */
        private final ByteBuddy byteBuddy = byteBuddy().with(Implementation.Context.Disabled.Factory.INSTANCE);

        Engine() {
            advices();
        }

        byte[] transform(ClassLoader loader, String name, boolean loaded, byte[] bytes) {
            try {
                // Read every class from its class file, loaded or not: reflection cannot see
                // CLASS-retention annotations, and the pool describes types lazily (name first).
                ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                        ClassFileLocator.ForClassLoader.of(loader), RUNTIME_CLASS_FILES);
                TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                        TypePool.Default.ReaderMode.FAST);
                TypeDescription type = pool.describe(name).resolve();
                if (!designation.matchesType(type)) return null;
                byte[] out = weave(byteBuddy.decorate(type, locator), type, bytes)
                        .make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
                woven(name, loaded);
                return out;
            } catch (Throwable t) {
                errors.incrementAndGet();
                // Always shown: the class keeps running undesignated, which the user must know.
                log.println("jgil: could not weave " + name + ", it runs without the GIL: " + t);
                return null;
            }
        }
    }
}
