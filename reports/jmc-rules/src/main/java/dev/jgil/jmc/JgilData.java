package dev.jgil.jmc;

import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import dev.jgil.schema.Segments;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.openjdk.jmc.flightrecorder.JfrAttributes;

/**
 * What the rules need from a recording, read once by field name (the names of {@link Schema}), as the report's reader
 * reads it: the same sums, the same thread identity (Java thread id, else name), the same time span, so that the
 * shared computations ({@link dev.jgil.schema.Verdicts}, {@link Segments}, {@link dev.jgil.schema.ContestedDrops})
 * get the same inputs here as in the report. Fractions are 0..1, times are nanoseconds (epoch for instants).
 */
final class JgilData {

    /** One jgil.ContendedAcquire. */
    record Wait(String thread, String threadKey, String blockedBy, String cause, long startEpochNanos, long waitNanos, String site) {
    }

    /** jgil.ThreadStatistics summed over the recording for one thread. */
    static final class ThreadTotals {
        /** The latest name seen, as the report keeps it. */
        String name;
        double intervalNanos;
        double heldNanos;   // heldFraction × interval (exact under trace accounting, sampled otherwise)
        double waitNanos;   // waitFraction × interval (from timed waits)
        long contendedAcquisitions;

        ThreadTotals(String name) {
            this.name = name;
        }

        double waitShare() {
            return intervalNanos > 0 ? waitNanos / intervalNanos : 0;
        }
    }

    // jgil.Statistics
    int statisticsEvents;
    double statsIntervalNanos;
    double statsHeldNanos; // Σ heldFraction × interval
    double statsWaitNanos; // Σ waitFraction × interval
    long statsWaitSumNanos; // Σ waitNanos (timed waits)
    long tickDrops, tickDropsWonBack, forcedSwitches, watchdogHandOffs, timedHolds, contendedAcquisitions, acquisitions;
    long[] intervalEnd = new long[0], intervalLen = new long[0];

    // jgil.ThreadStatistics, by thread key (Java thread id, else name)
    final Map<String, ThreadTotals> threads = new LinkedHashMap<>();
    long[] threadIntervalEnd = new long[0], threadIntervalLen = new long[0];
    double[] threadIntervalHeld = new double[0], threadIntervalWait = new double[0];

    // jgil.ContendedAcquire, by start
    final List<Wait> waits = new ArrayList<>();
    // jgil.Hold, by start
    long[] holdStart = new long[0], holdNanos = new long[0], holdThread = new long[0];
    boolean[] holdIsDrop = new boolean[0];
    // jgil.SwitchRequest
    long[] switchRequestTime = new long[0], switchTimeToDrop = new long[0];

    // jgil.Configuration (the latest one: re-committed after each run-time change, so it is what was in force at the end)
    Map<String, Object> configuration;
    private long configurationTime = Long.MIN_VALUE;

    /** jgil.ConfigurationChange events in time order, as "policy switch → off" / "interval 5 ms → 1 ms". */
    final List<String> changes = new ArrayList<>();
    /** The policies in force one after the other ("switch → off → switch"); empty without changes. */
    final List<String> policyPath = new ArrayList<>();
    /** Configuration segments ({@link Segments}), their policies and switch intervals. */
    Segments segments;
    String[] segmentPolicy;
    long[] segmentInterval;

    int holdEvents;
    long dataLossEvents;
    /** jdk.CPUInformation hwThreads, 0 if absent. */
    int hardwareThreads;
    /** First and last instant of any jgil event, as the report computes its span. */
    private long first = Long.MAX_VALUE, last = Long.MIN_VALUE;

    private final Map<IType<?>, Map<String, IMemberAccessor<?, IItem>>> accessors = new HashMap<>();
    /**
     * The GIL read ({@link Schema#GROUP}: a jgil event is about one GIL), or null for every jgil event. A JVM run with
     * {@code group.NAME=} options has one GIL per group, each its own configuration and statistics series: read as one
     * they would add up locks that never serialized against each other.
     */
    final String group;

    private JgilData(String group) {
        this.group = group;
    }

    /** A reader of every group's items, for finding the groups ({@link GroupResults#groups}). */
    static JgilData every() {
        return new JgilData(null);
    }

    /** Every jgil event of the recording, whatever its group (a recording without groups is all one GIL). */
    static JgilData read(IItemCollection items) {
        return read(items, null);
    }

    /** The jgil events about GIL {@code group} ({@link Names#DEFAULT_GROUP} takes events without a group too). */
    static JgilData read(IItemCollection items, String group) {
        JgilData d = new JgilData(group);
        d.load(items);
        return d;
    }

    /** The GIL an item is about ({@link Names#groupOrDefault}: no group field is the default GIL). */
    String groupOf(IItem it) {
        Object g = get(it, Schema.GROUP);
        return Names.groupOrDefault(g == null ? null : g.toString());
    }

    /** Whether the recording holds any jgil event at all. */
    boolean hasJgilEvents() {
        return statisticsEvents > 0 || !threads.isEmpty() || !waits.isEmpty() || configuration != null || holdEvents > 0;
    }

    private void load(IItemCollection items) {
        loadStatistics(items);
        loadThreadStatistics(items);
        for (IItem it : items(items, Schema.CONTENDED_ACQUIRE)) {
            Object cause = get(it, Schema.ContendedAcquire.CAUSE);
            IMCThread t = get(it, Schema.EVENT_THREAD) instanceof IMCThread x ? x : null;
            long start = epochNanos(it, Schema.START_TIME), nanos = (long) nanos(it, Schema.ContendedAcquire.WAIT_NANOS);
            waits.add(new Wait(threadName(t), key(t), threadName(get(it, Schema.ContendedAcquire.BLOCKED_BY)),
                    cause == null ? "" : cause.toString(), start, nanos, site(get(it, Schema.STACK_TRACE))));
            cover(start, start + nanos);
        }
        waits.sort((a, b) -> Long.compare(a.startEpochNanos(), b.startEpochNanos()));
        loadHolds(items);
        List<IItem> requests = items(items, Schema.SWITCH_REQUEST);
        switchRequestTime = new long[requests.size()];
        switchTimeToDrop = new long[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            switchRequestTime[i] = epochNanos(requests.get(i), Schema.START_TIME);
            switchTimeToDrop[i] = (long) nanos(requests.get(i), Schema.SwitchRequest.TIME_TO_DROP_NANOS);
            cover(switchRequestTime[i], switchRequestTime[i] + switchTimeToDrop[i]);
        }
        for (IItem it : items(items, Schema.CONFIGURATION)) {
            long time = epochNanos(it, Schema.START_TIME);
            if (time < configurationTime) continue; // items come per chunk and type, not in time order
            configurationTime = time;
            Map<String, Object> c = new LinkedHashMap<>();
            for (String f : new String[] {Schema.Configuration.POLICY, Schema.Configuration.ACCOUNTING, Schema.Configuration.INCLUDE,
                    Schema.Configuration.EXCLUDE, Schema.Configuration.RELEASE, Schema.Configuration.ANNOTATION,
                    Schema.Configuration.VERSION, Schema.Configuration.JFR_SETTINGS}) {
                Object v = get(it, f);
                c.put(f, v == null ? "" : v.toString());
            }
            c.put(Schema.Configuration.INTERVAL_NANOS, nanos(it, Schema.Configuration.INTERVAL_NANOS));
            configuration = c;
        }
        loadChanges(items);
        dataLossEvents = items(items, Schema.Jdk.DATA_LOSS).size();
        for (IItem it : items(items, Schema.Jdk.CPU_INFORMATION)) {
            hardwareThreads = Math.max(hardwareThreads, (int) number(it, Schema.Jdk.HW_THREADS));
        }
    }

    private void loadStatistics(IItemCollection items) {
        List<IItem> stats = items(items, Schema.STATISTICS);
        intervalEnd = new long[stats.size()];
        intervalLen = new long[stats.size()];
        for (int i = 0; i < stats.size(); i++) {
            IItem it = stats.get(i);
            statisticsEvents++;
            double interval = nanos(it, Schema.Statistics.INTERVAL_NANOS);
            statsIntervalNanos += interval;
            statsHeldNanos += fraction(it, Schema.Statistics.HELD_FRACTION) * interval;
            statsWaitNanos += fraction(it, Schema.Statistics.WAIT_FRACTION) * interval;
            statsWaitSumNanos += (long) nanos(it, Schema.Statistics.WAIT_NANOS);
            tickDrops += (long) number(it, Schema.Statistics.TICK_DROPS);
            tickDropsWonBack += (long) number(it, Schema.Statistics.TICK_DROPS_WON_BACK);
            forcedSwitches += (long) number(it, Schema.Statistics.FORCED_SWITCHES);
            watchdogHandOffs += (long) number(it, Schema.Statistics.WATCHDOG_HAND_OFFS);
            timedHolds += (long) number(it, Schema.Statistics.TIMED_HOLDS);
            contendedAcquisitions += (long) number(it, Schema.Statistics.CONTENDED_ACQUISITIONS);
            acquisitions += (long) number(it, Schema.Statistics.ACQUISITIONS);
            intervalEnd[i] = endEpochNanos(it);
            intervalLen[i] = (long) interval;
            cover(intervalEnd[i] - intervalLen[i], intervalEnd[i]);
        }
    }

    private void loadThreadStatistics(IItemCollection items) {
        List<IItem> ts = items(items, Schema.THREAD_STATISTICS);
        threadIntervalEnd = new long[ts.size()];
        threadIntervalLen = new long[ts.size()];
        threadIntervalHeld = new double[ts.size()];
        threadIntervalWait = new double[ts.size()];
        for (int i = 0; i < ts.size(); i++) {
            IItem it = ts.get(i);
            IMCThread t = get(it, Schema.ThreadStatistics.THREAD) instanceof IMCThread x ? x : null;
            Object n = get(it, Schema.ThreadStatistics.THREAD_NAME);
            String name = n instanceof String s && !s.isEmpty() ? s : threadName(t);
            if (name == null) name = "(unknown thread)";
            long id = t != null && t.getThreadId() != null ? t.getThreadId() : (long) number(it, Schema.ThreadStatistics.THREAD_ID);
            ThreadTotals named = threads.computeIfAbsent(id > 0 ? "#" + id : "n" + name, ThreadTotals::new);
            named.name = name;
            double interval = nanos(it, Schema.ThreadStatistics.INTERVAL_NANOS);
            double held = fraction(it, Schema.ThreadStatistics.HELD_FRACTION), wait = fraction(it, Schema.ThreadStatistics.WAIT_FRACTION);
            named.intervalNanos += interval;
            named.heldNanos += held * interval;
            named.waitNanos += wait * interval;
            named.contendedAcquisitions += (long) number(it, Schema.ThreadStatistics.CONTENDED_ACQUISITIONS);
            threadIntervalEnd[i] = endEpochNanos(it);
            threadIntervalLen[i] = (long) interval;
            threadIntervalHeld[i] = held;
            threadIntervalWait[i] = wait;
        }
    }

    private void loadHolds(IItemCollection items) {
        List<IItem> holds = items(items, Schema.HOLD);
        holdEvents = holds.size();
        Map<String, Long> ids = new HashMap<>();
        long[][] rows = new long[holds.size()][];
        for (int i = 0; i < rows.length; i++) {
            IItem it = holds.get(i);
            long start = epochNanos(it, Schema.START_TIME), nanos = (long) nanos(it, Schema.Hold.HOLD_NANOS);
            IMCThread t = get(it, Schema.Hold.HOLDER) instanceof IMCThread x ? x : null;
            Object cause = get(it, Schema.Hold.RELEASE_CAUSE);
            boolean drop = Names.RELEASE_FORCED_SWITCH.equals(String.valueOf(cause)) || Names.RELEASE_TICK.equals(String.valueOf(cause));
            long thread = t == null ? -1 : ids.computeIfAbsent(key(t), k -> (long) ids.size());
            rows[i] = new long[] {start, nanos, thread, drop ? 1 : 0};
            cover(start, start + nanos);
        }
        Arrays.sort(rows, (a, b) -> Long.compare(a[0], b[0]));
        holdStart = new long[rows.length];
        holdNanos = new long[rows.length];
        holdThread = new long[rows.length];
        holdIsDrop = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            holdStart[i] = rows[i][0];
            holdNanos[i] = rows[i][1];
            holdThread[i] = rows[i][2];
            holdIsDrop[i] = rows[i][3] == 1;
        }
    }

    /** The run-time changes, and the segments they cut the recording into (as the report cuts it). */
    private void loadChanges(IItemCollection items) {
        List<IItem> changeItems = items(items, Schema.CONFIGURATION_CHANGE);
        changeItems.sort((a, b) -> Long.compare(epochNanos(a, Schema.START_TIME), epochNanos(b, Schema.START_TIME)));
        long[] at = new long[changeItems.size()];
        segmentPolicy = new String[changeItems.size() + 1];
        segmentInterval = new long[changeItems.size() + 1];
        segmentPolicy[0] = config(Schema.Configuration.POLICY);
        segmentInterval[0] = (long) switchIntervalNanos();
        for (int i = 0; i < at.length; i++) {
            IItem it = changeItems.get(i);
            at[i] = epochNanos(it, Schema.START_TIME);
            cover(at[i], at[i]);
            String from = String.valueOf(get(it, Schema.ConfigurationChange.OLD_POLICY));
            String to = String.valueOf(get(it, Schema.ConfigurationChange.NEW_POLICY));
            double a = nanos(it, Schema.ConfigurationChange.OLD_INTERVAL_NANOS), b = nanos(it, Schema.ConfigurationChange.NEW_INTERVAL_NANOS);
            if (i == 0) {
                segmentPolicy[0] = from;
                segmentInterval[0] = (long) a;
            }
            segmentPolicy[i + 1] = to;
            segmentInterval[i + 1] = (long) b;
            if (policyPath.isEmpty()) policyPath.add(from);
            if (!from.equals(to)) {
                changes.add("policy " + from + " → " + to);
                policyPath.add(to);
            } else if (a != b) {
                changes.add("interval " + JgilRule.ms(a) + " → " + JgilRule.ms(b));
            }
        }
        if (first == Long.MAX_VALUE) first = last = 0;
        segments = Segments.cutAt(first, last, at);
    }

    private void cover(long from, long to) {
        first = Math.min(first, from);
        last = Math.max(last, to);
    }

    String config(String field) {
        Object v = configuration == null ? null : configuration.get(field);
        return v == null ? "" : v.toString();
    }

    /** The switch interval from jgil.Configuration, ns; 0 if unknown. */
    double switchIntervalNanos() {
        Object v = configuration == null ? null : configuration.get(Schema.Configuration.INTERVAL_NANOS);
        return v instanceof Double x ? x : 0;
    }

    boolean tracePreset() {
        return Schema.SETTINGS_TRACE.equals(config(Schema.Configuration.JFR_SETTINGS));
    }

    /** A thread's identity as the report keys it: its Java thread id, else its name. */
    static String key(IMCThread t) {
        if (t == null) return null;
        return t.getThreadId() != null && t.getThreadId() > 0 ? "#" + t.getThreadId() : "n" + t.getThreadName();
    }

    // ---- generic item access by field name ----

    /** The items of one type; of a jgil type, only those about {@link #group} when one is asked for. */
    List<IItem> items(IItemCollection items, String typeId) {
        boolean filter = group != null && typeId.startsWith(Schema.PREFIX);
        List<IItem> out = new ArrayList<>();
        for (IItemIterable iterable : items.apply(ItemFilters.type(typeId))) {
            for (IItem item : iterable) {
                if (!filter || groupOf(item).equals(group)) out.add(item);
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

    @SuppressWarnings("unchecked")
    private static long endEpochNanos(IItem item) {
        IMemberAccessor<IQuantity, IItem> a = JfrAttributes.END_TIME.getAccessor((IType<IItem>) item.getType());
        IQuantity q = a == null ? null : a.getMember(item);
        return q == null ? 0 : q.clampedLongValueIn(UnitLookup.EPOCH_NS);
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

    /** First frame outside the GIL's and the recorder's own code ({@link Names#internalFrame}, as the report). */
    static String site(Object v) {
        if (!(v instanceof IMCStackTrace st) || st.getFrames() == null) return null;
        for (IMCFrame f : st.getFrames()) {
            if (f == null || f.getMethod() == null || f.getMethod().getType() == null) continue;
            String cls = f.getMethod().getType().getFullName();
            if (Names.internalFrame(cls)) continue;
            Integer line = f.getFrameLineNumber();
            return cls + "." + f.getMethod().getMethodName() + (line != null && line > 0 ? ":" + line : "");
        }
        return null;
    }
}
