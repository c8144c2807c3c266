package dev.jgil.agent.weaving;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The weaving of a class when names alone designate ({@link Designation#byNamesOnly()}, no
 * {@code annotation=}): the same method visitors as the ByteBuddy path ({@link Bracket},
 * {@link CheckpointVisitor}, {@link BlockingCallSiteVisitor}, a {@link Bracket.Inserter#clinit} for
 * {@link ClinitAdvice}, a release call for {@link ReleaseAdvice}), in the same order, driven by ASM's
 * reader and writer alone: one pass over the declarations, one over the code; methods left alone are
 * copied as bytes.
 *
 * <p>Why: ByteBuddy's type pool, descriptions and type writer are several hundred more methods for
 * the JIT to compile while the application starts and warms up, on every class loaded (see
 * benchmarks/README.md, "instrument cost"). With {@code annotation=} the ByteBuddy path stays: it
 * needs the annotations of the type and of every method.
 */
final class AsmWeaving {
    private final Designation designation;
    private final boolean checkpoints;
    /** Super class by class name, per loader: for the JFR-event test (a class's chain is read once). */
    private final Map<ClassLoader, Map<String, String>> supers = new WeakHashMap<>();
    private final Map<String, String> bootSupers = new ConcurrentHashMap<>();

    AsmWeaving(Designation designation, boolean checkpoints) {
        this.designation = designation;
        this.checkpoints = checkpoints;
    }

    /** The class's declarations: what the decisions look at before any code is visited. */
    private static final class Shape extends ClassVisitor {
        int version;
        int access;
        String superName;
        final List<PrivateHelpers.Method> methods = new ArrayList<>();

        Shape() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.version = version;
            this.access = access;
            this.superName = superName;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            boolean[] annotated = {false};
            int index = methods.size();
            methods.add(new PrivateHelpers.Method(access, name, descriptor, false));
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String d, boolean visible) {
                    if (!annotated[0]) {
                        annotated[0] = true;
                        methods.set(index, new PrivateHelpers.Method(access, name, descriptor, true));
                    }
                    return null;
                }
            };
        }
    }

    /**
     * The woven class file, or null if the class is not to be woven. {@code coverage} may be null.
     * {@code className} is the binary name ({@code com.acme.Foo$Bar}).
     */
    byte[] weave(String className, byte[] bytes, ClassLoader loader, PatternCoverage coverage) {
        // As ByteBuddy reads class files: a version newer than its ASM knows is read when ByteBuddy's
        // experimental property says so, and refused otherwise (the class then runs undesignated, reported).
        ClassReader reader = OpenedClassReader.of(bytes);
        Shape shape = new Shape();
        reader.accept(shape, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (!designation.matchesTypeByName(className, shape.access)) return null;
        if (extendsJfrEvent(shape.superName, loader)) return null; // JFR instruments its event classes itself
        String internalName = reader.getClassName();
        PrivateHelpers helpers = PrivateHelpers.of(className, shape.methods, bytes, designation);
        CheckpointVisitor.SelfTargets self = new CheckpointVisitor.SelfTargets(internalName,
                (shape.access & Opcodes.ACC_FINAL) != 0, shape.methods, designation, helpers,
                m -> designation.isDesignated(className, m.access, m.name));
        boolean frames = (shape.version & 0xFFFF) >= Opcodes.V1_6;
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (mv == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) return mv;
                if (name.equals("<clinit>")) return Bracket.Inserter.clinit(mv, internalName, frames);
                boolean designated = designation.isDesignated(className, access, name);
                if (designated) {
                    if (coverage != null) coverage.designated(className, Designation.effectiveName(access, name));
                    if (!helpers.needsNoBracket(name, descriptor)) {
                        mv = Bracket.Inserter.of(mv, internalName, access, name, descriptor, frames);
                    }
                    if (checkpoints) mv = new CheckpointVisitor.Inserter(mv, self);
                    return new BlockingCallSiteVisitor.Inserter(mv, internalName);
                }
                if (designation.isRelease(className, access, name)) {
                    if (coverage != null) coverage.release(className, Designation.effectiveName(access, name));
                    return new ReleaseAtEntry(mv);
                }
                return mv;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** {@link ReleaseAdvice} as one call at the very start (before {@code super(..)} in a constructor, as Advice does). */
    private static final class ReleaseAtEntry extends MethodVisitor {
        ReleaseAtEntry(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CheckpointVisitor.GIL, "releaseForBlocking", "()V", false);
        }
    }

    /** Whether the class's super chain reaches {@code jdk.jfr.Event}; read from class files, nothing loaded. */
    boolean extendsJfrEvent(String superName, ClassLoader loader) {
        for (int hops = 0; superName != null && hops < 64; hops++) {
            if (superName.equals("jdk/jfr/Event") || superName.equals("jdk/internal/event/Event")) return true;
            // No class in java.* extends an event class (and Object ends every chain).
            if (superName.startsWith("java/")) return false;
            superName = superOf(superName, loader);
        }
        return false;
    }

    private String superOf(String internalName, ClassLoader loader) {
        Map<String, String> cache;
        if (loader == null) {
            cache = bootSupers;
        } else {
            synchronized (supers) {
                cache = supers.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
            }
        }
        String s = cache.get(internalName);
        if (s != null) return s.isEmpty() ? null : s;
        String found = null;
        String resource = internalName + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
            if (in != null) found = OpenedClassReader.of(in.readAllBytes()).getSuperName();
        } catch (IOException | RuntimeException unreadable) {
            // a super class we cannot read is not jdk.jfr.Event's concern (as in the ByteBuddy path)
        }
        cache.put(internalName, found == null ? "" : found);
        return found;
    }
}
