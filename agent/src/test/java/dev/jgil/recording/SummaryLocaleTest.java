package dev.jgil.recording;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import dev.jgil.schema.Schema;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Numbers read the same under every locale: a German default once printed the summary's fractions as 0,512. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SummaryLocaleTest {
    @TempDir
    Path dir;

    @Test
    void theExitSummaryUsesADecimalPointUnderAGermanDefaultLocale() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        RecordingRun run;
        try (GilLock lock = new GilLock()) {
            AgentOptions o = RecordingRun.options(dir, "de", Schema.SETTINGS_DEFAULT, false);
            o.printPeriodNanos = TimeUnit.MILLISECONDS.toNanos(200); // the periodic line too
            run = RecordingRun.record(lock, o, l -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
                while (System.nanoTime() < end) {
                    ThreadState s = l.enter();
                    for (int i = 0; i < 1000; i++) l.checkpoint();
                    l.exit(s);
                }
                return 1;
            });
        } finally {
            Locale.setDefault(before);
        }
        String summary = run.summary;
        assertTrue(Pattern.compile("held: \\d\\.\\d{3}").matcher(summary).find(), summary);
        assertTrue(summary.contains("jgil: last "), summary);
        assertFalse(Pattern.compile("\\d,\\d").matcher(summary).find(), () -> "a decimal comma in\n" + summary);
    }
}
