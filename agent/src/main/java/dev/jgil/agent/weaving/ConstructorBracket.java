package dev.jgil.agent.weaving;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.List;

/**
 * Brackets a designated constructor with {@code Gil.enter()} / {@code Gil.exit(..)}, including its
 * exceptional exit.
 *
 * <p>Why not {@link GilAdvice}: ByteBuddy's Advice refuses {@code onThrowable} on constructors, since
 * no handler may cover the {@code super(..)}/{@code this(..)} call while {@code this} is
 * uninitialized; without it an exception out of a constructor would skip the exit and the thread
 * would keep the GIL in non-designated code. So the bracket starts <em>after</em> the super/this
 * call: enter, then a try range to the end, a catch-all handler that exits and rethrows, and an
 * exit before every return. The arguments of {@code super(..)} are evaluated outside designated
 * code — a small hole, and a designated super constructor brackets itself anyway.
 *
 * <p>No local variable holds the state (adding one safely would need a local-variable remapper
 * that ByteBuddy's shaded ASM does not ship): the exits fetch it with
 * {@code Gil.lock().currentThreadState()}, a thread-local read on constructor exit only.
 */
public final class ConstructorBracket implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
    private static final String GIL = CheckpointVisitor.GIL;
    private static final String LOCK = "dev/jgil/runtime/GilLock";
    private static final String STATE = "dev/jgil/runtime/ThreadState";

    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
                              MethodVisitor methodVisitor, Implementation.Context implementationContext,
                              TypePool typePool, int writerFlags, int readerFlags) {
        ClassFileVersion v = implementationContext.getClassFileVersion();
        boolean frames = v == null || v.isAtLeast(ClassFileVersion.JAVA_V6);
        return new Bracket(methodVisitor, instrumentedType.getInternalName(), frames);
    }

    static final class Bracket extends MethodVisitor {
        private final String owner;
        private final boolean frames;
        /** NEWs whose {@code <init>} has not been called yet; the super/this call is the one at zero. */
        private int pendingNews;
        private boolean entered;
        private boolean needOpen;
        private Label rangeStart;
        private final List<Label[]> ranges = new ArrayList<>();

        Bracket(MethodVisitor mv, String owner, boolean frames) {
            super(Opcodes.ASM9, mv);
            this.owner = owner;
            this.frames = frames;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            ensureOpen();
            if (opcode == Opcodes.NEW) pendingNews++;
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            ensureOpen();
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>") && !entered) {
                if (pendingNews > 0) {
                    pendingNews--; // initialises an object created by NEW, e.g. an argument of super(..)
                } else {
                    entered = true; // this is the super(..) or this(..) call
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, GIL, "enter", "()L" + STATE + ";", false);
                    super.visitInsn(Opcodes.POP);
                    needOpen = true;
                }
            }
        }

        /**
         * Opens a try range lazily, right before the next real instruction: a range may never be empty
         * (an exception table entry needs start &lt; end).
         */
        private void ensureOpen() {
            if (needOpen) {
                needOpen = false;
                rangeStart = new Label();
                super.visitLabel(rangeStart);
            }
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            ensureOpen();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            ensureOpen();
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            ensureOpen();
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, net.bytebuddy.jar.asm.Handle bsm,
                                           Object... bsmArgs) {
            ensureOpen();
            super.visitInvokeDynamicInsn(name, descriptor, bsm, bsmArgs);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            ensureOpen();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            ensureOpen();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            ensureOpen();
            super.visitIincInsn(varIndex, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            ensureOpen();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            ensureOpen();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            ensureOpen();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }

        private void exitCall() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, GIL, "lock", "()L" + LOCK + ";", false);
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LOCK, "currentThreadState", "()L" + STATE + ";", false);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, GIL, "exit", "(L" + STATE + ";)V", false);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN && entered) {
                // Close the try range before the exit call: if exit itself threw, the handler must not
                // run a second exit. (No range is open if nothing ran since the last one closed.)
                if (rangeStart != null) {
                    Label end = new Label();
                    super.visitLabel(end);
                    ranges.add(new Label[] {rangeStart, end});
                    rangeStart = null;
                }
                needOpen = false;
                exitCall();
                super.visitInsn(opcode);
                needOpen = true;
                return;
            }
            ensureOpen();
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (entered && (rangeStart != null || !ranges.isEmpty())) {
                if (rangeStart != null) {
                    Label end = new Label();
                    super.visitLabel(end);
                    ranges.add(new Label[] {rangeStart, end});
                    rangeStart = null;
                }
                Label handler = new Label();
                // Registered last, so the application's own handlers in the constructor take precedence.
                for (Label[] r : ranges) super.visitTryCatchBlock(r[0], r[1], handler, null);
                super.visitLabel(handler);
                if (frames) {
                    // After super(..) slot 0 is the initialised this; nothing else is needed by the handler.
                    super.visitFrame(Opcodes.F_NEW, 1, new Object[] {owner}, 1, new Object[] {"java/lang/Throwable"});
                }
                exitCall();
                super.visitInsn(Opcodes.ATHROW);
            }
            super.visitMaxs(maxStack + 2, maxLocals);
        }
    }
}
