package dev.jgil.recording;

import dev.jgil.schema.Schema;
import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A stand-in for the agent's {@code jgil.Designation} event (the weaver will emit the real one), so the fixtures show
 * the report what a pattern matched: field names and types from {@link Schema.Designation}.
 */
@Name(Schema.DESIGNATION)
@Label("GIL Designation")
@Category({Schema.CATEGORY})
@StackTrace(false)
final class DesignationFixtureEvent extends jdk.jfr.Event {
    @Name(Schema.Designation.KIND)
    String kind;
    @Name(Schema.Designation.PATTERN)
    String pattern;
    @Name(Schema.Designation.CLASSES_MATCHED)
    long classesMatched;
    @Name(Schema.Designation.METHODS_WOVEN)
    long methodsWoven;

    static void commit(String kind, String pattern, long classes, long methods) {
        DesignationFixtureEvent e = new DesignationFixtureEvent();
        e.kind = kind;
        e.pattern = pattern;
        e.classesMatched = classes;
        e.methodsWoven = methods;
        e.commit();
    }
}
