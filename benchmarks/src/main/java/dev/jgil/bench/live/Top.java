package dev.jgil.bench.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code jgil top <pid> --json} on the benchmark's JDK, its lines stamped as they arrive. */
final class Top implements AutoCloseable {
    final Process process;
    final Instant started;
    final List<Line> lines = new ArrayList<>();
    final CountDownLatch first = new CountDownLatch(1);
    volatile long cpuAtFirst;

    private Top(Process p, Instant started) {
        this.process = p;
        this.started = started;
    }

    static Top start(LiveTopBench b, long pid) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(b.java, "-jar", b.need("cli"), "top", Long.toString(pid), "--json");
        pb.redirectError(ProcessBuilder.Redirect.appendTo(b.out.resolve("top.err").toFile()));
        Instant started = Instant.now();
        Top t = new Top(pb.start(), started);
        Thread r = new Thread(() -> {
            try (BufferedReader br = new BufferedReader(new InputStreamReader(t.process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = br.readLine()) != null; ) {
                    Instant now = Instant.now();
                    if (!line.startsWith("{")) continue;
                    Line l = new Line(now, line);
                    synchronized (t) {
                        t.lines.add(l);
                    }
                    if (t.first.getCount() > 0) {
                        t.cpuAtFirst = t.cpuNanos();
                        t.first.countDown();
                    }
                }
            } catch (IOException ignored) {
                // top ended
            }
        }, "top-reader");
        r.setDaemon(true);
        r.start();
        return t;
    }

    boolean awaitFirst(int seconds) throws InterruptedException {
        return first.await(seconds, TimeUnit.SECONDS);
    }

    synchronized int lineCount() {
        return lines.size();
    }

    synchronized List<Line> snapshot() {
        return new ArrayList<>(lines);
    }

    long cpuNanos() {
        return LiveTopBench.cpu(process.toHandle());
    }

    /** SIGTERM: top's shutdown hook closes its stream; it never changes the target. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
