package dev.jgil.report.model;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/** {@link EventMapper}'s field readers: a field's value, or 0 / null when it is missing or of another type. */
final class Values {
    private Values() {
    }

    // The hot paths (one call per detail event) read fields with getValue: the typed getters
    // (getLong, getThread, getString) check each field for @Unsigned on every call, which costs about as
    // much as parsing the event (measured: 1.5M holds, +1 s).

    static long longValue(RecordedEvent e, String field) {
        Object o = e.getValue(field);
        return o instanceof Number ? ((Number) o).longValue() : 0;
    }

    static String stringValue(RecordedEvent e, String field) {
        Object o = e.getValue(field);
        return o instanceof String ? (String) o : null;
    }

    static RecordedThread threadValue(RecordedEvent e, String field) {
        Object o = e.getValue(field);
        return o instanceof RecordedThread ? (RecordedThread) o : null;
    }

    static long asLong(Object o) {
        return o instanceof Number ? ((Number) o).longValue() : 0;
    }

    static double asDouble(Object o) {
        return o instanceof Number ? ((Number) o).doubleValue() : 0;
    }

    static String asString(Object o) {
        return o instanceof String ? (String) o : null;
    }

    static RecordedThread asThread(Object o) {
        return o instanceof RecordedThread ? (RecordedThread) o : null;
    }
}
