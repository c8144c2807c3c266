package dev.jgil.jmc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmc.common.IMCFrame;
import org.openjdk.jmc.common.IMCStackTrace;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;

/**
 * What the rules need from a recording, read once by field name (so the pack needs no jgil classes).
 * Fractions are 0..1, times are nanoseconds.
 */
final class JgilData {

    /** One jgil.ContendedAcquire. */
    record Wait(String thread, String blockedBy, String cause, long waitNanos, String site) {
    }

    /** jgil.ThreadStatistics summed over the recording for one thread. */
    static final class ThreadTotals {
        final String name;
        double intervalNanos;
        double heldNanos;   // heldFraction × interval (exact under trace accounting, sampled otherwise)
        double waitNanos;   // waitFraction × interval (from timed waits)
        long exactWaitNanos;

        ThreadTotals(String name) {
            this.name = name;
        }

        double heldShare() {
            return intervalNanos > 0 ? heldNanos / intervalNanos : 0;
        }

        double waitShare() {
            return intervalNanos > 0 ? waitNanos / intervalNanos : 0;
        }
    }

    // jgil.Statistics
    int statisticsEvents;
    double statsIntervalNanos;
    double statsWaitNanos; // Σ waitFraction × interval
    long tickDrops;
    long tickDropsWonBack;

    // jgil.ThreadStatistics
    final Map<String, ThreadTotals> threads = new LinkedHashMap<>();

    // jgil.ContendedAcquire
    final List<Wait> waits = new ArrayList<>();

    // jgil.Configuration (the latest one: re-committed after each run-time change, so it is what was in force at the end)
    Map<String, Object> configuration;
    private long configurationTime = Long.MIN_VALUE;

    /** jgil.ConfigurationChange events in time order, as "policy switch → off" / "interval 5 ms → 1 ms". */
    final List<String> changes = new ArrayList<>();
    /** The policies in force one after the other ("switch → off → switch"); empty without changes. */
    final List<String> policyPath = new ArrayList<>();

    int holdEvents;
    /** jdk.CPUInformation hwThreads, 0 if absent. */
    int hardwareThreads;

    private final Map<IType<?>, Map<String, IMemberAccessor<?, IItem>>> accessors = new HashMap<>();

    static JgilData read(IItemCollection items) {
        JgilData d = new JgilData();
        d.load(items);
        return d;
    }

    /** Whether the recording holds any jgil event at all. */
    boolean hasJgilEvents() {
        return statisticsEvents > 0 || !threads.isEmpty() || !waits.isEmpty() || configuration != null
                || holdEvents > 0;
    }

    private void load(IItemCollection items) {
        for (IItem it : items(items, JgilSchema.STATISTICS)) {
            statisticsEvents++;
            double interval = nanos(it, JgilSchema.ST_INTERVAL_NANOS);
            statsIntervalNanos += interval;
            statsWaitNanos += fraction(it, JgilSchema.ST_WAIT_FRACTION) * interval;
            tickDrops += (long) number(it, JgilSchema.ST_TICK_DROPS);
            tickDropsWonBack += (long) number(it, JgilSchema.ST_TICK_DROPS_WON_BACK);
        }
        for (IItem it : items(items, JgilSchema.THREAD_STATISTICS)) {
            String name = threadName(get(it, JgilSchema.TS_THREAD));
            Object n = get(it, JgilSchema.TS_THREAD_NAME);
            if (n instanceof String s && !s.isEmpty()) name = s;
            if (name == null) name = "(unknown thread)";
            ThreadTotals t = threads.computeIfAbsent(name, ThreadTotals::new);
            double interval = nanos(it, JgilSchema.TS_INTERVAL_NANOS);
            t.intervalNanos += interval;
            t.heldNanos += fraction(it, JgilSchema.TS_HELD_FRACTION) * interval;
            t.waitNanos += fraction(it, JgilSchema.TS_WAIT_FRACTION) * interval;
            t.exactWaitNanos += (long) nanos(it, JgilSchema.TS_WAIT_NANOS);
        }
        for (IItem it : items(items, JgilSchema.CONTENDED_ACQUIRE)) {
            Object cause = get(it, JgilSchema.CA_CAUSE);
            waits.add(new Wait(threadName(get(it, JgilSchema.EVENT_THREAD)), threadName(get(it, JgilSchema.CA_BLOCKED_BY)),
                    cause == null ? "" : cause.toString(), (long) nanos(it, JgilSchema.CA_WAIT_NANOS),
                    site(get(it, JgilSchema.STACK_TRACE))));
        }
        for (IItem it : items(items, JgilSchema.CONFIGURATION)) {
            long time = epochNanos(it, JgilSchema.START_TIME);
            if (time < configurationTime) continue; // items come per chunk and type, not in time order
            configurationTime = time;
            Map<String, Object> c = new LinkedHashMap<>();
            for (String f : new String[] {JgilSchema.CF_POLICY, JgilSchema.CF_ACCOUNTING, JgilSchema.CF_INCLUDE,
                    JgilSchema.CF_EXCLUDE, JgilSchema.CF_RELEASE, JgilSchema.CF_ANNOTATION, JgilSchema.CF_VERSION}) {
                Object v = get(it, f);
                c.put(f, v == null ? "" : v.toString());
            }
            c.put(JgilSchema.CF_INTERVAL_NANOS, nanos(it, JgilSchema.CF_INTERVAL_NANOS));
            configuration = c;
        }
        List<IItem> changeItems = items(items, JgilSchema.CONFIGURATION_CHANGE);
        changeItems.sort((a, b) -> Long.compare(epochNanos(a, JgilSchema.START_TIME), epochNanos(b, JgilSchema.START_TIME)));
        for (IItem it : changeItems) {
            String from = String.valueOf(get(it, JgilSchema.CC_OLD_POLICY)), to = String.valueOf(get(it, JgilSchema.CC_NEW_POLICY));
            double a = nanos(it, JgilSchema.CC_OLD_INTERVAL_NANOS), b = nanos(it, JgilSchema.CC_NEW_INTERVAL_NANOS);
            if (policyPath.isEmpty()) policyPath.add(from);
            if (!from.equals(to)) {
                changes.add("policy " + from + " → " + to);
                policyPath.add(to);
            } else if (a != b) {
                changes.add("interval " + JgilRule.ms(a) + " → " + JgilRule.ms(b));
            }
        }
        holdEvents = items(items, JgilSchema.HOLD).size();
        for (IItem it : items(items, "jdk.CPUInformation")) {
            hardwareThreads = Math.max(hardwareThreads, (int) number(it, "hwThreads"));
        }
    }

    String config(String field) {
        Object v = configuration == null ? null : configuration.get(field);
        return v == null ? "" : v.toString();
    }

    /** The switch interval from jgil.Configuration, ns; 0 if unknown. */
    double switchIntervalNanos() {
        Object v = configuration == null ? null : configuration.get(JgilSchema.CF_INTERVAL_NANOS);
        return v instanceof Double x ? x : 0;
    }

    // ---- generic item access by field name ----

    private static List<IItem> items(IItemCollection items, String typeId) {
        List<IItem> out = new ArrayList<>();
        for (IItemIterable iterable : items.apply(ItemFilters.type(typeId))) {
            for (IItem item : iterable) {
                out.add(item);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object get(IItem item, String field) {
        IType<IItem> type = (IType<IItem>) item.getType();
        Map<String, IMemberAccessor<?, IItem>> byName = accessors.computeIfAbsent(type, t -> {
            Map<String, IMemberAccessor<?, IItem>> m = new HashMap<>();
            for (IAccessorKey<?> key : type.getAccessorKeys().keySet()) {
                IMemberAccessor<?, IItem> a = type.getAccessor(key);
                if (a != null) m.put(key.getIdentifier(), a);
            }
            return m;
        });
        IMemberAccessor<?, IItem> a = byName.get(field);
        return a == null ? null : a.getMember(item);
    }

    private double nanos(IItem item, String field) {
        Object v = get(item, field);
        if (v instanceof IQuantity q) {
            if (q.getUnit().getContentType() == UnitLookup.TIMESPAN) return q.doubleValueIn(UnitLookup.NANOSECOND);
            return q.doubleValue();
        }
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private long epochNanos(IItem item, String field) {
        Object v = get(item, field);
        if (v instanceof IQuantity q && q.getUnit().getContentType() == UnitLookup.TIMESTAMP) {
            return q.clampedLongValueIn(UnitLookup.EPOCH_NS);
        }
        return v instanceof Number n ? n.longValue() : 0;
    }

    private double fraction(IItem item, String field) {
        Object v = get(item, field);
        if (v instanceof IQuantity q) {
            if (q.getUnit().getContentType() == UnitLookup.PERCENTAGE) return q.doubleValueIn(UnitLookup.PERCENT_UNITY);
            return q.doubleValue();
        }
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private double number(IItem item, String field) {
        Object v = get(item, field);
        if (v instanceof IQuantity q) return q.doubleValue();
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static String threadName(Object v) {
        if (v instanceof IMCThread t) return t.getThreadName();
        return v == null ? null : v.toString();
    }

    /** First frame outside the GIL's and the recorder's own code (same filter as the reports module). */
    static String site(Object v) {
        if (!(v instanceof IMCStackTrace st) || st.getFrames() == null) return null;
        for (IMCFrame f : st.getFrames()) {
            if (f == null || f.getMethod() == null || f.getMethod().getType() == null) continue;
            String cls = f.getMethod().getType().getFullName();
            if (internal(cls)) continue;
            Integer line = f.getFrameLineNumber();
            return cls + "." + f.getMethod().getMethodName() + (line != null && line > 0 ? ":" + line : "");
        }
        return null;
    }

    static boolean internal(String cls) {
        return cls.startsWith("dev.jgil.runtime.") || cls.startsWith("jdk.jfr.")
                || (cls.startsWith("dev.jgil.recording.") && (cls.endsWith("Event") || cls.endsWith("RecordingListener")
                        || cls.endsWith("Sampler") || cls.endsWith("GilRecording")));
    }
}
