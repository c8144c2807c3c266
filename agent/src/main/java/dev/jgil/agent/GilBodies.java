package dev.jgil.agent;

import dev.jgil.runtime.FastOff;
import dev.jgil.runtime.Gil;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;

/**
 * Swaps the bodies of {@link Gil#enterNested()}, {@link Gil#enter()}, {@link Gil#exit} and
 * {@link Gil#checkpoint()} between GilLock's general hot path and {@link FastOff}'s by redefining {@code Gil} (see
 * FastOff for why and when). The fast version is Gil's own class file with four call instructions retargeted,
 * {@code getstatic LOCK; invokevirtual GilLock.enter()} becoming {@code getstatic LOCK; invokestatic
 * FastOff.enter(GilLock)}: same stack, same members, so the redefinition changes method bodies only, which the JVM
 * always allows.
 */
final class GilBodies implements FastOff.Swap {
    private static final String LOCK = "dev/jgil/runtime/GilLock";
    private static final String FAST = "dev/jgil/runtime/FastOff";

    private final Instrumentation inst;
    private final byte[] general;
    /** Made at the first swap to FastOff (ASM's classes cost start-up time that only policy=off needs). */
    private byte[] fast;

    private GilBodies(Instrumentation inst, byte[] general) {
        this.inst = inst;
        this.general = general;
    }

    /** The swap, or null (said why on {@code err}) if this JVM cannot redefine Gil. */
    static GilBodies create(Instrumentation inst, java.io.PrintStream err) {
        byte[] general = BootRuntime.classFile(Gil.class.getName());
        if (!inst.isRedefineClassesSupported() || general == null) {
            err.println("jgil: " + (general == null ? "Gil's class file not found" : "this JVM cannot redefine classes")
                    + "; policy=off runs the general hot path (slower)");
            return null;
        }
        return new GilBodies(inst, general);
    }

    @Override
    public void use(boolean fastOff) throws Exception {
        if (fastOff && fast == null) fast = fastVersion(general); // under FastOff's monitor: once
        inst.redefineClasses(new ClassDefinition(Gil.class, fastOff ? fast : general));
    }

    /** Gil's class file with enterNested/enter/exit/checkpoint calling FastOff; fails if any of the four is not found. */
    static byte[] fastVersion(byte[] gil) {
        ClassReader r = OpenedClassReader.of(gil);
        ClassWriter w = new ClassWriter(0); // same stack and locals: nothing to recompute
        int[] retargeted = new int[1];
        r.accept(new ClassVisitor(OpenedClassReader.ASM_API, w) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                boolean swapped = name.equals("enterNested") || name.equals("enter") || name.equals("exit")
                        || name.equals("checkpoint");
                if (!swapped) return mv;
                return new MethodVisitor(OpenedClassReader.ASM_API, mv) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String desc, boolean itf) {
                        if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(LOCK) && n.equals(name)) {
                            retargeted[0]++;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, FAST, n, "(L" + LOCK + ";" + desc.substring(1), false);
                        } else {
                            super.visitMethodInsn(opcode, owner, n, desc, itf);
                        }
                    }
                };
            }
        }, 0);
        if (retargeted[0] != 4) {
            throw new IllegalStateException("Gil's hot path has changed shape: " + retargeted[0] + " of 4 calls retargeted");
        }
        return w.toByteArray();
    }
}
