package dev.jgil.agent.weaving;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

import java.util.HashSet;
import java.util.Set;

/**
 * Inserts {@code Gil.checkpoint()} — the eval breaker — into designated methods:
 * <ul>
 *   <li>before every backward jump (a loop back-edge), so a looping holder can be asked to drop;</li>
 *   <li>after every method call, so a thread that released the GIL in a callee (release zone,
 *       blocking release, watchdog hand-off) takes it back before running more designated code;</li>
 *   <li>after every {@code MONITORENTER}: a holder blocked on a monitor gets its token handed off by
 *       the watchdog and must take it back once it owns the monitor.</li>
 * </ul>
 * The call has no arguments and no result, so stack, locals and frames stay as they are.
 */
public final class CheckpointVisitor implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
    static final String GIL = "dev/jgil/runtime/Gil";

    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
                              MethodVisitor methodVisitor, Implementation.Context implementationContext,
                              TypePool typePool, int writerFlags, int readerFlags) {
        return new Inserter(methodVisitor);
    }

    static final class Inserter extends MethodVisitor {
        /** Labels already placed: a jump to one of them goes backwards. */
        private final Set<Label> placed = new HashSet<>();

        Inserter(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
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
            // Our own calls (inlined advice) need none; a checkpoint right after enter() would be redundant.
            if (!owner.equals(GIL)) checkpoint();
        }

        @Override
        public void visitInsn(int opcode) {
            super.visitInsn(opcode);
            if (opcode == Opcodes.MONITORENTER) checkpoint();
        }
    }
}
