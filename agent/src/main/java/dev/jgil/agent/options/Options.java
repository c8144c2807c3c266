package dev.jgil.agent.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed agent options. {@code -javaagent:jgil-agent.jar=include=com.acme.**,policy=fifo}; the same
 * {@code key=value} pairs may come one per line from {@code config=FILE}. Pairs apply in order, so a
 * later one overrides an earlier one (including those read from a config file).
 */
public final class Options {
    private final Map<OptionSpec<?>, Object> values;
    private final Map<String, String> texts;

    private Options(Map<OptionSpec<?>, Object> values, Map<String, String> texts) {
        this.values = values;
        this.texts = texts;
    }

    /** The value of an option, or its default. */
    @SuppressWarnings("unchecked")
    public <T> T get(OptionSpec<T> spec) {
        if (values.containsKey(spec)) return (T) values.get(spec);
        return spec.defaultText().isEmpty() ? emptyValue(spec) : spec.parse(spec.defaultText());
    }

    @SuppressWarnings("unchecked")
    private static <T> T emptyValue(OptionSpec<T> spec) {
        try {
            return spec.parse("");
        } catch (IllegalArgumentException e) {
            return null; // no default and no empty form (e.g. config)
        }
    }

    /** Whether the option was given (rather than defaulted). */
    public boolean isSet(OptionSpec<?> spec) {
        return values.containsKey(spec);
    }

    /** The options as given, {@code key=value,...}, for messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            if (sb.length() > 0) sb.append(',');
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** Parses the agent argument string; null or empty means "no options". */
    public static Options parse(String agentArgs) throws OptionsException {
        List<String[]> pairs = new ArrayList<>();
        boolean strict = false;
        String malformed = null;
        if (agentArgs != null) {
            for (String item : agentArgs.split(",")) {
                if (item.trim().isEmpty()) continue;
                String[] kv = splitPair(item);
                if (kv == null) {
                    if (malformed == null) malformed = item.trim();
                    continue;
                }
                pairs.add(kv);
            }
        }
        // strict decides what happens to errors, so find it before reporting any (a later strict=true
        // applies to an earlier mistake too).
        for (String[] kv : pairs) {
            if (kv[0].equals(OptionTable.STRICT.key())) strict = "true".equalsIgnoreCase(kv[1].trim());
        }
        if (malformed != null) {
            throw new OptionsException("bad option '" + malformed + "' (expected key=value; valid keys: "
                    + OptionTable.keyList() + ")", strict);
        }
        Map<OptionSpec<?>, Object> values = new IdentityHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (String[] kv : pairs) {
            if (kv[0].equals(OptionTable.CONFIG.key())) {
                List<String[]> fromFile = readConfig(kv[1].trim(), strict);
                for (String[] f : fromFile) {
                    if (f[0].equals(OptionTable.STRICT.key())) strict |= "true".equalsIgnoreCase(f[1].trim());
                }
                for (String[] f : fromFile) {
                    if (f[0].equals(OptionTable.CONFIG.key())) {
                        throw new OptionsException("bad option 'config' in config file " + kv[1].trim()
                                + " (valid: config= only in the agent arguments, files do not nest)", strict);
                    }
                    apply(f, values, texts, strict);
                }
            } else {
                apply(kv, values, texts, strict);
            }
        }
        Options o = new Options(values, texts);
        if (o.get(OptionTable.INCLUDE).isEmpty() && o.get(OptionTable.ANNOTATION).isEmpty()) {
            throw new OptionsException("nothing designated: include= is empty and no annotation= given (valid: "
                    + "e.g. include=com.acme.** or annotation=com.acme.Designated)", strict);
        }
        return o;
    }

    private static String[] splitPair(String item) {
        int eq = item.indexOf('=');
        if (eq <= 0) return null;
        String key = item.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
        if (key.isEmpty()) return null;
        return new String[] {key, item.substring(eq + 1)};
    }

    private static void apply(String[] kv, Map<OptionSpec<?>, Object> values, Map<String, String> texts,
                              boolean strict) throws OptionsException {
        OptionSpec<?> spec = OptionTable.byKey(kv[0]);
        if (spec == null) {
            throw new OptionsException("unknown option '" + kv[0] + "' (valid: " + OptionTable.keyList() + ")", strict);
        }
        String text = kv[1].trim();
        try {
            values.put(spec, spec.parse(text));
            texts.put(spec.key(), text);
        } catch (IllegalArgumentException e) {
            throw new OptionsException("bad value '" + text + "' for " + spec.key() + " (valid: " + e.getMessage() + ")",
                    strict);
        }
    }

    /**
     * A comment starts with a '#' at the line start or after whitespace; a '#' inside a word is the
     * method separator of a glob ({@code include=com.acme.Parser#parse*}).
     */
    static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static List<String[]> readConfig(String file, boolean strict) throws OptionsException {
        Path path = Paths.get(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new OptionsException("bad value '" + file + "' for config (valid: a readable file of key=value "
                    + "lines; " + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", strict);
        }
        List<String[]> out = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = stripComment(raw).trim();
            if (line.isEmpty()) continue;
            String[] kv = splitPair(line);
            if (kv == null) {
                throw new OptionsException("bad line " + n + " '" + line + "' in config file " + file
                        + " (expected key=value; valid keys: " + OptionTable.keyList() + ")", strict);
            }
            out.add(kv);
        }
        return Collections.unmodifiableList(out);
    }
}
