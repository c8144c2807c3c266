package dev.jgil.agent.weaving;

import com.acme.woven.Targets;
import dev.jgil.agent.options.Glob;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group's classes are woven as the default GIL's, then call their group's holder instead of {@code Gil}. */
class GroupCallsTest {
    @Test
    void aGroupsWovenClassCallsItsHolderEverywhereTheDefaultOneCallsGil() throws Exception {
        Designation d = new Designation(List.of(), List.of(), List.of(), List.of(), List.of(List.of(Glob.parse("com.acme.**"))));
        byte[] woven = new AsmWeaving(d, true).weave(Targets.class.getName(), ClassFileLocator.ForClassLoader.read(Targets.class),
                Targets.class.getClassLoader(), null);
        List<String> before = runtimeCalls(woven);
        assertTrue(before.stream().filter(c -> c.startsWith("dev/jgil/runtime/Gil.enter")).count() > 10, before::toString);
        List<String> after = runtimeCalls(GroupCalls.retarget(woven, 2));
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).replace("dev/jgil/runtime/Gil.", "dev/jgil/runtime/GilGroup$2."), after.get(i));
        }
        assertTrue(after.stream().noneMatch(c -> c.startsWith("dev/jgil/runtime/Gil.")), after::toString);
    }

    @Test
    void theHolderIsTheTemplateRenamedWithEveryMethodGilHas() throws Exception {
        byte[] template = ClassFileLocator.ForClassLoader.read(dev.jgil.runtime.GilGroupTemplate.class);
        byte[] holder = GroupCalls.holderClass(template, 3);
        ClassReader r = new ClassReader(holder);
        assertEquals("dev/jgil/runtime/GilGroup$3", r.getClassName());
        List<String> methods = new ArrayList<>();
        r.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                if ((access & Opcodes.ACC_PUBLIC) != 0) methods.add(name + desc);
                return null;
            }
        }, 0);
        // Every static entry point woven code may call on Gil exists on the holder with the same descriptor.
        for (java.lang.reflect.Method m : dev.jgil.runtime.Gil.class.getDeclaredMethods()) {
            if (m.getName().equals("groups") || m.getName().equals("lock")) continue;
            String desc = net.bytebuddy.jar.asm.Type.getMethodDescriptor(m);
            assertTrue(methods.contains(m.getName() + desc), () -> m.getName() + desc + " missing from " + methods);
        }
        assertFalse(new String(holder, java.nio.charset.StandardCharsets.ISO_8859_1).contains("dev/jgil/runtime/GilGroupTemplate"));
        assertArrayEquals(holder, GroupCalls.holderClass(template, 3));
    }

    private static List<String> runtimeCalls(byte[] classFile) {
        List<String> out = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mName, String mDesc, boolean itf) {
                        if (owner.startsWith("dev/jgil/runtime/")) out.add(owner + "." + mName + mDesc);
                    }
                };
            }
        }, 0);
        return out;
    }
}
