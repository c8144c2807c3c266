package dev.jgil.agent.weaving;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicInteger;

import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.none;

/**
 * Installs the ByteBuddy transformation: {@link Bracket} on designated methods and constructors,
 * {@link CheckpointVisitor} in them, {@link ClinitAdvice} on static initializers, and
 * {@link ReleaseAdvice} on release zones. Classes loaded before installation (dynamic attach) are
 * retransformed; retransformation may not change a class's shape, hence inlined advice only.
 */
public final class Weaver {
    private final Designation designation;
    private final boolean checkpoints;
    private final boolean verbose;
    private final PrintStream log;
    private final AtomicInteger woven = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();

    public Weaver(Designation designation, boolean checkpoints, boolean verbose, PrintStream log) {
        this.designation = designation;
        this.checkpoints = checkpoints;
        this.verbose = verbose;
        this.log = log;
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

    private final Advice releaseAdvice = Advice.to(ReleaseAdvice.class);
    private final Advice clinitAdvice = Advice.to(ClinitAdvice.class);
    private final Bracket bracket = new Bracket();
    private final BlockingCallSiteVisitor blockingCallSites = new BlockingCallSiteVisitor();
    private final ClassFiles classFiles = new ClassFiles();

    /**
     * ByteBuddy's FAST pool strategy that also keeps, per transforming thread, the locator that holds the
     * class file being transformed, so {@link PrivateHelpers} can read its constant pool (no extra I/O).
     */
    static final class ClassFiles implements AgentBuilder.PoolStrategy {
        private final ThreadLocal<ClassFileLocator> current = new ThreadLocal<>();

        @Override
        public TypePool typePool(ClassFileLocator locator, ClassLoader loader) {
            current.set(locator);
            return AgentBuilder.PoolStrategy.Default.FAST.typePool(locator, loader);
        }

        @Override
        public TypePool typePool(ClassFileLocator locator, ClassLoader loader, String name) {
            current.set(locator);
            return AgentBuilder.PoolStrategy.Default.FAST.typePool(locator, loader, name);
        }

        /** The class file being transformed on this thread, or null. */
        byte[] classFile(TypeDescription type) {
            ClassFileLocator l = current.get();
            if (l == null) return null;
            current.remove(); // don't keep the class file reachable
            try {
                ClassFileLocator.Resolution r = l.locate(type.getName());
                return r.isResolved() ? r.resolve() : null;
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
        }
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
        PrivateHelpers helpers = PrivateHelpers.of(type, classFile, designation);
        CheckpointVisitor checkpoint = new CheckpointVisitor(new CheckpointVisitor.SelfTargets(type, designation, helpers));
        DynamicType.Builder<?> b = builder
                .visit(new AsmVisitorWrapper.ForDeclaredMethods()
                        .readerFlags(ClassReader.EXPAND_FRAMES)
                        .invokable(m -> designated.matches(m) && !helpers.needsNoBracket(m), bracket))
                .visit(releaseAdvice.on(release))
                // Marks static initializers of designated classes: no forced drop while one runs.
                .visit(clinitAdvice.on(isTypeInitializer()));
        if (checkpoints) {
            // Registered last, so it sees the original code, not the inlined advice.
            b = b.visit(new AsmVisitorWrapper.ForDeclaredMethods().invokable(designated, checkpoint));
        }
        // Releases before blocking JDK calls that are native on some JDK (see BlockingReleases).
        b = b.visit(new AsmVisitorWrapper.ForDeclaredMethods().invokable(designated, blockingCallSites));
        return b;
    }

    public ClassFileTransformer install(Instrumentation inst) {
        if (System.getProperty(NEXUS_DISABLED_PROPERTY) == null) System.setProperty(NEXUS_DISABLED_PROPERTY, "true");
        long t1 = System.nanoTime();
        AgentBuilder agentBuilder = new AgentBuilder.Default(byteBuddy())
                .disableClassFormatChanges() // retransformation: no new members, no auxiliary types
                // Retransformation of loaded classes is the point of dynamic attach; at premain it only
                // matters if something (another agent) already loaded a candidate, and the scan over
                // every loaded class costs start-up time, so it is skipped when nothing qualifies.
                .with(anyCandidateLoaded(inst) ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                        : AgentBuilder.RedefinitionStrategy.DISABLED)
                // Decorate: ByteBuddy only applies our visitors and skips building method graphs of the
                // class hierarchy, which weaving does not need.
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                // Read every class from its class file, loaded or not: reflection cannot see
                // CLASS-retention annotations, and the pool describes types lazily (name first).
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(classFiles)
                .with(new Listener())
                // Name first: the cheap test rejects nearly every class before anything is parsed.
                .ignore((type, loader, module, classBeingRedefined, pd) ->
                        loader == null || !designation.isCandidateName(type.getName()))
                .type((type, loader, module, classBeingRedefined, pd) -> designation.matchesType(type))
                .transform((builder, type, loader, module, pd) -> weave(builder, type, classFiles.classFile(type)));
        long t2 = System.nanoTime();
        ClassFileTransformer t = agentBuilder.installOn(inst);
        long t3 = System.nanoTime();
        if (verbose) {
            log.printf("jgil: start-up: agent builder %d ms, install %d ms%n", (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000);
        }
        return t;
    }

    private boolean anyCandidateLoaded(Instrumentation inst) {
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() != null && !c.isArray() && designation.isCandidateName(c.getName())
                    && inst.isModifiableClass(c)) {
                return true;
            }
        }
        return false;
    }

    private final class Listener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            woven.incrementAndGet();
            if (verbose) log.println("jgil: wove " + type.getName() + (loaded ? " (retransformed)" : ""));
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            errors.incrementAndGet();
            // Always shown: the class keeps running undesignated, which the user must know.
            log.println("jgil: could not weave " + typeName + ", it runs without the GIL: " + throwable);
        }
    }
}
