package dev.jgil.jmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged rule pack runs with JMC's jars and itself alone: the schema it judges by is inside the jar (shaded),
 * nothing else of jgil is needed. JMC's own headless report, in a JVM of its own, on a fixture.
 */
class PackagedRulesIT {
    @Test
    void theJarAndJmcsJarsAloneReportTheJgilRules() throws Exception {
        Path jar = Path.of(System.getProperty("jgil.rulesJar"));
        try (JarFile j = new JarFile(jar.toFile())) {
            assertTrue(j.getEntry("dev/jgil/schema/Verdicts.class") != null, "the schema is shaded into the pack");
            assertTrue(j.getEntry("META-INF/services/org.openjdk.jmc.flightrecorder.rules.IRule") != null);
        }
        List<String> cp = new ArrayList<>(List.of(jar.toString()));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // JMC's jars and what they need (lz4, the OWASP encoder), never jgil's own classes or modules.
            if (e.contains("jgil") || e.contains("junit") || e.contains("opentest4j") || e.contains("apiguardian")) continue;
            if (e.endsWith(".jar")) cp.add(e);
        }
        assertFalse(cp.stream().skip(1).anyMatch(e -> e.contains("jgil-schema")), cp.toString());
        Path fixture = Path.of("..", "src", "test", "resources", "fixtures", "convoy-switch-default.jfr").toAbsolutePath();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(File.pathSeparator, cp), "org.openjdk.jmc.flightrecorder.rules.report.JfrRulesReport", "-format", "text",
                fixture.toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        for (String rule : List.of("GIL Contention", "GIL Convoy Effect", "GIL Battle", "Serialized CPU-Bound Work", "GIL Configuration",
                "GIL Slow Drops", "GIL Blocked Owner")) {
            assertTrue(text.contains(rule), rule + " missing from JMC's report:\n" + text);
        }
        assertTrue(text.contains("io-reader"), text);
        assertFalse(text.contains("NoClassDefFoundError") || text.contains("ClassNotFoundException"), text);
        Files.writeString(Path.of("target", "jmc-report-convoy.txt"), text);
    }
}
