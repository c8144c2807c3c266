package dev.jgil.agent.weaving;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;

import java.util.HashSet;
import java.util.Set;

/**
 * Inserts {@code Gil.checkpoint()} — the eval breaker — into designated methods:
 * <ul>
 *   <li>before every backward jump (a loop back-edge), so a looping holder can be asked to drop;</li>
 *   <li>after every method call, so a thread that released the GIL in a callee (release zone,
 *       blocking release, watchdog hand-off) takes it back before running more designated code —
 *       except where the callee cannot return without the token: a designated method of this class
 *       that the instruction reaches exactly, a designated constructor (both re-acquire in their own
 *       exit), and inert JDK calls ({@link #isInertJdkCall});</li>
 *   <li>after every {@code MONITORENTER}: a holder blocked on a monitor gets its token handed off by
 *       the watchdog and must take it back once it owns the monitor.</li>
 * </ul>
 * The call has no arguments and no result, so stack, locals and frames stay as they are.
 */
public final class CheckpointVisitor implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
    static final String GIL = "dev/jgil/runtime/Gil";

    /** The woven class's exact designated call targets; null: a checkpoint after every call. */
    private final SelfTargets self;

    public CheckpointVisitor() {
        this(null);
    }

    /** For one class: calls whose target is known to be bracketed get no checkpoint (its exit re-acquires). */
    CheckpointVisitor(SelfTargets self) {
        this.self = self;
    }

    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
                              MethodVisitor methodVisitor, Implementation.Context implementationContext,
                              TypePool typePool, int writerFlags, int readerFlags) {
        return new Inserter(methodVisitor, self);
    }

    /**
     * Methods of the woven class that a call instruction naming this class reaches exactly (static,
     * private, final, constructors, or any method of a final class) and that are bracketed: their own
     * exit re-acquires the token for the caller (GilLock#exit's nested path), so the caller needs no
     * checkpoint after the call. Unbracketed private helpers ({@link PrivateHelpers}) are not among them.
     */
    static final class SelfTargets {
        final String internalName;
        final Designation designation;
        final Set<String> exact = new HashSet<>();

        SelfTargets(TypeDescription type, Designation designation, PrivateHelpers helpers) {
            this(type.getInternalName(), type.isFinal(), PrivateHelpers.Method.of(type), designation, helpers,
                    designatedKeysTest(designatedKeys(type, designation)));
        }

        private static java.util.function.Predicate<PrivateHelpers.Method> designatedKeysTest(Set<String> keys) {
            return m -> keys.contains(m.name + m.descriptor);
        }

        private static Set<String> designatedKeys(TypeDescription type, Designation designation) {
            Set<String> keys = new HashSet<>();
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                if (designation.isDesignated(type, m)) keys.add(m.getInternalName() + m.getDescriptor());
            }
            return keys;
        }

        /** {@code designated}: whether a method of {@code methods} is designated (by description, or by name). */
        SelfTargets(String internalName, boolean finalClass, java.util.List<PrivateHelpers.Method> methods,
                    Designation designation, PrivateHelpers helpers, java.util.function.Predicate<PrivateHelpers.Method> designated) {
            this.internalName = internalName;
            this.designation = designation;
            int excluded = Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT;
            int exactly = Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL;
            for (PrivateHelpers.Method m : methods) {
                if ((m.access & excluded) != 0 || m.name.equals("<clinit>")) continue;
                if (!((m.access & exactly) != 0 || m.name.equals("<init>") || finalClass)) continue;
                if (designated.test(m) && !helpers.needsNoBracket(m.name, m.descriptor)) exact.add(m.name + m.descriptor);
            }
        }
    }

    /**
     * JDK calls that neither block, nor call back into code that could (no parameter of an arbitrary
     * object type), nor wait for a class initializer (their classes are initialized at VM start): a
     * thread cannot lose the token inside them, so no checkpoint is needed after them.
     */
    static boolean isInertJdkCall(int opcode, String owner, String name, String descriptor) {
        switch (owner) {
            case "java/lang/Math":
            case "java/lang/StrictMath":
            case "java/lang/Integer":
            case "java/lang/Long":
            case "java/lang/Short":
            case "java/lang/Byte":
            case "java/lang/Character":
            case "java/lang/Boolean":
            case "java/lang/Float":
            case "java/lang/Double":
            case "java/lang/String":
            case "java/lang/StringBuilder":
            case "java/lang/System":
            case "java/util/Arrays":
            case "java/util/Objects":
                break;
            case "java/lang/Object":
                return name.equals("getClass") || name.equals("<init>");
            case "java/lang/Thread":
                return name.equals("currentThread");
            default:
                return false;
        }
        if (owner.equals("java/lang/System") && !(name.equals("arraycopy") || name.equals("nanoTime")
                || name.equals("currentTimeMillis") || name.equals("identityHashCode"))) {
            return false; // System.getProperty, exit, load...: not inert
        }
        if (name.equals("format") || name.equals("join") || name.equals("hashCode") && owner.equals("java/util/Arrays")
                || name.equals("deepHashCode") || name.equals("sort") || name.equals("parallelSort")
                || name.equals("setAll") || name.equals("stream") || name.equals("asList")) {
            return false;
        }
        // Parameters: primitives, arrays of primitives, String, Object only for String.equals/Objects.requireNonNull.
        for (Type t : Type.getArgumentTypes(descriptor)) {
            switch (t.getSort()) {
                case Type.OBJECT:
                    String n = t.getInternalName();
                    if (n.equals("java/lang/String")) continue;
                    if (n.equals("java/lang/Object") && (name.equals("equals") && owner.equals("java/lang/String")
                            || name.equals("requireNonNull") || name.equals("arraycopy") || name.equals("identityHashCode"))) {
                        continue;
                    }
                    return false;
                case Type.ARRAY:
                    if (t.getElementType().getSort() == Type.OBJECT && !name.equals("copyOf") && !name.equals("copyOfRange")
                            && !name.equals("fill")) {
                        return false;
                    }
                    continue;
                default:
                    continue;
            }
        }
        return true;
    }

    static final class Inserter extends MethodVisitor {
        /** Labels already placed: a jump to one of them goes backwards. */
        private final Set<Label> placed = new HashSet<>();
        private final SelfTargets self;

        Inserter(MethodVisitor mv) {
            this(mv, null);
        }

        Inserter(MethodVisitor mv, SelfTargets self) {
            super(Opcodes.ASM9, mv);
            this.self = self;
        }

        /** Whether the call may return with the token lost and nothing re-acquiring it. */
        private boolean needsCheckpoint(int opcode, String owner, String name, String descriptor) {
            if (owner.equals(GIL)) return false; // our own calls (advice); a checkpoint right after enter() is redundant
            if (self == null) return true;
            if (owner.equals(self.internalName) && opcode != Opcodes.INVOKEINTERFACE
                    && self.exact.contains(name + descriptor)) {
                return false;
            }
            if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>") && !owner.equals(self.internalName)
                    && !owner.startsWith("[") && self.designation.constructorsDesignatedByName(owner.replace('/', '.'),
                    self.internalName.replace('/', '.'))) {
                return false;
            }
            if (isInertJdkCall(opcode, owner, name, descriptor)) return false;
            return true;
        }

        private void checkpoint() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, GIL, "checkpoint", "()V", false);
        }

        @Override
        public void visitLabel(Label label) {
            placed.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            // Before the jump: conditional jumps keep their operands on the stack, untouched by a ()V call.
            if (placed.contains(label) && opcode != Opcodes.JSR) checkpoint();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            if (anyPlaced(dflt, labels)) checkpoint();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            if (anyPlaced(dflt, labels)) checkpoint();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        private boolean anyPlaced(Label dflt, Label[] labels) {
            if (placed.contains(dflt)) return true;
            for (Label l : labels) if (placed.contains(l)) return true;
            return false;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (needsCheckpoint(opcode, owner, name, descriptor)) checkpoint();
        }

        @Override
        public void visitInsn(int opcode) {
            super.visitInsn(opcode);
            if (opcode == Opcodes.MONITORENTER) checkpoint();
        }
    }
}
