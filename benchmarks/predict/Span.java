import java.nio.file.Path;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Prints the span of a jgil recording (first to last jgil event: the same definition as jgil predict's recorded wall)
 * and its total contended wait (Σ jgil.Statistics waitNanos, exact): {@code spanNanos=… waitNanos=…}.
 * Run with the source launcher: {@code java benchmarks/predict/Span.java run.jfr}.
 */
public class Span {
    public static void main(String[] args) throws Exception {
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE, wait = 0;
        try (RecordingFile rf = new RecordingFile(Path.of(args[0]))) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String t = e.getEventType().getName();
                if (!t.startsWith("jgil.")) continue;
                first = Math.min(first, nanos(e.getStartTime()));
                last = Math.max(last, nanos(e.getEndTime()));
                if (t.equals("jgil.Statistics")) wait += e.getDuration("waitNanos").toNanos();
            }
        }
        System.out.println("spanNanos=" + (last - first) + " waitNanos=" + wait);
    }

    static long nanos(java.time.Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
