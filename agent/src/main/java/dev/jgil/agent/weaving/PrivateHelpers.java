package dev.jgil.agent.weaving;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.Opcodes;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Private helpers that only designated code can call: they run inside their caller's bracket and need
 * none of their own (a bracket is two calls, a handler and a store of the depth; on small hot helpers
 * it is most of the cost of {@code policy=off}, and it pushes them past the JIT's inlining limits).
 *
 * <p>A private method is reached by its own class, by its nestmates (inner classes, or a synthetic
 * accessor for them before Java 11), through a method handle (a method reference {@code this::helper}
 * is invoked from a JDK-generated class), or by reflection. So a method is left unbracketed only if
 * <ul>
 *   <li>its whole nest is designated ({@link Designation#designatesNestWhole}): every caller in the
 *       class or a nestmate runs designated, holding the token;</li>
 *   <li>no method handle of the class file names it (method references);</li>
 *   <li>it carries no annotation (frameworks find private methods to call reflectively by their
 *       annotations) and is none of serialization's reflectively called methods;</li>
 *   <li>it is no lambda body or other synthetic method, and not {@code synchronized} (entering it may
 *       block on the monitor; its bracket's enter takes the token back afterwards).</li>
 * </ul>
 * What is left: a private method that undesignated code calls by reflection without an annotation
 * runs without the token until its first call into bracketed code.
 */
final class PrivateHelpers {
    private static final Set<String> SERIALIZATION = Set.of("readObject", "writeObject", "readObjectNoData",
            "readResolve", "writeReplace");

    private final Set<String> unbracketed = new HashSet<>();

    private PrivateHelpers() {
    }

    static final PrivateHelpers NONE = new PrivateHelpers();

    /** One declared method as a class file states it: what the rules above look at. */
    static final class Method {
        final int access;
        final String name;
        final String descriptor;
        final boolean annotated;

        Method(int access, String name, String descriptor, boolean annotated) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
            this.annotated = annotated;
        }

        static List<Method> of(TypeDescription type) {
            List<Method> out = new ArrayList<>();
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                out.add(new Method(m.getModifiers(), m.getInternalName(), m.getDescriptor(), !m.getDeclaredAnnotations().isEmpty()));
            }
            return out;
        }
    }

    /** The class's private helpers needing no bracket; none without its class file (nothing is assumed). */
    static PrivateHelpers of(TypeDescription type, byte[] classFile, Designation designation) {
        if (classFile == null || !designation.designatesNestWhole(type.getName())) return NONE;
        return of(type.getName(), Method.of(type), classFile, designation);
    }

    static PrivateHelpers of(String className, List<Method> methods, byte[] classFile, Designation designation) {
        if (classFile == null || !designation.designatesNestWhole(className)) return NONE;
        Set<String> handles;
        try {
            handles = methodHandleTargets(classFile);
        } catch (IOException | RuntimeException unreadable) {
            return NONE;
        }
        PrivateHelpers p = new PrivateHelpers();
        int skip = Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE
                // A synchronized method may block on its monitor at the call itself, with no instruction after
                // which a checkpoint could take back a token the watchdog handed off meanwhile: its own enter must.
                | Opcodes.ACC_SYNCHRONIZED;
        for (Method m : methods) {
            if (m.name.startsWith("<") || (m.access & Opcodes.ACC_PRIVATE) == 0 || (m.access & skip) != 0) continue;
            String key = m.name + m.descriptor;
            if (handles.contains(key) || SERIALIZATION.contains(m.name)) continue;
            if (m.annotated) continue;
            p.unbracketed.add(key);
        }
        return p;
    }

    boolean needsNoBracket(MethodDescription m) {
        return needsNoBracket(m.getInternalName(), m.getDescriptor());
    }

    boolean needsNoBracket(String name, String descriptor) {
        return !unbracketed.isEmpty() && unbracketed.contains(name + descriptor);
    }

    /** name+descriptor of every method a CONSTANT_MethodHandle of the class file refers to (any owner). */
    static Set<String> methodHandleTargets(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt(); // magic
        in.readInt(); // minor, major
        int n = in.readUnsignedShort();
        String[] utf8 = new String[n];
        int[] first = new int[n];  // Methodref: name-and-type index; NameAndType: name index; MethodHandle: reference index
        int[] second = new int[n]; // NameAndType: descriptor index
        byte[] tags = new byte[n];
        for (int i = 1; i < n; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = (byte) tag;
            switch (tag) {
                case 1: utf8[i] = in.readUTF(); break;
                case 10: case 11: in.skipBytes(2); first[i] = in.readUnsignedShort(); break;
                case 12: first[i] = in.readUnsignedShort(); second[i] = in.readUnsignedShort(); break;
                case 15: in.skipBytes(1); first[i] = in.readUnsignedShort(); break;
                case 3: case 4: case 9: case 17: case 18: in.skipBytes(4); break;
                case 5: case 6: in.skipBytes(8); i++; break; // long and double take two entries
                case 7: case 8: case 16: case 19: case 20: in.skipBytes(2); break;
                default: throw new IOException("constant pool tag " + tag);
            }
        }
        Set<String> out = new HashSet<>();
        for (int i = 1; i < n; i++) {
            if (tags[i] != 15) continue;
            int ref = first[i];
            if (tags[ref] != 10 && tags[ref] != 11) continue; // a field handle
            int nat = first[ref];
            out.add(utf8[first[nat]] + utf8[second[nat]]);
        }
        return out;
    }
}
