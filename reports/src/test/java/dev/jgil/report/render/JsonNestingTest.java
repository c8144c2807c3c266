package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The flame graph's tree is written as nested objects and arrays, two levels per frame: a 32-frame stack under the
 * root and a JVM's node nests ~70 deep (a real-engine report overflowed a fixed 64).
 */
class JsonNestingTest {
    @Test
    void objectsAndArraysNestAsDeepAsTheTreeGoes() {
        StringBuilder sb = new StringBuilder();
        Json j = new Json(sb);
        int depth = 300;
        for (int i = 0; i < depth; i++) j.beginObject().field("d", i).name("c").beginArray();
        for (int i = 0; i < depth; i++) j.endArray().endObject();
        String expected = "{\"d\":0,\"c\":[{\"d\":1,\"c\":[";
        assertEquals(expected, sb.substring(0, expected.length()));
        assertEquals("]}".repeat(depth), sb.substring(sb.length() - 2 * depth));
        assertEquals(depth, count(sb.toString(), "\"c\":["));
        assertEquals(depth - 1, count(sb.toString(), "[{"), "each nested object follows its parent's array, no comma");
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }
}
