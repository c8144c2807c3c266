package dev.jgil.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.GroupedJfr;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A grouped file read chunk by chunk on several threads is each group's chunks merged: the same as one pass. */
class GroupChunksTest {
    @Test
    void eachGroupsChunksMergeToWhatOnePassReads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("chunks.jfr");
        GroupedJfr.write(f, GroupedJfr.threeGils(), true);
        assertTrue(Chunks.scan(f, java.nio.file.Files.size(f)).complete.size() >= 3, "the file has several chunks");
        List<JvmRecording> one = RecordingReader.readGroups(f, null, 1, Long.MAX_VALUE);
        List<JvmRecording> par = RecordingReader.readGroups(f, null, 3, 0);
        assertEquals(3, par.size());
        for (int i = 0; i < 3; i++) {
            JvmRecording a = one.get(i), b = par.get(i);
            assertEquals(a.group, b.group);
            assertEquals(a.label, b.label);
            assertEquals(a.pid, b.pid);
            assertEquals(a.configuration.policy, b.configuration.policy);
            assertEquals(a.totals.intervals, b.totals.intervals, a.group);
            assertEquals(a.totals.contendedAcquisitions, b.totals.contendedAcquisitions, a.group);
            assertEquals(a.waitCount(), b.waitCount(), a.group);
            assertEquals(a.threads.size(), b.threads.size(), a.group);
        }
        assertEquals(GroupedJfr.PERIODS, par.get(2).totals.intervals);
    }
}
