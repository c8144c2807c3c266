package dev.jgil.agent;

import java.io.File;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * Puts {@code dev.jgil.runtime} on the bootstrap class path, exactly once per JVM.
 *
 * <p>The runtime travels inside the agent jar as a nested jar ({@value #RESOURCE}), never as
 * top-level classes: the agent jar itself is on the system class path, and a top-level copy there
 * could be loaded by the application class loader as a second, separate GIL. The nested jar is
 * extracted to a temporary file and appended to the bootstrap search before any runtime class is
 * resolved; from then on every loader (JDK classes included) finds the one bootstrap copy.
 */
final class RuntimeJar {
    static final String RESOURCE = "/META-INF/jgil/jgil-runtime.jar";
    /** Set once the runtime is on the bootstrap path, so a second attach does not append a second copy. */
    static final String PROPERTY = "jgil.runtime.jar";

    private RuntimeJar() {
    }

    /** Returns null on success, or a one-line problem description. */
    static String appendToBootstrap(Instrumentation inst) {
        synchronized (RuntimeJar.class) {
            if (System.getProperty(PROPERTY) != null) return null;
            try (InputStream in = JgilAgent.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return "the agent jar has no " + RESOURCE.substring(1) + " (not built by mvn package?)";
                }
                File tmp = File.createTempFile("jgil-runtime-", ".jar");
                tmp.deleteOnExit();
                Files.copy(in, tmp.toPath(), StandardCopyOption.REPLACE_EXISTING);
                inst.appendToBootstrapClassLoaderSearch(new JarFile(tmp));
                System.setProperty(PROPERTY, tmp.getAbsolutePath());
                return null;
            } catch (Exception e) {
                return "cannot put the runtime on the bootstrap class path: " + e;
            }
        }
    }
}
