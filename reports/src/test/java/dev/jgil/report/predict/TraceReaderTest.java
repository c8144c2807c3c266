package dev.jgil.report.predict;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.model.ReportInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** jgil predict refuses what it cannot replay, in one line that says how to record instead (real agent recordings). */
class TraceReaderTest {
    static String refusal(String fixture) {
        Path p = Fixtures.path(fixture);
        return assertThrows(ReportInputException.class, () -> TraceReader.read(p, 0)).getMessage();
    }

    @Test
    void aRecordingUnderAnotherPolicyIsRefused() {
        String m = refusal(Fixtures.COUNTDOWN);
        assertTrue(m.contains("recorded under policy=switch") && m.contains("policy=off,jfr.settings=trace"), m);
    }

    @Test
    void aRecordingWithARunTimeChangeIsRefused() {
        String m = refusal(Fixtures.LIVE_CHANGES);
        assertTrue(m.contains("policy=off,switch") && m.contains("run-time change") && m.contains("whole run under policy=off"), m);
    }

    @Test
    void aRecordingWithoutJgilIsRefused() {
        String m = refusal(Fixtures.NO_JGIL);
        assertTrue(m.contains("not a jgil recording"), m);
    }

    @Test
    void aFileThatIsNoRecordingIsRefused() {
        String m = refusal(Fixtures.NOT_JFR);
        assertTrue(m.contains("cannot read it as a JFR recording"), m);
    }
}
