package dev.jgil.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

/**
 * Defines {@code dev.jgil.runtime} in the bootstrap class loader, exactly once per JVM, without
 * appending anything to the bootstrap class path.
 *
 * <p>Why the bootstrap loader: JDK classes ({@code LockSupport.park} and the other blocking methods)
 * call {@code Gil.releaseForBlocking()} from advice woven into them, and they can only link to classes
 * of their own loader; application classes reach the same copy by parent delegation.
 *
 * <p>Why not {@code appendToBootstrapClassLoaderSearch}: once the bootstrap search is appended, the JVM
 * turns class data sharing off for every class not loaded by the boot loader (and says so on stderr:
 * "Sharing is only supported for boot loader classes because bootstrap classpath has been appended"),
 * so the host application's own classes load from jar files again.
 *
 * <p>How: the runtime's class files travel in the agent jar as a nested jar ({@link #NESTED_JAR}), so the
 * application class loader can never define a second copy from the agent jar (which is on the system
 * class path). They are defined, supertypes first, with
 * {@code jdk.internal.misc.Unsafe.defineClass(name, bytes, 0, len, null, null)}. That package is
 * exported, with {@link Instrumentation#redefineModule}, to the unnamed module of one small class
 * loader made for the purpose (holding only {@link dev.jgil.agent.inject.BootDefiner}) rather than to
 * the class path: the application gains no access to JDK internals. {@code sun.misc.Unsafe} is not
 * used (JDK 24+ warns about it). JDK classes in {@code java.base} may link to the boot loader's unnamed
 * module because the JVM adds that read edge to every module whose classes an agent transforms
 * ({@code jdk.internal.module.Modules.transformedByAgent}).
 *
 * <p>If any step is refused (a JVM without these internals), the classes are written to a small jar
 * and appended to the bootstrap search as before: jgil works, class sharing is off, and the JVM says so.
 */
public final class BootRuntime {
    /** The runtime's class files, as a jar inside the agent jar: not loadable as classes from there. */
    static final String NESTED_JAR = "META-INF/jgil/jgil-runtime.jar";
    /** A runtime class that tells whether the runtime is in the boot loader already. */
    static final String GIL = "dev.jgil.runtime.Gil";
    /** How the runtime got there: {@code injected} or the appended jar's path. */
    static final String PROPERTY = "jgil.runtime";
    private static final String DEFINER = "dev.jgil.agent.inject.BootDefiner";
    private static final String DEFINER_PATH = DEFINER.replace('.', '/') + ".class";

    private BootRuntime() {
    }

    /** Returns null on success, or a one-line problem description. */
    static String install(Instrumentation inst) {
        synchronized (BootRuntime.class) {
            if (inBootLoader()) return null; // a second attach, or -Xbootclasspath/a
            Map<String, byte[]> classes;
            byte[] definerClass;
            try {
                Map<String, byte[]> found = runtimeClasses();
                definerClass = found.remove(DEFINER);
                StartupTrace.mark("boot: class files read from the jar");
                classes = found;
            } catch (IOException | RuntimeException e) {
                return "cannot read the runtime from the agent jar: " + e;
            }
            if (classes.isEmpty()) return "the agent jar has no " + NESTED_JAR + " (not built by mvn package?)";
            Throwable injectFailure;
            try {
                if (definerClass == null) throw new IOException("missing " + DEFINER);
                BiFunction<String, byte[], Class<?>> definer = definer(inst, definerClass);
                bootDefiner = definer;
                StartupTrace.mark("boot: definer ready");
                for (String name : definitionOrder(classes)) definer.apply(name, classes.get(name));
                StartupTrace.mark("boot: runtime classes defined");
                System.setProperty(PROPERTY, "injected");
                return null;
            } catch (Throwable t) { // any refusal: the fallback below still works
                injectFailure = t;
            }
            if (inBootLoader()) return "the runtime is only partly in the boot loader: " + injectFailure;
            try {
                Path jar = writeJar(classes);
                inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
                System.setProperty(PROPERTY, jar.toString());
                if (Boolean.getBoolean("jgil.debug")) System.err.println("jgil: runtime appended to the boot class path: " + injectFailure);
                return null;
            } catch (IOException | RuntimeException e) {
                return "cannot put the runtime in the bootstrap class loader (" + injectFailure + "; " + e + ")";
            }
        }
    }

    private static boolean inBootLoader() {
        try {
            Class.forName(GIL, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Defines classes in the boot loader; set once the runtime is injected. */
    private static volatile BiFunction<String, byte[], Class<?>> bootDefiner;

    /**
     * Defines one more class of the agent jar in the boot loader (for a JDK facility that looks a class
     * up by name from the boot loader), or returns it if it is there already; null if that is not
     * possible (the runtime was appended rather than injected). The class must not have been loaded
     * from the class path before: callers reference it only after this succeeded.
     */
    public static synchronized Class<?> defineInBootLoader(String className) {
        try {
            return Class.forName(className, false, null);
        } catch (ClassNotFoundException notYet) {
            // define it below
        }
        BiFunction<String, byte[], Class<?>> d = bootDefiner;
        if (d == null) return null;
        File self;
        try {
            self = new File(BootRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
        try (JarFile jar = new JarFile(self, false)) {
            JarEntry e = jar.getJarEntry(className.replace('.', '/') + ".class");
            if (e == null) return null;
            try (InputStream in = jar.getInputStream(e)) {
                return d.apply(className, in.readAllBytes());
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Defines classes made at run time (a GIL group's holder) in the boot loader beside the runtime: injected like it,
     * or, where the runtime had to be appended, in a jar appended the same way. Returns null or a one-line problem.
     */
    public static synchronized String defineMade(Instrumentation inst, Map<String, byte[]> classes) {
        BiFunction<String, byte[], Class<?>> d = bootDefiner;
        try {
            if (d != null) {
                for (Map.Entry<String, byte[]> e : classes.entrySet()) d.apply(e.getKey(), e.getValue());
            } else {
                inst.appendToBootstrapClassLoaderSearch(new JarFile(writeJar(classes).toFile()));
            }
            for (String n : classes.keySet()) Class.forName(n, false, null);
            return null;
        } catch (Throwable t) {
            return "cannot define " + classes.keySet() + " in the bootstrap class loader: " + t;
        }
    }

    /** The runtime's class files by binary name, once read (for the weaver's type pools too). */
    private static volatile Map<String, byte[]> runtimeClassFiles;

    /**
     * The runtime's class files by binary name, from the nested jar; plus, under its own name, the
     * definer's class file from the agent jar. Two lookups by name in the agent jar (no iteration over
     * its 3000 entries) and one pass over the 15 entries of the nested jar.
     */
    static Map<String, byte[]> runtimeClasses() throws IOException {
        File self;
        try {
            self = new File(BootRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IOException("cannot locate the agent jar: " + e);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (JarFile jar = new JarFile(self, false)) {
            JarEntry nested = jar.getJarEntry(NESTED_JAR);
            if (nested == null) return out;
            try (JarInputStream in = new JarInputStream(jar.getInputStream(nested), false)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    if (e.getName().endsWith(".class")) out.put(binaryName(e.getName()), in.readAllBytes());
                }
            }
            runtimeClassFiles = new LinkedHashMap<>(out);
            JarEntry definer = jar.getJarEntry(DEFINER_PATH);
            if (definer != null) {
                try (InputStream in = jar.getInputStream(definer)) {
                    out.put(DEFINER, in.readAllBytes());
                }
            }
        }
        return out;
    }

    /** A runtime class file ({@code dev.jgil.runtime.Gil}), or null: no class loader has them as resources. */
    public static byte[] classFile(String binaryName) {
        Map<String, byte[]> m = runtimeClassFiles;
        if (m == null) {
            try {
                runtimeClasses();
            } catch (IOException e) {
                return null;
            }
            m = runtimeClassFiles;
        }
        return m == null ? null : m.get(binaryName);
    }

    private static String binaryName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /** Supertypes before subtypes: defining a class loads its super class and interfaces at once. */
    static List<String> definitionOrder(Map<String, byte[]> classes) {
        List<String> order = new ArrayList<>();
        for (String n : classes.keySet()) visit(n, classes, order, new ArrayList<>());
        return order;
    }

    private static void visit(String n, Map<String, byte[]> classes, List<String> order, List<String> path) {
        if (order.contains(n) || path.contains(n) || !classes.containsKey(n)) return;
        path.add(n);
        for (String s : ClassHeader.supertypes(classes.get(n))) visit(s, classes, order, path);
        order.add(n);
    }

    /**
     * The definer, defined from its class file by a class loader of its own (parent: the bootstrap
     * loader), whose unnamed module alone gets {@code jdk.internal.misc}: the application's class path
     * (the system loader's unnamed module, where the agent's other classes live) gains no access to JDK
     * internals, and the class-path copy of the definer cannot use it. A private loader costs one class
     * definition; a one-module layer cost a module resolution (about 40 ms of interpreted streams).
     */
    @SuppressWarnings("unchecked")
    private static BiFunction<String, byte[], Class<?>> definer(Instrumentation inst, byte[] bytes) throws Exception {
        InjectLoader loader = new InjectLoader();
        Class<?> c = loader.define(bytes);
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())),
                Map.of(), Set.of(), Map.of());
        return (BiFunction<String, byte[], Class<?>>) c.getConstructor().newInstance();
    }

    /** Holds the definer only; its parent is the bootstrap loader, so it resolves nothing from the class path. */
    private static final class InjectLoader extends ClassLoader {
        InjectLoader() {
            super("jgil-inject", null);
        }

        Class<?> define(byte[] b) {
            return defineClass(DEFINER, b, 0, b.length);
        }
    }

    /** The fallback: a jar of the runtime classes in a private temporary file, deleted at exit. */
    private static Path writeJar(Map<String, byte[]> classes) throws IOException {
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"));
        String base = "jgil-runtime-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
        Path p = dir.resolve(base + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(p, StandardOpenOption.CREATE_NEW))) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey().replace('.', '/') + ".class"));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        p.toFile().deleteOnExit();
        return p;
    }

    /** Reads the super class and interfaces from a class file's constant pool; nothing else. */
    static final class ClassHeader {
        private ClassHeader() {
        }

        static List<String> supertypes(byte[] b) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
            in.position(8);
            int count = in.getShort() & 0xffff;
            int[] classNameIndex = new int[count];
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.get();
                switch (tag) {
                    case 1: { // Utf8 (class names are ASCII here; modified UTF-8 would need DataInput)
                        int len = in.getShort() & 0xffff;
                        byte[] s = new byte[len];
                        in.get(s);
                        utf8[i] = new String(s, java.nio.charset.StandardCharsets.UTF_8);
                        break;
                    }
                    case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                        classNameIndex[i] = tag == 7 ? in.getShort() & 0xffff : skip(in, 2);
                        break;
                    case 15: // MethodHandle
                        in.position(in.position() + 3);
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        in.position(in.position() + 4);
                        break;
                    case 5: case 6: // Long, Double take two slots
                        in.position(in.position() + 8);
                        i++;
                        break;
                    default:
                        throw new IllegalArgumentException("bad constant pool tag " + tag);
                }
            }
            in.getShort(); // access flags
            in.getShort(); // this class
            List<String> out = new ArrayList<>();
            int sup = in.getShort() & 0xffff;
            if (sup != 0) out.add(utf8[classNameIndex[sup]].replace('/', '.'));
            int n = in.getShort() & 0xffff;
            for (int k = 0; k < n; k++) out.add(utf8[classNameIndex[in.getShort() & 0xffff]].replace('/', '.'));
            return out;
        }

        private static int skip(java.nio.ByteBuffer in, int n) {
            in.position(in.position() + n);
            return 0;
        }
    }
}
