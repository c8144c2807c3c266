package dev.jgil.agent.weaving;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.List;

/**
 * Brackets a designated method or constructor with {@code Gil.enter()} / {@code Gil.exit(state)} in as
 * few bytes as the JVM allows, so that small methods stay small enough for the JIT to inline them
 * (C2 inlines a cold callee only below 35 bytes of bytecode, and charges every inlined byte to a budget
 * of 8000 per compilation):
 * <pre>
 *   invokestatic Gil.enterNested()  astore S  aload S  ifnonnull L
 *   invokestatic Gil.enter()  astore S  L:     (12–15 bytes at a method's entry; see GilLock's notes, "Nested
 *                                               entries apart", for why the nested entry is a call of its own)
 *   invokestatic Gil.enter()   astore S          (5 bytes: a constructor's, after super(..)/this(..))
 *   aload S  invokestatic Gil.exit(S)            (4 bytes: before every return)
 *   handler: aload S  invokestatic Gil.exit(S)  athrow   (5 bytes, one catch-all, registered last)
 * </pre>
 * ByteBuddy's {@code Advice} with {@code onThrowable} and {@code suppress} costs about 43 bytes on a
 * 3-byte getter (return value spilled, a throwable local, copies of the arguments, suppression
 * handlers). The state goes in a new local slot right after the parameters; every later local is
 * shifted by one (as Advice does), frames (read expanded) get the slot inserted.
 *
 * <p>Neither {@code enter} nor {@code exit} is wrapped in a suppression handler: both are jgil's own
 * code and catch what they can; the try range never covers the exit call itself, so a throwing exit
 * cannot run twice.
 *
 * <p>Constructors: no handler may cover the {@code super(..)}/{@code this(..)} call while {@code this}
 * is uninitialized, so the bracket starts right after it (the arguments of {@code super(..)} are
 * evaluated outside designated code; a designated super constructor brackets itself anyway).
 */
public final class Bracket implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
    static final String GIL = CheckpointVisitor.GIL;
    static final String STATE = "dev/jgil/runtime/ThreadState";

    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
                              MethodVisitor methodVisitor, Implementation.Context implementationContext,
                              TypePool typePool, int writerFlags, int readerFlags) {
        ClassFileVersion v = implementationContext.getClassFileVersion();
        boolean frames = v == null || v.isAtLeast(ClassFileVersion.JAVA_V6);
        Inserter in = new Inserter(methodVisitor, instrumentedType.getInternalName(), instrumentedMethod.isConstructor(),
                instrumentedMethod.getStackSize(), frames);
        if (!instrumentedMethod.isStatic()) in.initialLocals.add(instrumentedType.getInternalName());
        for (Type t : Type.getArgumentTypes(instrumentedMethod.getDescriptor())) in.initialLocals.add(frameType(t));
        return in;
    }

    /** A parameter's type as a verifier frame entry. */
    static Object frameType(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN: case Type.BYTE: case Type.CHAR: case Type.SHORT: case Type.INT: return Opcodes.INTEGER;
            case Type.LONG: return Opcodes.LONG;
            case Type.FLOAT: return Opcodes.FLOAT;
            case Type.DOUBLE: return Opcodes.DOUBLE;
            case Type.ARRAY: return t.getDescriptor();
            default: return t.getInternalName();
        }
    }

    static final class Inserter extends MethodVisitor {
        private final String owner;
        private final boolean constructor;
        /** The new local: the first slot after the parameters (and {@code this}). */
        private final int slot;
        private final boolean frames;
        /** NEWs whose {@code <init>} has not been called yet; the super/this call is the one at zero. */
        private int pendingNews;
        private boolean entered;
        private boolean needOpen;
        /** Our own frame right after the prologue, unless the original code puts one there itself. */
        private boolean ownFramePending;
        private Label rangeStart;
        private final List<Label[]> ranges = new ArrayList<>();

        /** Gil's pair of methods: enter/exit, or clinitEnter/clinitExit for a static initializer. */
        private final String enterName;
        private final String exitName;

        Inserter(MethodVisitor mv, String owner, boolean constructor, int slot, boolean frames) {
            this(mv, owner, constructor, slot, frames, "enter", "exit");
        }

        /** A designated method's or constructor's bracket; {@code access}/{@code descriptor} as in the class file. */
        static Inserter of(MethodVisitor mv, String owner, int access, String name, String descriptor, boolean frames) {
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            int slot = (Type.getArgumentsAndReturnSizes(descriptor) >> 2) - (isStatic ? 1 : 0);
            Inserter in = new Inserter(mv, owner, name.equals("<init>"), slot, frames);
            if (!isStatic) in.initialLocals.add(owner); // used for methods only (see emitEntryFrame)
            for (Type t : Type.getArgumentTypes(descriptor)) in.initialLocals.add(frameType(t));
            return in;
        }

        /**
         * A static initializer's bracket (Gil.clinitEnter/clinitExit): no forced drop while it runs. Same
         * shape as a method's, so a throwing initializer leaves it too.
         */
        static Inserter clinit(MethodVisitor mv, String owner, boolean frames) {
            return new Inserter(mv, owner, false, 0, frames, "clinitEnter", "clinitExit");
        }

        private Inserter(MethodVisitor mv, String owner, boolean constructor, int slot, boolean frames, String enterName,
                         String exitName) {
            super(Opcodes.ASM9, mv);
            this.enterName = enterName;
            this.exitName = exitName;
            this.owner = owner;
            this.constructor = constructor;
            this.slot = slot;
            this.frames = frames;
        }

        private int remap(int var) {
            return var >= slot ? var + 1 : var;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (!constructor) {
                prologue();
                // A jump back to the method's first instruction may rely on the implicit initial frame,
                // which now describes offset 0, not that instruction: state the frame there explicitly.
                ownFramePending = frames;
            }
        }

        private void prologue() {
            // A method enters with the nested entry first, the full one only if it returned null (GilLock notes,
            // "Nested entries apart"): the null test is this method's own branch, with a profile of its own.
            // Constructors (after super(..), whose locals a frame here would have to know) and initializers do not.
            Label done = !constructor && enterName.equals("enter") ? new Label() : null;
            if (done != null) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GIL, "enterNested", "()L" + STATE + ";", false);
                super.visitVarInsn(Opcodes.ASTORE, slot);
                super.visitVarInsn(Opcodes.ALOAD, slot);
                super.visitJumpInsn(Opcodes.IFNONNULL, done);
                if (frames) emitEntryFrame(); // the slot holds the (null) ThreadState the call returned
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, GIL, enterName, "()L" + STATE + ";", false);
            super.visitVarInsn(Opcodes.ASTORE, slot);
            // done's frame is the one visitCode has pending for the first original instruction, at this offset.
            if (done != null) super.visitLabel(done);
            entered = true;
            needOpen = true;
        }

        /** Before every real instruction: our pending frame, then a try range if none is open. */
        private void before() {
            if (ownFramePending) {
                ownFramePending = false;
                emitEntryFrame();
            }
            if (needOpen) {
                needOpen = false;
                rangeStart = new Label();
                super.visitLabel(rangeStart);
            }
        }

        /** The frame at the first original instruction of a method: the parameters, then the state. */
        private void emitEntryFrame() {
            List<Object> locals = new ArrayList<>();
            // Only methods get here (constructors enter after super(..), never at offset 0).
            // The parameter types come from the method's own initial frame, which ASM does not expose;
            // they are passed by the wrapper through initialLocals.
            locals.addAll(initialLocals);
            locals.add(STATE);
            super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), 0, new Object[0]);
        }

        /** The implicit initial frame's locals (this and the parameters), set by {@link Bracket}. */
        List<Object> initialLocals = new ArrayList<>();

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            ownFramePending = false; // the original states this offset itself; it gets the slot below
            if (type != Opcodes.F_NEW) {
                throw new IllegalStateException("frames must be expanded (EXPAND_FRAMES)");
            }
            List<Object> out = new ArrayList<>(numLocal + 2);
            int slots = 0;
            int i = 0;
            while (i < numLocal && slots < slot) {
                Object t = local[i++];
                out.add(t);
                slots += t == Opcodes.LONG || t == Opcodes.DOUBLE ? 2 : 1;
            }
            boolean more = i < numLocal;
            if (entered || more) {
                while (slots < slot) {
                    out.add(Opcodes.TOP);
                    slots++;
                }
                out.add(entered ? STATE : Opcodes.TOP);
                while (i < numLocal) out.add(local[i++]);
            }
            super.visitFrame(type, out.size(), out.toArray(), numStack, stack);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN && entered) {
                if (ownFramePending) {
                    ownFramePending = false;
                    emitEntryFrame();
                }
                // Close the try range before the exit call: if exit itself threw, the handler must not
                // run a second exit. (No range is open if nothing ran since the last one closed.)
                closeRange();
                needOpen = false;
                super.visitVarInsn(Opcodes.ALOAD, slot);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GIL, exitName, "(L" + STATE + ";)V", false);
                super.visitInsn(opcode);
                needOpen = true;
                return;
            }
            before();
            super.visitInsn(opcode);
        }

        private void closeRange() {
            if (rangeStart != null) {
                Label end = new Label();
                super.visitLabel(end);
                ranges.add(new Label[] {rangeStart, end});
                rangeStart = null;
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            before();
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (constructor && !entered && opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")) {
                if (pendingNews > 0) {
                    pendingNews--; // initialises an object created by NEW, e.g. an argument of super(..)
                } else {
                    prologue(); // this was the super(..) or this(..) call
                }
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            before();
            if (opcode == Opcodes.NEW) pendingNews++;
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            before();
            super.visitVarInsn(opcode, remap(varIndex));
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            before();
            super.visitIincInsn(remap(varIndex), increment);
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end,
                                       int index) {
            super.visitLocalVariable(name, descriptor, signature, start, end, remap(index));
        }

        @Override
        public net.bytebuddy.jar.asm.AnnotationVisitor visitLocalVariableAnnotation(
                int typeRef, TypePath typePath, Label[] start, Label[] end, int[] index, String descriptor,
                boolean visible) {
            int[] shifted = new int[index.length];
            for (int k = 0; k < index.length; k++) shifted[k] = remap(index[k]);
            return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, shifted, descriptor, visible);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            before();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            before();
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, net.bytebuddy.jar.asm.Handle bsm,
                                           Object... bsmArgs) {
            before();
            super.visitInvokeDynamicInsn(name, descriptor, bsm, bsmArgs);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            before();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            before();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            before();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            before();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            before();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (entered) {
                closeRange();
                if (!ranges.isEmpty()) {
                    Label handler = new Label();
                    // Registered last, so the application's own handlers take precedence.
                    for (Label[] r : ranges) super.visitTryCatchBlock(r[0], r[1], handler, null);
                    super.visitLabel(handler);
                    if (frames) {
                        // The handler reads only the state: every other slot may be anything (TOP).
                        Object[] locals = new Object[slot + 1];
                        for (int k = 0; k < slot; k++) locals[k] = Opcodes.TOP;
                        locals[slot] = STATE;
                        super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
                    }
                    super.visitVarInsn(Opcodes.ALOAD, slot);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, GIL, exitName, "(L" + STATE + ";)V", false);
                    super.visitInsn(Opcodes.ATHROW);
                }
            }
            super.visitMaxs(Math.max(maxStack + 1, 2), Math.max(maxLocals, slot) + 1);
        }
    }
}
