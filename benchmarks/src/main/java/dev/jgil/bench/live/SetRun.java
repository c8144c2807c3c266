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

/** One {@code jgil set <pid> <setting>} run, timed from just before the process starts to its exit. */
final class SetRun {
    Instant start, end;
    int exit;

    static SetRun run(LiveTopBench b, long pid, String setting) throws IOException, InterruptedException {
        SetRun s = new SetRun();
        ProcessBuilder pb = new ProcessBuilder(b.java, "-jar", b.need("cli"), "set", Long.toString(pid), setting);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(b.out.resolve("set.out").toFile()));
        s.start = Instant.now();
        Process p = pb.start();
        s.exit = p.waitFor();
        s.end = Instant.now();
        if (s.exit != 0) System.err.println("  jgil set exited " + s.exit + "; see " + b.out.resolve("set.out"));
        return s;
    }
}
