package dev.jgil.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts {@code dev.jgil.runtime} — and the relocated ByteBuddy — on the bootstrap class path, exactly
 * once per JVM.
 *
 * <p>Both travel inside the agent jar as one nested jar, never as top-level classes: the agent jar
 * itself is on the system class path, and a top-level runtime there could be loaded by the application
 * class loader as a second, separate GIL. The nested jar is written to a file and appended to the
 * bootstrap search before any of its classes is resolved; from then on every loader (JDK classes
 * included) finds the one bootstrap copy, and the agent's own classes reach it by parent delegation.
 *
 * <p>ByteBuddy is there for start-up time only: the bootstrap loader defines classes natively and
 * does not verify them, and ByteBuddy loads about 1100 classes while the agent starts.
 *
 * <p>The file is cached per user ({@code $TMPDIR/jgil-$USER/jgil-boot-<crc>-<size>.jar}, directory
 * 0700, checked to be ours and not a link), because inflating and writing its 5 MB took a quarter
 * of the agent's start-up. Where that cannot be made safe (no POSIX permissions, a directory that
 * is not ours) each JVM extracts its own copy and deletes it at exit.
 */
final class RuntimeJar {
    /** The runtime and the relocated ByteBuddy, in one jar so the bootstrap path is appended once. */
    static final String BOOT_JAR = "META-INF/jgil/jgil-boot.jar";
    /** Set once it is on the bootstrap path, so a second attach does not append a second copy. */
    static final String PROPERTY = "jgil.runtime.jar";

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private RuntimeJar() {
    }

    /** Returns null on success, or a one-line problem description. */
    static String appendToBootstrap(Instrumentation inst) {
        synchronized (RuntimeJar.class) {
            if (System.getProperty(PROPERTY) != null) return null;
            try {
                Path jar = bootJar();
                inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
                System.setProperty(PROPERTY, jar.toString());
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

    private static Path bootJar() throws IOException, MissingResource {
        File agentJar;
        try {
            agentJar = new File(JgilAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception | LinkageError e) {
            agentJar = null;
        }
        if (agentJar != null && agentJar.isFile()) {
            try (JarFile self = new JarFile(agentJar)) {
                JarEntry e = self.getJarEntry(BOOT_JAR);
                if (e == null) throw missing();
                Path cacheDir = privateCacheDir();
                if (cacheDir != null && e.getSize() >= 0) {
                    Path cached = cacheDir.resolve("jgil-boot-" + Long.toHexString(e.getCrc()) + "-" + e.getSize() + ".jar");
                    if (Files.isRegularFile(cached, LinkOption.NOFOLLOW_LINKS) && Files.size(cached) == e.getSize()) {
                        return cached;
                    }
                    try (InputStream in = self.getInputStream(e)) {
                        return publish(in, cacheDir, cached);
                    }
                }
            }
        }
        try (InputStream in = JgilAgent.class.getResourceAsStream("/" + BOOT_JAR)) {
            if (in == null) throw missing();
            Path p = createNew(Paths.get(System.getProperty("java.io.tmpdir")), "jgil-runtime-", in);
            p.toFile().deleteOnExit();
            return p;
        }
    }

    private static MissingResource missing() {
        return new MissingResource("the agent jar has no " + BOOT_JAR + " (not built by mvn package?)");
    }

    /** {@code $TMPDIR/jgil-$USER}, created 0700; null unless it is a real directory, ours, and private. */
    private static Path privateCacheDir() {
        try {
            String user = System.getProperty("user.name", "").replaceAll("[^A-Za-z0-9._-]", "_");
            if (user.isEmpty()) return null;
            Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "jgil-" + user);
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (FileAlreadyExistsException raced) {
                    // another JVM made it: checked below like any other
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return null;
            if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) return null;
            if (!Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) return null;
            return dir;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // e.g. no POSIX permissions: extract per JVM instead
        }
    }

    /** Writes to a private temporary name, then renames atomically: readers never see a partial jar. */
    private static Path publish(InputStream in, Path dir, Path target) throws IOException {
        Path tmp = createNew(dir, "partial-", in);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /**
     * A new file with the stream's content. Not {@code File.createTempFile}: that seeds a
     * {@code SecureRandom}, a noticeable slice of start-up; {@code CREATE_NEW} (O_EXCL) keeps a
     * predictable name safe from pre-planted files and symlinks.
     */
    private static Path createNew(Path dir, String prefix, InputStream in) throws IOException {
        String base = prefix + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(base + (attempt == 0 ? "" : "-" + attempt) + ".jar");
            try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(out);
                return p;
            } catch (FileAlreadyExistsException taken) {
                if (attempt > 100) throw taken;
            }
        }
    }
}
