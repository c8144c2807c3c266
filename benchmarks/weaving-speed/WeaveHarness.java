package dev.jgil.agent.weaving;

import dev.jgil.agent.options.Glob;
import dev.jgil.shaded.bytebuddy.ByteBuddy;
import dev.jgil.shaded.bytebuddy.description.type.TypeDescription;
import dev.jgil.shaded.bytebuddy.dynamic.ClassFileLocator;
import dev.jgil.shaded.bytebuddy.dynamic.TypeResolutionStrategy;
import dev.jgil.shaded.bytebuddy.implementation.Implementation;
import dev.jgil.shaded.bytebuddy.pool.TypePool;

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Weaves the first N classes of a jar in a fresh JVM by one path ({@code asm}: AsmWeaving, used when names alone
 * designate; {@code bytebuddy}: the type pool + decorate path kept for annotation=) and prints the process CPU
 * (JIT threads included) and wall time of the weaving alone: the start-up the weaving adds for N classes.
 * Lives in the weaving package to reach AsmWeaving; compiled against the agent jar by benchmarks/weaving-speed.sh.
 */
public class WeaveHarness {
    public static void main(String[] a) throws Exception {
        String path = a[0]; String jar = a[1]; int n = Integer.parseInt(a[2]); String include = a[3];
        List<String> names = new ArrayList<>(); List<byte[]> bytes = new ArrayList<>();
        try (JarFile jf = new JarFile(jar)) {
            for (JarEntry e : java.util.Collections.list(jf.entries())) {
                if (!e.getName().endsWith(".class") || e.getName().contains("module-info")) continue;
                names.add(e.getName().replace('/', '.').substring(0, e.getName().length() - 6));
                bytes.add(jf.getInputStream(e).readAllBytes());
                if (names.size() == n) break;
            }
        }
        ClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, null);
        Designation d = new Designation(List.of(Glob.parse(include)), List.of(), List.of(), List.of());
        long cpu0 = cpu(), t0 = System.nanoTime(); int woven = 0;
        if (path.equals("asm")) {
            AsmWeaving w = new AsmWeaving(d, true);
            for (int i = 0; i < names.size(); i++) if (w.weave(names.get(i), bytes.get(i), loader, null) != null) woven++;
        } else {
            Weaver weaver = new Weaver(d, true, false, System.err);
            ByteBuddy bb = Weaver.byteBuddy().with(Implementation.Context.Disabled.Factory.INSTANCE);
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes.get(i)),
                        ClassFileLocator.ForClassLoader.of(loader), Weaver.RUNTIME_CLASS_FILES);
                TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                        TypePool.Default.ReaderMode.FAST);
                TypeDescription type = pool.describe(name).resolve();
                if (!d.matchesType(type)) continue;
                weaver.weave(bb.decorate(type, locator), type, bytes.get(i)).make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
                woven++;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "path=%s classes=%d woven=%d wallMs=%d processCpuMs=%d%n", path, names.size(), woven,
                (System.nanoTime() - t0) / 1_000_000, (cpu() - cpu0) / 1_000_000);
    }

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
