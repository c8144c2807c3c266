package dev.jgil.agent.weaving;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.agent.options.Glob;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which code is designated (runs under the GIL) and which methods are release zones. Pure
 * logic over names and ByteBuddy descriptions, so it is unit-testable without an agent.
 *
 * <p>A method is designated when it is eligible (has code, is no bridge or compiler plumbing) and
 * <ul>
 *   <li>its class matches an {@code include=} class glob, or it matches an {@code include=} method
 *       glob, or it or its class carries an {@code annotation=}; and</li>
 *   <li>neither it nor its class matches an {@code exclude=} glob, and it is no release zone.</li>
 * </ul>
 * Lambda bodies ({@code lambda$name$0}) are synthetic but hold user code, so they follow their
 * enclosing method {@code name}; other synthetic methods (bridges, accessors) only delegate.
 */
public final class Designation {
    private final List<Glob> include;
    private final List<Glob> exclude;
    private final List<Glob> release;
    private final Set<String> annotations;
    /** The annotations' descriptors ({@code Lcom/acme/Designated;}) as they appear in a class file. */
    private final byte[][] annotationDescriptors;

    /** Group {@code i + 1}'s class globs (see {@link #groupOf}); empty without groups. */
    private final List<List<Glob>> groups;

    public Designation(List<Glob> include, List<Glob> exclude, List<Glob> release, List<String> annotations) {
        this(include, exclude, release, annotations, List.of());
    }

    /**
     * With GIL groups: {@code groups.get(i)} are the class globs of the group of order {@code i + 1}. A group's classes
     * are designated as if {@code include=} named them.
     */
    public Designation(List<Glob> include, List<Glob> exclude, List<Glob> release, List<String> annotations,
                       List<List<Glob>> groups) {
        this.groups = List.copyOf(groups);
        if (!groups.isEmpty()) {
            List<Glob> all = new java.util.ArrayList<>(include);
            for (List<Glob> g : groups) all.addAll(g);
            include = List.copyOf(all);
        }
        this.include = include;
        this.exclude = exclude;
        this.release = release;
        this.annotations = new HashSet<>(annotations);
        this.annotationDescriptors = new byte[this.annotations.size()][];
        int i = 0;
        for (String a : this.annotations) {
            annotationDescriptors[i++] = ("L" + a.replace('.', '/') + ";").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public static Designation from(AgentOptions o) {
        return from(o, true);
    }

    /** {@code withGroups} false: the groups' classes are designated under the default GIL (groups unavailable). */
    public static Designation from(AgentOptions o, boolean withGroups) {
        List<List<Glob>> groups = new java.util.ArrayList<>();
        for (dev.jgil.agent.options.GroupOption g : o.groups.values()) groups.add(g.globs);
        if (!withGroups) {
            List<Glob> include = new java.util.ArrayList<>(o.include);
            for (List<Glob> g : groups) include.addAll(g);
            return new Designation(include, o.exclude, o.release, o.annotation);
        }
        return new Designation(o.include, o.exclude, o.release, o.annotation, groups);
    }

    /**
     * The GIL group of a class: the order of the first group whose globs match it, else 0 (the default GIL). Whole
     * classes only (group globs have no method part), so every method of a class and its private helpers share a lock.
     */
    public int groupOf(String className) {
        for (int i = 0; i < groups.size(); i++) {
            for (Glob g : groups.get(i)) if (g.matchesClass(className)) return i + 1;
        }
        return 0;
    }

    /** Whether any GIL group is defined. */
    public boolean hasGroups() {
        return !groups.isEmpty();
    }

    // ---------------------------------------------------------------- types

    /**
     * Classes never woven, whatever the options say: the JDK (the runtime itself uses
     * java.util.concurrent; weaving it would recurse), and jgil's own classes, including the shaded
     * ByteBuddy. {@code dev.jgil.demo} holds demo applications and stays designatable.
     */
    public static boolean isNeverWoven(String className) {
        if (className.startsWith("dev.jgil.")) return !className.startsWith("dev.jgil.demo.");
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.") || className.contains("$$Lambda");
    }

    /**
     * The cheap first test, on the name only: could this class hold designated code or a release zone?
     * With {@code annotation=} every class could, and {@link #matchesType} must look inside.
     */
    public boolean isCandidateName(String className) {
        if (isNeverWoven(className)) return false;
        if (!annotations.isEmpty()) return true;
        for (Glob g : include) if (g.matchesClass(className)) return true;
        for (Glob g : release) if (g.matchesClass(className)) return true;
        return false;
    }

    /**
     * The second cheap test, for a candidate name: a class matched by no glob can only be designated by
     * an annotation, and a class file that uses an annotation has the annotation's descriptor in its
     * constant pool; without one of ours it is not parsed at all.
     */
    public boolean mayBeDesignated(String className, byte[] classFile) {
        for (Glob g : include) if (g.matchesClass(className)) return true;
        for (Glob g : release) if (g.matchesClass(className)) return true;
        for (byte[] d : annotationDescriptors) if (contains(classFile, d)) return true;
        return false;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        int n = needle.length;
        byte first = needle[0];
        outer:
        for (int i = 0, last = hay.length - n; i <= last; i++) {
            if (hay[i] != first) continue;
            for (int k = 1; k < n; k++) if (hay[i + k] != needle[k]) continue outer;
            return true;
        }
        return false;
    }

    /** Whether the class has any designated method or release zone (and is not a JFR event). */
    public boolean matchesType(TypeDescription type) {
        String name = type.getName();
        if (!isCandidateName(name) || type.isAnnotation()) return false;
        boolean byName = false;
        for (Glob g : include) byName |= g.matchesClass(name);
        for (Glob g : release) byName |= g.matchesClass(name);
        if (!byName && !hasDesignatingAnnotation(type)) return false;
        return !isJfrEvent(type);
    }

    private boolean hasDesignatingAnnotation(TypeDescription type) {
        if (annotations.isEmpty()) return false;
        if (carries(type.getDeclaredAnnotations())) return true;
        for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
            if (carries(m.getDeclaredAnnotations())) return true;
        }
        return false;
    }

    private boolean carries(AnnotationList list) {
        if (annotations.isEmpty()) return false;
        for (AnnotationDescription a : list) {
            if (annotations.contains(a.getAnnotationType().getName())) return true;
        }
        return false;
    }

    /** JFR instruments its event classes itself; weaving them would fight over their bytecode. */
    static boolean isJfrEvent(TypeDescription type) {
        try {
            for (TypeDefinition t = type.getSuperClass(); t != null; t = t.getSuperClass()) {
                String n = t.asErasure().getName();
                if (n.equals("jdk.jfr.Event") || n.equals("jdk.internal.event.Event")) return true;
                if (n.equals("java.lang.Object")) return false;
            }
        } catch (RuntimeException unresolvable) {
            // a super class we cannot see is not jdk.jfr.Event's concern
        }
        return false;
    }

    private boolean classExcluded(String className) {
        for (Glob g : exclude) if (!g.hasMethodPart() && g.matchesClass(className)) return true;
        return false;
    }

    // ---------------------------------------------------------------- methods

    /** Has code and is not compiler plumbing; lambda bodies count as code. */
    static boolean isEligible(MethodDescription m) {
        return isEligible(m.getModifiers(), m.getInternalName());
    }

    /** {@link #isEligible(MethodDescription)} from a class file's access flags and name. */
    static boolean isEligible(int access, String name) {
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0 || name.equals("<clinit>")) {
            return false;
        }
        return (access & Opcodes.ACC_SYNTHETIC) == 0 || isLambdaBody(access, name);
    }

    static boolean isLambdaBody(MethodDescription m) {
        return isLambdaBody(m.getModifiers(), m.getInternalName());
    }

    static boolean isLambdaBody(int access, String name) {
        return (access & Opcodes.ACC_SYNTHETIC) != 0 && name.startsWith("lambda$");
    }

    /** {@code lambda$parse$0} → {@code parse}; other names unchanged; constructors are {@code <init>}. */
    static String effectiveName(MethodDescription m) {
        return effectiveName(m.getModifiers(), m.getInternalName());
    }

    static String effectiveName(int access, String n) {
        if (isLambdaBody(access, n)) {
            int end = n.indexOf('$', "lambda$".length());
            if (end > "lambda$".length()) return n.substring("lambda$".length(), end);
        }
        return n;
    }

    /** Whether names alone decide every method (no {@code annotation=}): the weaving needs no type descriptions. */
    public boolean byNamesOnly() {
        return annotations.isEmpty();
    }

    /**
     * The decision by names and access flags: TRUE or FALSE, or null when only an annotation could
     * designate the method (never null without {@code annotation=}).
     */
    private Boolean byName(String cls, int access, String name) {
        if (isNeverWoven(cls) || !isEligible(access, name) || isRelease(cls, access, name) || classExcluded(cls)) {
            return Boolean.FALSE;
        }
        String n = effectiveName(access, name);
        for (Glob g : exclude) if (g.hasMethodPart() && g.matchesClass(cls) && g.matchesMethod(n)) return Boolean.FALSE;
        for (Glob g : include) if (g.matchesClass(cls) && g.matchesMethod(n)) return Boolean.TRUE;
        return annotations.isEmpty() ? Boolean.FALSE : null;
    }

    /** Whether the method is designated, by names and flags only; requires {@link #byNamesOnly()}. */
    public boolean isDesignated(String cls, int access, String name) {
        return byName(cls, access, name) == Boolean.TRUE;
    }

    /** Whether the method is designated (see the class comment). */
    public boolean isDesignated(TypeDescription type, MethodDescription m) {
        Boolean b = byName(type.getName(), m.getModifiers(), m.getInternalName());
        if (b != null) return b;
        String name = effectiveName(m);
        if (carries(type.getDeclaredAnnotations())) return true;
        if (isLambdaBody(m)) {
            MethodList<MethodDescription.InDefinedShape> same = type.getDeclaredMethods();
            for (MethodDescription.InDefinedShape other : same) {
                if (!other.isSynthetic() && other.getInternalName().equals(name) && carries(other.getDeclaredAnnotations())) {
                    return true;
                }
            }
            return false;
        }
        return carries(m.getDeclaredAnnotations());
    }

    /**
     * {@link #matchesType} by the class file's name and access flags, for {@link #byNamesOnly()}; the
     * caller checks that the class is no JFR event.
     */
    public boolean matchesTypeByName(String name, int access) {
        if (!isCandidateName(name) || (access & Opcodes.ACC_ANNOTATION) != 0) return false;
        for (Glob g : include) if (g.matchesClass(name)) return true;
        for (Glob g : release) if (g.matchesClass(name)) return true;
        return false;
    }

    /**
     * Whether every constructor of the named class is designated by an {@code include=} class glob, so
     * that a call to one of them from designated code re-acquires on its own (the constructor's exit
     * does): no checkpoint is needed after it. By name only (annotations are not visible here).
     */
    public boolean constructorsDesignatedByName(String className, String callerClassName) {
        // A constructor of another group's class re-acquires that group's lock on exit, not the caller's.
        return groupOf(className) == groupOf(callerClassName) && constructorsDesignatedByName(className);
    }

    public boolean constructorsDesignatedByName(String className) {
        if (isNeverWoven(className) || classExcluded(className)) return false;
        for (Glob g : release) if (g.matchesClass(className)) return false;
        for (Glob g : exclude) if (g.hasMethodPart() && g.matchesClass(className) && g.matchesMethod("<init>")) return false;
        for (Glob g : include) if (g.matchesClass(className) && g.matchesMethod("<init>")) return true;
        return false;
    }

    /**
     * Whether every class that can call a private method of this class directly — the class itself and
     * its nestmates ({@code Outer}, {@code Outer$Inner}, ...) — is designated whole by name: an
     * {@code include=} class glob (no method part) matches the class, its top-level class and a nested
     * name, and no {@code exclude=} or {@code release=} glob names any of them or any nested class.
     */
    public boolean designatesNestWhole(String className) {
        if (isNeverWoven(className)) return false;
        int dollar = className.indexOf('$');
        String top = dollar < 0 ? className : className.substring(0, dollar);
        String[] names = {className, top, top + "$0"};
        for (Glob g : exclude) {
            if (g.classGlob().indexOf('$') >= 0 || g.classGlob().indexOf('?') >= 0) return false;
            for (String n : names) if (g.matchesClass(n)) return false;
        }
        for (Glob g : release) {
            if (g.classGlob().indexOf('$') >= 0 || g.classGlob().indexOf('?') >= 0) return false;
            for (String n : names) if (g.matchesClass(n)) return false;
        }
        int group = groupOf(className);
        for (String n : names) {
            boolean whole = false;
            for (Glob g : include) whole |= !g.hasMethodPart() && g.matchesClass(n);
            if (!whole || groupOf(n) != group) return false; // a nestmate of another group would run it under its lock
        }
        return true;
    }

    /** Whether the method is a release zone: it drops the GIL at entry. */
    public boolean isRelease(TypeDescription type, MethodDescription m) {
        return isRelease(type.getName(), m.getModifiers(), m.getInternalName());
    }

    public boolean isRelease(String cls, int access, String name) {
        if (release.isEmpty() || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0
                || name.equals("<clinit>") || ((access & Opcodes.ACC_SYNTHETIC) != 0 && !isLambdaBody(access, name))) {
            return false;
        }
        String n = effectiveName(access, name);
        for (Glob g : release) if (g.matchesClass(cls) && g.matchesMethod(n)) return true;
        return false;
    }
}
