import java.nio.file.Path;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Prints, for a jgil recording: its span (first to last jgil event: jgil predict's recorded wall), its designated span
 * (first acquisition or wait to last hold end, from the trace preset's jgil.Hold/jgil.ContendedAcquire: the part
 * jgil predict's designatedSpanNanos predicts) and its total contended wait (Σ jgil.Statistics waitNanos, exact).
 * Run with the source launcher: {@code java benchmarks/predict/Span.java run.jfr}.
 */
public class Span {
    public static void main(String[] args) throws Exception {
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE, wait = 0, dFirst = Long.MAX_VALUE, dLast = Long.MIN_VALUE;
        try (RecordingFile rf = new RecordingFile(Path.of(args[0]))) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String t = e.getEventType().getName();
                if (!t.startsWith("jgil.")) continue;
                long s = nanos(e.getStartTime()), en = nanos(e.getEndTime());
                first = Math.min(first, s);
                last = Math.max(last, en);
                if (t.equals("jgil.Statistics")) wait += e.getDuration("waitNanos").toNanos();
                if (t.equals("jgil.Hold") || t.equals("jgil.ContendedAcquire")) dFirst = Math.min(dFirst, s);
                if (t.equals("jgil.Hold")) dLast = Math.max(dLast, en);
            }
        }
        System.out.println("spanNanos=" + (last - first) + " designatedSpanNanos=" + (dLast - dFirst) + " waitNanos=" + wait);
    }

    static long nanos(java.time.Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
