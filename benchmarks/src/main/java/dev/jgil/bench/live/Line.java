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

/** One line of {@code top --json}, stamped when this process read it. */
final class Line {
    final Instant read;
    final Instant time;
    final long lagMillis, intervalNanos, switchIntervalNanos;
    final List<Change> changes = new ArrayList<>();

    Line(Instant read, String json) {
        this.read = read;
        this.time = Instant.parse(group(LiveTopBench.LINE_TIME, json));
        this.lagMillis = Long.parseLong(group(LiveTopBench.LAG, json));
        this.intervalNanos = Long.parseLong(group(LiveTopBench.INTERVAL, json));
        this.switchIntervalNanos = Long.parseLong(group(LiveTopBench.SWITCH, json));
        int at = json.lastIndexOf("\"changes\":[");
        if (at >= 0) {
            Matcher m = LiveTopBench.CHANGE.matcher(json.substring(at));
            while (m.find()) changes.add(new Change(Instant.parse(m.group(1)), Long.parseLong(m.group(2))));
        }
    }

    long ownLagMillis() {
        return Duration.between(time, read).toMillis();
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) throw new IllegalArgumentException("no " + p + " in " + s);
        return m.group(1);
    }
}
