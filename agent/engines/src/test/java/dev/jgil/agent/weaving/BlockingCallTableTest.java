package dev.jgil.agent.weaving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's blocking-call table is {@link BlockingReleases}' table: the same types, the same methods, the same
 * release rule; and the column of the JDK running this test says what that JDK really has (absent types, native
 * overloads that cannot carry advice). CI runs it on 17 and on 25, so both columns are checked.
 */
class BlockingCallTableTest {
    private static final String HEADER = "| JDK type | methods released at entry | release | JDK 17 | JDK 21+ |";
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    /** One README row: type, methods, release rule, JDK 17 column, JDK 21+ column. */
    record Row(String type, Set<String> methods, String release, String jdk17, String jdk21) {
    }

    static Map<String, Row> readmeTable() throws Exception {
        List<String> lines = Files.readAllLines(Paths.get(System.getProperty("jgil.readme", "../../README.md")), StandardCharsets.UTF_8);
        int h = lines.indexOf(HEADER);
        assertTrue(h >= 0, "the README has the blocking-call table (" + HEADER + ")");
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = h + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] c = lines.get(i).split("\\|");
            assertEquals(6, c.length, "five cells: " + lines.get(i));
            String type = ticked(c[1]).get(0);
            rows.put(type, new Row(type, new TreeSet<>(ticked(c[2])), c[3].trim(), c[4].trim(), c[5].trim()));
        }
        return rows;
    }

    static List<String> ticked(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = TICKED.matcher(cell);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The code's table: type → (methods, release rule as the README words it). */
    static Map<String, Row> codeTable() {
        Map<String, Row> code = new LinkedHashMap<>();
        BlockingReleases.TARGETS.forEach((t, ms) -> code.put(t, new Row(t, new TreeSet<>(ms), "always", null, null)));
        code.put(BlockingReleases.SELECTOR_TYPE, new Row(BlockingReleases.SELECTOR_TYPE, new TreeSet<>(Set.of(BlockingReleases.SELECTOR_METHOD)),
                "unless the timeout is 0 (`selectNow`)", null, null));
        BlockingReleases.FILE_STREAM_TARGETS.forEach((t, ms) -> code.put(t, new Row(t, new TreeSet<>(ms), "outside class loading", null, null)));
        return code;
    }

    @Test
    void theReadmeTableListsEveryTypeAndMethodTheCodeReleasesAndNothingElse() throws Exception {
        Map<String, Row> readme = readmeTable();
        Map<String, Row> code = codeTable();
        assertEquals(code.keySet().stream().sorted().toList(), readme.keySet().stream().sorted().toList(), "the same types");
        for (Row c : code.values()) {
            Row r = readme.get(c.type());
            assertEquals(c.methods(), r.methods(), "the same methods of " + c.type());
            assertEquals(c.release(), r.release(), "the same release rule for " + c.type());
        }
    }

    @Test
    void theColumnOfThisJdkSaysWhichTypesAreAbsentAndWhichOverloadsAreNative() throws Exception {
        int feature = Runtime.version().feature();
        for (Row r : readmeTable().values()) {
            String column = feature >= 21 ? r.jdk21() : feature == 17 ? r.jdk17() : null;
            if (column == null) return; // JDK 18-20: no column to check
            String actual = actual(r.type(), r.methods());
            assertEquals(actual, column, "JDK " + feature + " column of " + r.type());
        }
    }

    /** What this JDK has, worded as the README's columns: "absent", "all", or "all but native `m(args)` ...". */
    static String actual(String type, Set<String> methods) {
        Class<?> c;
        try {
            c = Class.forName(type, false, null);
        } catch (ClassNotFoundException e) {
            return "absent";
        }
        List<String> natives = new ArrayList<>();
        for (String name : methods) {
            boolean advisable = false;
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(name)) continue;
                if (Modifier.isNative(m.getModifiers()) || Modifier.isAbstract(m.getModifiers())) {
                    natives.add("`" + name + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                            .collect(Collectors.joining(", ")) + ")`");
                } else {
                    advisable = true;
                }
            }
            assertTrue(advisable, type + "." + name + " has no overload that can carry advice on JDK " + Runtime.version().feature());
        }
        natives.sort(null);
        return natives.isEmpty() ? "all" : "all but native " + String.join(" ", natives);
    }
}
