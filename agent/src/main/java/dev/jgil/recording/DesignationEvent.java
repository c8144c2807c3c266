package dev.jgil.recording;

import dev.jgil.schema.Schema;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One designation pattern and what it matched so far; committed with the configuration at every chunk. */
@Name(Schema.DESIGNATION)
@Label("GIL Designation Pattern")
@Description("An include, exclude, release or annotation pattern and how many classes and methods it matched so far")
@Category({Schema.CATEGORY})
@StackTrace(false)
final class DesignationEvent extends jdk.jfr.Event {
    @Name(Schema.Designation.KIND)
    @Label("Kind")
    @Description("include, exclude, annotation or release")
    String kind;

    @Name(Schema.Designation.PATTERN)
    @Label("Pattern")
    @Description("The pattern as the option spelled it")
    String pattern;

    @Name(Schema.Designation.CLASSES_MATCHED)
    @Label("Classes Matched")
    @Description("Loaded classes the pattern matched so far")
    long classesMatched;

    @Name(Schema.Designation.METHODS_WOVEN)
    @Label("Methods Woven")
    @Description("Methods woven because of the pattern so far (0 for exclude)")
    long methodsWoven;

    @Name(Schema.GROUP)
    @Label("Group")
    @Description("The GIL the pattern designates code for: the group of a group.NAME= pattern, default for include, exclude, annotation and release")
    String group;
}
