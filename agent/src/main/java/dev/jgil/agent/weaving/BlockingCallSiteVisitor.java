package dev.jgil.agent.weaving;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

/**
 * Inserts {@code Gil.releaseForBlocking()} right before calls to blocking JDK methods that advice
 * cannot reach because they are {@code native} on some JDK: {@code Thread.sleep(long)} and {@code
 * Object.wait(long)} on JDK 17. Applied to designated methods only; a library method that sleeps is
 * left to the watchdog (its thread is TIMED_WAITING, so the token is handed off within an interval).
 *
 * <p>Also applied on JDK 21+, where the advice on the Java wrappers already releases: the second
 * release is a no-op (the thread no longer owns the token), and it keeps working if the VM refused to
 * retransform {@code java.lang.Object} or {@code java.lang.Thread}.
 *
 * <p>The inserted call takes and returns nothing, so the call's operands already on the stack are
 * untouched; the checkpoint after the blocking call (see {@link CheckpointVisitor}) takes the GIL back.
 */
public final class BlockingCallSiteVisitor implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
                              MethodVisitor methodVisitor, Implementation.Context implementationContext,
                              TypePool typePool, int writerFlags, int readerFlags) {
        return new Inserter(methodVisitor, instrumentedType.getInternalName());
    }

    /** Whether a call instruction invokes a JDK method that blocks (and may be native). */
    static boolean isBlockingCall(int opcode, String owner, String name, String descriptor) {
        if (opcode == Opcodes.INVOKEVIRTUAL && name.equals("wait")) {
            // Object.wait is final: whatever the qualifying type javac wrote, these descriptors are it.
            return descriptor.equals("()V") || descriptor.equals("(J)V") || descriptor.equals("(JI)V");
        }
        if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/Thread") && name.equals("sleep")) {
            return true; // (J)V, (JI)V and (Ljava/time/Duration;)V
        }
        if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Thread") && name.equals("join")) {
            return true;
        }
        return false;
    }

    /** See {@link Inserter#initializedAtStart}. */
    static final java.util.Set<String> INITIALIZED_AT_START = java.util.Set.of(
            "java/lang/Object", "java/lang/String", "java/lang/StringBuilder", "java/lang/Integer",
            "java/lang/Long", "java/lang/Boolean", "java/lang/Character", "java/lang/Math", "java/lang/System",
            "java/lang/Thread", "java/lang/Class", "java/util/ArrayList", "java/util/HashMap",
            "java/util/HashSet", "java/util/LinkedHashMap", "java/util/Arrays", "java/util/Objects");

    static final class Inserter extends MethodVisitor {
        private final String self;

        Inserter(MethodVisitor mv, String self) {
            super(Opcodes.ASM9, mv);
            this.self = self;
        }

        /**
         * GETSTATIC, PUTSTATIC and NEW of another class may wait for that class's initializer in
         * another thread: an implicit blocking call that Thread.getState() reports as RUNNABLE. The
         * watchdog takes the token from such a stalled owner; the checkpoint right after makes the
         * thread take it back before running more designated code. (INVOKESTATIC already has one.)
         */
        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            super.visitFieldInsn(opcode, owner, name, descriptor);
            if ((opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC) && !owner.equals(self)
                    && !initializedAtStart(owner)) {
                checkpoint();
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            super.visitTypeInsn(opcode, type);
            if (opcode == Opcodes.NEW && !type.equals(self) && !initializedAtStart(type)) checkpoint();
        }

        /**
         * Core JDK classes that the VM's own start-up and class loading initialize before any
         * designated code can run: touching them never waits for an initializer, so no checkpoint is
         * needed after a NEW or a static field access of one (StringBuilder, ArrayList and HashMap
         * allocations are frequent in small hot methods).
         */
        static boolean initializedAtStart(String owner) {
            return INITIALIZED_AT_START.contains(owner);
        }

        private void checkpoint() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CheckpointVisitor.GIL, "checkpoint", "()V", false);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (isBlockingCall(opcode, owner, name, descriptor)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CheckpointVisitor.GIL, "releaseForBlocking", "()V", false);
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
    }
}
