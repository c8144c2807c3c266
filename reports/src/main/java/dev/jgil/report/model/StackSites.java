package dev.jgil.report.model;

import dev.jgil.schema.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * Where designated code waited: a {@code jgil.ContendedAcquire}'s stack trace without the GIL's, the recorder's and
 * JFR's own frames (the same for every wait), interned into {@link JvmRecording#sites}.
 */
final class StackSites {
    /**
     * Frames kept per wait site: deep enough for the flame graph to reach a thread's entry point in most programs;
     * the sites table reads the innermost {@code dev.jgil.report.analysis.Analysis#TABLE_FRAMES} of them.
     */
    static final int SITE_FRAMES = 32;
    static final String NO_STACK_TRACE = "(no stack trace)";

    private final List<List<String>> sites;
    private final IdentityHashMap<RecordedStackTrace, Integer> stackCache = new IdentityHashMap<>();
    private final Map<List<String>, Integer> siteIndex = new HashMap<>();

    StackSites(List<List<String>> sites) {
        this.sites = sites;
    }

    /** The index of {@code st}'s site in the recording's sites. */
    int site(RecordedStackTrace st) {
        if (st == null) return siteFor(List.of(NO_STACK_TRACE));
        Integer cached = stackCache.get(st);
        if (cached != null) return cached;
        int idx = siteFor(frames(st, SITE_FRAMES));
        if (stackCache.size() > 100_000) stackCache.clear(); // bounded even if the parser never reuses objects
        stackCache.put(st, idx);
        return idx;
    }

    private int siteFor(List<String> frames) {
        Integer idx = siteIndex.get(frames);
        if (idx != null) return idx;
        sites.add(List.copyOf(frames));
        siteIndex.put(frames, sites.size() - 1);
        return sites.size() - 1;
    }

    private static final Pattern HIDDEN = Pattern.compile("[/+]0x[0-9a-fA-F]+(\\.\\d+)?");

    /**
     * A lambda's class, {@code Foo$$Lambda$123/0x0000000800c0b000} (JDK 17), {@code Foo$$Lambda/0x000001...} (JDK 21+)
     * or as JFR writes it {@code Foo$$Lambda+0x00007f5e70018f98.817348612}, becomes {@code Foo$$Lambda}, and any other
     * hidden class loses its {@code /0x...}: the numbers differ from run to run and lambda to lambda, so one call site
     * would otherwise be a new site (and a new flame) in every recording.
     */
    static String stripGeneratedSuffix(String cls) {
        int lambda = cls.indexOf("$$Lambda");
        if (lambda >= 0) return cls.substring(0, lambda + "$$Lambda".length());
        if (cls.indexOf("0x") < 0) return cls; // the common case, without a regex
        return HIDDEN.matcher(cls).replaceAll("");
    }

    /** Up to {@code max} frames, innermost first, as {@code class.method:line}, without the GIL's own. */
    static List<String> frames(RecordedStackTrace st, int max) {
        List<String> frames = new ArrayList<>(max);
        for (RecordedFrame f : st.getFrames()) {
            RecordedMethod m = f.getMethod();
            if (m == null) continue;
            String cls = m.getType() == null ? "?" : m.getType().getName();
            if (Names.internalFrame(cls)) continue;
            cls = stripGeneratedSuffix(cls);
            int line = f.getLineNumber();
            frames.add(cls + "." + m.getName() + (line > 0 ? ":" + line : ""));
            if (frames.size() == max) break;
        }
        if (frames.isEmpty()) frames.add("(GIL internals only)");
        return frames;
    }
}
