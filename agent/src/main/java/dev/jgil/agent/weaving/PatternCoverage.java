package dev.jgil.agent.weaving;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.agent.options.Glob;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each designation pattern matched: loaded classes (by name, counted on demand from the JVM's
 * loaded classes) and methods woven (counted as the weaver weaves). Feeds the {@code jgil.Designation}
 * events and the warning for a pattern that matched nothing — {@code include=com.acme} without
 * {@code .**}, a typo, a class never loaded — which would otherwise show up only as "held 0.000".
 */
public final class PatternCoverage {
    /** How long after start-up classes are assumed to have stopped loading, for the first warning. */
    static final long FIRST_CHECK_MILLIS = 5_000;

    /** One pattern as the option spelled it, and what it matched so far. */
    /** {@code group}: the GIL group whose {@code group.NAME=} gave the pattern (kind include), else {@code default}. */
    public record Row(String kind, String pattern, long classesMatched, long methodsWoven, String group) {
        /** The option as the user wrote it: {@code include=com.acme.**}, {@code group.parser=com.acme.parser.**}. */
        public String option() {
            return (group.equals(dev.jgil.schema.Names.DEFAULT_GROUP) ? kind : dev.jgil.agent.options.GroupOption.PREFIX + group)
                    + "=" + pattern;
        }
    }

    private static final class Entry {
        final String kind;
        final String pattern;
        final Glob glob; // null for an annotation
        final String group;
        final AtomicLong methodsWoven = new AtomicLong();
        final Set<String> wovenClasses = ConcurrentHashMap.newKeySet();
        volatile boolean warned;

        Entry(String kind, String pattern, Glob glob) {
            this(kind, pattern, glob, dev.jgil.schema.Names.DEFAULT_GROUP);
        }

        Entry(String kind, String pattern, Glob glob, String group) {
            this.group = group;
            this.kind = kind;
            this.pattern = pattern;
            this.glob = glob;
        }
    }

    private static volatile PatternCoverage installed;
    private static final String AT_EXIT = "in this run";
    private boolean exitChecked;

    private final List<Entry> entries = new ArrayList<>();
    private final Instrumentation inst;

    PatternCoverage(AgentOptions o, Instrumentation inst) {
        this.inst = inst;
        for (Glob g : o.include) entries.add(new Entry("include", g.toString(), g));
        for (Glob g : o.exclude) entries.add(new Entry("exclude", g.toString(), g));
        for (Glob g : o.release) entries.add(new Entry("release", g.toString(), g));
        for (String a : o.annotation) entries.add(new Entry("annotation", a, null));
        for (dev.jgil.agent.options.GroupOption g : o.groups.values()) {
            for (Glob gl : g.globs) entries.add(new Entry("include", gl.toString(), gl, g.name));
        }
    }

    /** The coverage of the installed agent, or null (no agent, or a test's own weaver). */
    public static PatternCoverage installed() {
        return installed;
    }

    /** Makes this the agent's coverage (before the weaver weaves, so that it counts every method). */
    public static PatternCoverage install(AgentOptions o, Instrumentation inst) {
        PatternCoverage c = new PatternCoverage(o, inst);
        installed = c;
        return c;
    }

    /**
     * Schedules the warnings: once {@value #FIRST_CHECK_MILLIS} ms after the agent's start-up is done (counted
     * from there, not from the JVM's start: on a loaded machine the start-up alone took 5 s and the main
     * class had not loaded yet), and at exit.
     */
    public void checkLater(PrintStream err) {
        Thread first = new Thread(() -> {
            try {
                Thread.sleep(FIRST_CHECK_MILLIS);
                warnUnmatched(err, "in the first " + FIRST_CHECK_MILLIS / 1000 + " s", "yet");
            } catch (InterruptedException | RuntimeException e) {
                // the JVM is ending, or the class list could not be read: the exit check still runs
            }
        }, "jgil-patterns");
        first.setDaemon(true);
        first.start();
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> warnUnmatched(err, "at exit", AT_EXIT), "jgil-patterns-exit"));
        } catch (IllegalStateException e) {
            // attached during shutdown: nothing left to warn about
        }
    }

    /**
     * Called by the weaver once per designated method it weaves (a class woven again by a
     * retransformation counts again). A method no include glob names was designated by an annotation.
     */
    void designated(String className, String methodName) {
        boolean byGlob = false;
        for (Entry e : entries) {
            if (e.kind.equals("include") && e.glob.matchesClass(className) && e.glob.matchesMethod(methodName)) {
                count(e, className);
                byGlob = true;
            }
        }
        if (byGlob) return;
        for (Entry e : entries) if (e.kind.equals("annotation")) count(e, className);
    }

    /** Called by the weaver once per method it makes a release zone. */
    void release(String className, String methodName) {
        for (Entry e : entries) {
            if (e.kind.equals("release") && e.glob.matchesClass(className) && e.glob.matchesMethod(methodName)) count(e, className);
        }
    }

    private static void count(Entry e, String className) {
        e.methodsWoven.incrementAndGet();
        if (e.glob == null) e.wovenClasses.add(className); // a glob's classes are counted from the loaded ones
    }

    /** Every pattern with what it matched by now (scans the loaded classes: milliseconds, not for hot paths). */
    public List<Row> rows() {
        Class<?>[] loaded = inst == null ? new Class<?>[0] : inst.getAllLoadedClasses();
        List<Row> out = new ArrayList<>();
        for (Entry e : entries) {
            long classes;
            if (e.glob == null) {
                classes = e.wovenClasses.size();
            } else {
                classes = 0;
                for (Class<?> c : loaded) if (e.glob.matchesClass(c.getName())) classes++;
            }
            out.add(new Row(e.kind, e.pattern, classes, e.methodsWoven.get(), e.group));
        }
        return Collections.unmodifiableList(out);
    }

    /** One line per include/release/annotation pattern that matched no loaded class (each said once per check). */
    synchronized void warnUnmatched(PrintStream err, String when, String sofar) {
        // The exit check is the last word: a first check that lost the race with it (a run of about 5 s) says nothing.
        if (exitChecked) return;
        if (sofar.equals(AT_EXIT)) exitChecked = true;
        // A launcher whose child JVMs do the designated work and record it (they are listed for the merged report):
        // its patterns match nothing here by design, and every child checks its own.
        String children = System.getProperty("jgil.merge");
        if (children != null && !children.isBlank()) return;
        List<Row> rows = rows();
        Class<?>[] loaded = null;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Entry e = entries.get(i);
            if (r.kind().equals("exclude") || r.classesMatched() > 0 || r.methodsWoven() > 0) continue;
            if (loaded == null) loaded = inst == null ? new Class<?>[0] : inst.getAllLoadedClasses();
            // "yet" at the first check: on a loaded machine a class can load after it (seen: 100,000 virtual threads).
            err.println("jgil: " + r.option() + " matched no loaded class " + when + hint(e, loaded)
                    + (e.warned ? "" : "; nothing it names was serialized " + sofar));
            e.warned = true;
        }
    }

    /** Why a pattern may have matched nothing, when we can tell. */
    static String hint(Entry e, Class<?>[] loaded) {
        if (e.glob == null) return " (no method carrying @" + e.pattern + " was woven)";
        String cls = e.glob.classGlob();
        if (cls.startsWith("dev.jgil.") && !cls.startsWith("dev.jgil.demo.")) return " (jgil never weaves its own classes)";
        if (cls.indexOf('*') < 0 && cls.indexOf('?') < 0) {
            String prefix = cls + ".";
            for (Class<?> c : loaded) {
                if (c.getName().startsWith(prefix)) return " (it names one class; for the package and its subpackages write " + cls + ".**)";
            }
        }
        return " (a class not loaded yet, or a misspelt name?)";
    }
}
