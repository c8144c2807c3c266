package dev.jgil.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.jar.JarFile;

/**
 * Puts {@code dev.jgil.runtime} — and the relocated ByteBuddy — on the bootstrap class path, exactly
 * once per JVM.
 *
 * <p>Both travel inside the agent jar as nested jars, never as top-level classes: the agent jar itself
 * is on the system class path, and a top-level runtime there could be loaded by the application class
 * loader as a second, separate GIL. Each nested jar is extracted to a temporary file and appended to
 * the bootstrap search before any of its classes is resolved; from then on every loader (JDK classes
 * included) finds the one bootstrap copy, and the agent's own classes reach them by parent delegation.
 *
 * <p>ByteBuddy is there for start-up time only: the bootstrap loader defines classes natively and
 * does not verify them, and ByteBuddy loads about 1100 classes while the agent starts.
 */
final class RuntimeJar {
    static final String RUNTIME = "/META-INF/jgil/jgil-runtime.jar";
    static final String BYTEBUDDY = "/META-INF/jgil/jgil-bytebuddy.jar";
    /** Set once both are on the bootstrap path, so a second attach does not append second copies. */
    static final String PROPERTY = "jgil.runtime.jar";

    private RuntimeJar() {
    }

    /** Returns null on success, or a one-line problem description. */
    static String appendToBootstrap(Instrumentation inst) {
        synchronized (RuntimeJar.class) {
            if (System.getProperty(PROPERTY) != null) return null;
            try {
                Path runtime = extract(RUNTIME, "jgil-runtime-");
                Path byteBuddy = extract(BYTEBUDDY, "jgil-bytebuddy-");
                inst.appendToBootstrapClassLoaderSearch(new JarFile(runtime.toFile()));
                inst.appendToBootstrapClassLoaderSearch(new JarFile(byteBuddy.toFile()));
                System.setProperty(PROPERTY, runtime.toString());
                return null;
            } catch (MissingResource e) {
                return e.getMessage();
            } catch (Exception e) {
                return "cannot put the runtime on the bootstrap class path: " + e;
            }
        }
    }

    private static final class MissingResource extends Exception {
        private static final long serialVersionUID = 1L;

        MissingResource(String message) {
            super(message);
        }
    }

    /**
     * Copies a nested jar to a new file in the temp directory. Not {@code File.createTempFile}: that
     * seeds a {@code SecureRandom}, a noticeable slice of start-up; {@code CREATE_NEW} (O_EXCL) keeps a
     * predictable name safe from pre-planted files and symlinks.
     */
    private static Path extract(String resource, String prefix) throws IOException, MissingResource {
        try (InputStream in = JgilAgent.class.getResourceAsStream(resource)) {
            if (in == null) throw new MissingResource("the agent jar has no " + resource.substring(1)
                    + " (not built by mvn package?)");
            Path dir = Paths.get(System.getProperty("java.io.tmpdir"));
            String base = prefix + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
            for (int attempt = 0; ; attempt++) {
                Path p = dir.resolve(base + (attempt == 0 ? "" : "-" + attempt) + ".jar");
                try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    p.toFile().deleteOnExit();
                    in.transferTo(out);
                    return p;
                } catch (FileAlreadyExistsException taken) {
                    if (attempt > 100) throw taken;
                }
            }
        }
    }
}
