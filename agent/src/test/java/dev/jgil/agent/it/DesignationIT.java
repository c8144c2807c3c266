package dev.jgil.agent.it;

import com.acme.apps.select.SelectionApp;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Method globs, annotations and exclude= designate exactly what they say, constructors included. */
class DesignationIT {

    @Test
    @Timeout(120)
    void methodGlobsAnnotationsAndExcludeSelectExactlyWhatTheySay() throws Exception {
        Result r = ForkedJvm.app(SelectionApp.class)
                .agent("include=com.acme.apps.select.Parser#parse*;com.acme.apps.select.Parser#<init>;"
                        + "com.acme.apps.select.Thrower,"
                        + "exclude=com.acme.apps.select.Parser#parseSkipped,"
                        + "annotation=com.acme.apps.select.Designated")
                .run();
        assertEquals(0, r.exitCode, r::toString);
        Map<String, Boolean> expected = new LinkedHashMap<>();
        expected.put("Parser.<init>", true);
        expected.put("Parser.parseHeader", true);
        expected.put("Parser.parseBody", true);
        expected.put("Parser.parseSkipped", false); // excluded method
        expected.put("Parser.format", false); // glob does not match
        expected.put("Annotated.marked", true); // CLASS-retention annotation on the method
        expected.put("Annotated.unmarked", false);
        expected.put("WholeClass.one", true); // annotated class: all methods
        expected.put("WholeClass.two", true);
        expected.put("Plain.run", false);
        expected.put("Thrower.constructorThrewHolding", true);
        expected.put("Thrower.methodThrew", true);
        expected.put("main.heldAfterThrows", false); // exceptional exits returned the GIL
        assertSelection(expected, r);
        assertEquals(0, (int) r.number("main.depthAfterThrows"), () -> "exceptional exits left the depth unbalanced\n" + r);
        SerializationIT.assertNoWarnings(r);
    }

    @Test
    @Timeout(120)
    void excludeOfAClassGlobWinsOverIncludeOfItsPackage() throws Exception {
        Result r = ForkedJvm.app(SelectionApp.class)
                .agent("include=com.acme.apps.select.**,exclude=com.acme.apps.select.Parser;com.acme.apps.select.*Class;"
                        + "com.acme.apps.select.*App")
                .run();
        assertEquals(0, r.exitCode, r::toString);
        Map<String, Boolean> expected = new LinkedHashMap<>();
        expected.put("Parser.<init>", false);
        expected.put("Parser.parseHeader", false);
        expected.put("Parser.format", false);
        expected.put("Annotated.marked", true);
        expected.put("Annotated.unmarked", true);
        expected.put("WholeClass.one", false);
        expected.put("Plain.run", true);
        expected.put("main.heldAfterThrows", false); // SelectionApp itself is excluded
        assertSelection(expected, r);
    }

    private static void assertSelection(Map<String, Boolean> expected, Result r) {
        StringBuilder wrong = new StringBuilder();
        expected.forEach((k, v) -> {
            if (r.flag(k) != v) wrong.append("  ").append(k).append(": expected ").append(v).append('\n');
        });
        assertEquals("", wrong.toString(), () -> "designation differs:\n" + wrong + r);
    }
}
