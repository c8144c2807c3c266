package dev.jgil.agent.it;

import com.acme.apps.boot.BootApp;
import com.acme.apps.foreign.ForeignByteBuddyApp;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shaded jar: runtime on the bootstrap path once, ByteBuddy relocated, current class files. */
class PackagingIT {

    @Test
    @Timeout(60)
    void runtimeIsDefinedOnceInTheBootstrapLoaderWithoutTurningClassSharingOff() throws Exception {
        Result r = ForkedJvm.app(BootApp.class).agent("include=com.acme.apps.boot.BootApp").run();
        assertEquals(0, r.exitCode, r::toString);
        assertEquals("null", r.value("gilLoader"), () -> "Gil must come from the bootstrap class loader\n" + r);
        assertEquals(0, (int) r.number("gilCopiesOutsideBootstrap"), () -> "a second copy of the runtime is visible\n" + r);
        assertTrue(r.flag("agentLoaderIsSystem"), r::toString);
        assertTrue(r.flag("agentSeesSameGil"), r::toString);
        assertTrue(r.flag("heldInWork"), r::toString);
        // Injected, not appended: appending to the bootstrap search switches CDS off for the app's classes.
        assertEquals("injected", r.value("runtime"), r::toString);
        SerializationIT.assertNoWarnings(r);
    }

    @Test
    void agentJarCarriesTheRuntimeOnlyInTheNestedJarAndEverythingRelocated() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            assertNull(jar.getEntry("dev/jgil/runtime/Gil.class"), "runtime classes must not be top-level");
            assertNotNull(jar.getEntry("dev/jgil/shaded/bytebuddy/ByteBuddy.class"), "ByteBuddy is loaded from the agent jar");
            assertNotNull(jar.getEntry("dev/jgil/agent/inject/BootDefiner.class"));
            assertNotNull(jar.getEntry("META-INF/jgil/jgil-runtime.jar"));
            assertNotNull(jar.getEntry("dev/jgil/shaded/hdrhistogram/Histogram.class"));
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("net/") || e.getName().startsWith("org/")
                    || e.getName().startsWith("META-INF/versions/24/net/")), "unrelocated classes in the agent jar");
            try (JarFile nested = nestedJar(jar, "META-INF/jgil/jgil-runtime.jar")) {
                assertNotNull(nested.getEntry("dev/jgil/runtime/Gil.class"));
                assertTrue(nested.stream().filter(e -> e.getName().endsWith(".class"))
                                .allMatch(e -> e.getName().startsWith("dev/jgil/runtime/")),
                        "the nested jar holds the runtime only");
            }
            java.util.jar.Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.jgil.agent.JgilAgent", main.getValue("Premain-Class"));
            assertEquals("dev.jgil.agent.JgilAgent", main.getValue("Agent-Class"));
            assertEquals("dev.jgil.agent.JgilAgent", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
        }
    }

    private static JarFile nestedJar(JarFile outer, String name) throws Exception {
        Path tmp = Files.createTempFile("jgil-nested-", ".jar");
        tmp.toFile().deleteOnExit();
        try (java.io.InputStream in = outer.getInputStream(outer.getEntry(name))) {
            Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new JarFile(tmp.toFile());
    }

    @Test
    @Timeout(60)
    void appShippingAnotherByteBuddyVersionKeepsItsOwnAndIsWoven() throws Exception {
        String foreign = System.getProperty("jgil.foreignByteBuddy");
        String version = System.getProperty("jgil.foreignByteBuddyVersion");
        assertTrue(Files.isRegularFile(Path.of(foreign)), "missing " + foreign);
        Result r = ForkedJvm.app(ForeignByteBuddyApp.class)
                .classPath(foreign)
                .agent("include=com.acme.apps.foreign.**")
                .run();
        assertEquals(0, r.exitCode, r::toString);
        assertEquals("made by the app's ByteBuddy", r.value("made"), r::toString);
        assertTrue(r.value("byteBuddyFrom").endsWith("byte-buddy-foreign.jar"), () -> "app must use its own ByteBuddy "
                + version + "\n" + r);
        assertTrue(r.flag("heldInWork"), r::toString);
        SerializationIT.assertNoWarnings(r);
    }

    @Test
    @Timeout(120)
    void weavingAWholeRealLibraryKeepsItWorking() throws Exception {
        // Hundreds of real-world classes (constructors with try/catch, switches, synchronized blocks,
        // lambdas): any frame or stack mistake of the weaving shows up as a VerifyError here.
        Result r = ForkedJvm.app(ForeignByteBuddyApp.class)
                .classPath(System.getProperty("jgil.foreignByteBuddy"))
                .agent("include=net.bytebuddy.**;com.acme.apps.foreign.**,verbose=true")
                .run();
        assertEquals(0, r.exitCode, r::toString);
        assertEquals("made by the app's ByteBuddy", r.value("made"), r::toString);
        long woven = r.stderrLines().stream().filter(l -> l.startsWith("jgil: wove net.bytebuddy.")).count();
        assertTrue(woven > 200, () -> "expected hundreds of woven ByteBuddy classes, got " + woven + "\n" + r);
        assertTrue(r.stderrLines().stream().noneMatch(l -> l.contains("could not weave") || l.contains("VerifyError")),
                r::toString);
    }

    @Test
    @Timeout(120)
    void classFilesOfTheRunningJdksLatestVersionAreWoven(@TempDir Path dir) throws Exception {
        int feature = Runtime.version().feature();
        Path src = dir.resolve("src/com/acme/latest/Latest.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, String.join("\n",
                "package com.acme.latest;",
                "public class Latest {",
                "  final boolean heldInConstructor;",
                "  Latest() { heldInConstructor = held(); }",
                "  static boolean held() { return dev.jgil.runtime.Gil.lock().isHeldByCurrentThread(); }",
                "  static long loop() { long x = 1; for (int i = 0; i < 1000; i++) { x = x * 31 + i; } return x; }",
                "  static boolean work() { loop(); return held(); }",
                "  public static void main(String[] a) {",
                "    System.out.println(\"heldInWork=\" + work());",
                "    System.out.println(\"heldInConstructor=\" + new Latest().heldInConstructor);",
                "    System.out.println(\"classFileMajor=\" + classFileMajor());",
                "  }",
                "  static int classFileMajor() {",
                "    try (var in = Latest.class.getResourceAsStream(\"Latest.class\")) {",
                "      byte[] b = in.readNBytes(8); return ((b[6] & 0xff) << 8) | (b[7] & 0xff);",
                "    } catch (Exception e) { return -1; }",
                "  }",
                "}"));
        Path out = dir.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "--release", Integer.toString(feature), "-d", out.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, err::toString);

        Result r = ForkedJvm.app("com.acme.latest.Latest").classPathOnly(out.toString()).agent("include=com.acme.latest.Latest")
                .run();
        assertEquals(0, r.exitCode, r::toString);
        assertEquals(feature + 44, (int) r.number("classFileMajor"), r::toString);
        assertTrue(r.flag("heldInWork"), r::toString);
        assertTrue(r.flag("heldInConstructor"), r::toString);
        SerializationIT.assertNoWarnings(r);
    }
}
