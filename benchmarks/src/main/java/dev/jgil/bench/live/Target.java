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

/** The target: {@link BusyTarget} with the agent, default recording on, quiet otherwise. */
final class Target implements AutoCloseable {
    final Process process;
    final long pid;
    final PrintWriter in;
    final BlockingQueue<String> samples = new LinkedBlockingQueue<>();

    private Target(Process p) {
        this.process = p;
        this.pid = p.pid();
        this.in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static Target start(LiveTopBench b) throws Exception {
        String agent = b.need("agent") + "=include=com.acme.livebench.BusyWork,report=off,summary=off,hlog=off,policy=" + b.policy();
        ProcessBuilder pb = new ProcessBuilder(b.java, "-javaagent:" + agent, "-cp", b.need("cp"), BusyTarget.class.getName(),
                Integer.toString(b.workers()));
        pb.directory(b.out.toFile()).redirectError(b.out.resolve("target.err").toFile());
        Target t = new Target(pb.start());
        CountDownLatch ready = new CountDownLatch(1);
        Thread r = new Thread(() -> {
            try (BufferedReader br = new BufferedReader(new InputStreamReader(t.process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = br.readLine()) != null; ) {
                    if (line.startsWith("READY")) ready.countDown();
                    else if (line.startsWith("sample ")) t.samples.add(line);
                }
            } catch (IOException ignored) {
                // the target ended
            }
        }, "target-reader");
        r.setDaemon(true);
        r.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            t.close();
            throw new IllegalStateException("the target did not start; see " + b.out.resolve("target.err"));
        }
        System.err.println("  target pid " + t.pid + " (" + b.workers() + " workers, policy=" + b.policy() + ")");
        return t;
    }

    /** {target nanoTime, calls, worker CPU ns}. */
    long[] sample() throws InterruptedException {
        in.println("sample");
        String s = samples.poll(30, TimeUnit.SECONDS);
        if (s == null) throw new IllegalStateException("the target did not answer 'sample'");
        String[] f = s.split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
