package dev.jgil.agent.weaving;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;

/**
 * The class files behind GIL groups (see {@code dev.jgil.runtime.GilGroups}): a group's classes are woven exactly as
 * the default GIL's, then their calls to {@code Gil} are sent to the group's holder {@code GilGroup$N}, a renamed
 * copy of {@code GilGroupTemplate} whose static final lock is the group's. One weaving for every group, and at every
 * call site the same bytecode and the same constant lock for the JIT as under the default GIL.
 */
public final class GroupCalls {
    static final String TEMPLATE = "dev/jgil/runtime/GilGroupTemplate";

    private GroupCalls() {
    }

    /** The binary name of group {@code order}'s holder class. */
    public static String holderName(int order) {
        return "dev.jgil.runtime.GilGroup$" + order;
    }

    /** Group {@code order}'s holder: the template's class file, renamed. */
    public static byte[] holderClass(byte[] template, int order) {
        ClassReader r = new ClassReader(template);
        ClassWriter w = new ClassWriter(0);
        r.accept(new ClassRemapper(w, new SimpleRemapper(TEMPLATE, holderName(order).replace('.', '/'))), 0);
        return w.toByteArray();
    }

    /** A woven class file with its calls to {@code Gil}'s static methods sent to group {@code order}'s holder. */
    public static byte[] retarget(byte[] woven, int order) {
        String holder = holderName(order).replace('.', '/');
        ClassReader r = new ClassReader(woven);
        ClassWriter w = new ClassWriter(r, 0); // nothing but call owners changes: sizes and frames stay
        r.accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, desc, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mName, String mDesc, boolean itf) {
                        boolean gil = opcode == Opcodes.INVOKESTATIC && owner.equals(CheckpointVisitor.GIL);
                        super.visitMethodInsn(opcode, gil ? holder : owner, mName, mDesc, itf);
                    }
                };
            }
        }, 0);
        return w.toByteArray();
    }
}
