package dev.jgil.report.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedObject;

/**
 * Some fields of one event type, read by position. {@link RecordedObject#getValue(String)} finds a field by comparing
 * its name with every field before it, on every call: for a million holds that search costs more than JFR's parsing
 * of them (see benchmarks/README.md, report speed). When {@code jdk.jfr/jdk.jfr.consumer} is open to this code (the
 * CLI jar's manifest opens it) the values are read from the event's value array at positions found once per event
 * type, which are the positions of {@link RecordedObject#getFields()}; otherwise, or for a field that is not a plain
 * value, through {@code getValue} as before. Both give the same objects (a test holds them together).
 */
final class FieldIndex {
    /** The event's values, parallel to its fields; null when the module is not open to us. */
    private static final VarHandle VALUES = valuesHandle();

    private final String[] names;
    private EventType type;
    private int[] index;

    FieldIndex(String... names) {
        this.names = names;
    }

    private static VarHandle valuesHandle() {
        if (Boolean.getBoolean("jgil.report.byName")) return null; // for the test that compares both ways
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(RecordedObject.class, MethodHandles.lookup());
            return l.findVarHandle(RecordedObject.class, "objects", Object[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not opened (a test, an embedding), or a JDK that keeps them elsewhere: by name
        }
    }

    /** Whether fields are read by position in this JVM. */
    static boolean byPosition() {
        return VALUES != null;
    }

    /** The raw values of {@code e} if they can be read by position, else null (then {@link #get} reads by name). */
    Object[] values(RecordedEvent e) {
        if (VALUES == null) return null;
        EventType t = e.getEventType();
        Object[] v = (Object[]) VALUES.get(e);
        if (t != type) {
            // An event keeps startTime and duration apart from its other values: the array starts after them.
            List<ValueDescriptor> fields = e.getFields();
            int skip = 0;
            while (skip < Math.min(2, fields.size()) && TIMING.contains(fields.get(skip).getName())) skip++;
            boolean parallel = v != null && v.length == fields.size() - skip;
            int[] ix = new int[names.length];
            for (int k = 0; k < names.length; k++) {
                ix[k] = -1;
                for (int i = skip; parallel && i < fields.size(); i++) {
                    ValueDescriptor d = fields.get(i);
                    // Plain values only: a struct-typed field's raw form is not what getValue returns.
                    if (d.getName().equals(names[k]) && (d.getFields().isEmpty() || "java.lang.Thread".equals(d.getTypeName()))) {
                        ix[k] = i - skip;
                    }
                }
            }
            index = ix;
            type = t;
        }
        return v;
    }

    private static final java.util.Set<String> TIMING = java.util.Set.of("startTime", "duration");

    /** Whether {@code e} has field {@code k} (an older recording may lack one): by position when known, else by name. */
    boolean has(RecordedEvent e, Object[] v, int k) {
        return (v != null && index[k] >= 0) || e.hasField(names[k]);
    }

    /** Field {@code k} (in the order given to the constructor) of {@code e}, whose {@link #values} are {@code v}. */
    Object get(RecordedEvent e, Object[] v, int k) {
        int i = v == null ? -1 : index[k];
        return i >= 0 && i < v.length ? v[i] : e.getValue(names[k]);
    }
}
