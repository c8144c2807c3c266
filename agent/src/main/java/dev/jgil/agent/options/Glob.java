package dev.jgil.agent.options;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A designation pattern: a class glob, optionally followed by {@code #} and a method-name glob.
 * <ul>
 *   <li>{@code com.acme.**} — every class in {@code com.acme} and its subpackages;</li>
 *   <li>{@code com.acme.*} — one name segment: classes directly in {@code com.acme} (nested classes
 *       included, {@code $} is not a separator);</li>
 *   <li>{@code com.acme.*Service} — {@code *} and {@code ?} within a segment;</li>
 *   <li>{@code com.acme.Parser#parse*} — methods whose name matches, {@code #<init>} for constructors.</li>
 * </ul>
 */
public final class Glob {
    public static final String SYNTAX = "class globs like com.acme.** (package and subpackages), com.acme.* "
            + "(one segment), com.acme.*Service, or method globs like com.acme.Parser#parse*, separated by ';'";

    private final String text;
    private final String classGlob;
    /** Non-null when the class glob is a plain {@code prefix.**}: matched without a regex. */
    private final String packagePrefix;
    private final Pattern classPattern;
    private final Pattern methodPattern; // null: all methods

    private Glob(String text, String classGlob, String packagePrefix, Pattern classPattern, Pattern methodPattern) {
        this.text = text;
        this.classGlob = classGlob;
        this.packagePrefix = packagePrefix;
        this.classPattern = classPattern;
        this.methodPattern = methodPattern;
    }

    /** Parses {@code a;b;c}, skipping empty entries. */
    public static List<Glob> parseList(String text) {
        List<Glob> out = new ArrayList<>();
        for (String part : text.split(";")) {
            String p = part.trim();
            if (!p.isEmpty()) out.add(parse(p));
        }
        return Collections.unmodifiableList(out);
    }

    public static Glob parse(String text) {
        int hash = text.indexOf('#');
        String cls = hash < 0 ? text : text.substring(0, hash);
        String method = hash < 0 ? null : text.substring(hash + 1);
        if (!validClassGlob(cls) || (method != null && !validMethodGlob(method))) {
            throw new IllegalArgumentException(SYNTAX);
        }
        String prefix = null;
        if (cls.endsWith(".**")) {
            String head = cls.substring(0, cls.length() - 2); // keeps the dot: "com.acme."
            if (head.indexOf('*') < 0 && head.indexOf('?') < 0) prefix = head;
        }
        return new Glob(text, cls, prefix, prefix == null ? Pattern.compile(classRegex(cls)) : null,
                method == null ? null : Pattern.compile(methodRegex(method)));
    }

    private static boolean validClassGlob(String g) {
        if (g.isEmpty() || g.startsWith(".") || g.endsWith(".") || g.contains("..") || g.contains("***")) return false;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '.' || c == '*' || c == '?')) return false;
        }
        return true;
    }

    private static boolean validMethodGlob(String g) {
        if (g.equals("<init>")) return true;
        if (g.isEmpty()) return false;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '*' || c == '?')) return false;
        }
        return true;
    }

    private static String classRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^.]*");
                }
            } else if (c == '?') {
                re.append("[^.]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    private static String methodRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return re.toString();
    }

    /** Whether the class part matches a binary class name ({@code com.acme.Outer$Inner}). */
    public boolean matchesClass(String className) {
        if (packagePrefix != null) return className.startsWith(packagePrefix);
        return classPattern.matcher(className).matches();
    }

    /** True for {@code Class#method} globs: they designate single methods, not whole classes. */
    public boolean hasMethodPart() {
        return methodPattern != null;
    }

    /** Whether the method part matches (always true without one). Constructors are named {@code <init>}. */
    public boolean matchesMethod(String methodName) {
        return methodPattern == null || methodPattern.matcher(methodName).matches();
    }

    public String classGlob() {
        return classGlob;
    }

    @Override
    public String toString() {
        return text;
    }
}
