package dev.jgil.agent.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the agent argument string ({@code key=value,key=value}) and {@code config=FILE} into an
 * {@link AgentOptions}. Errors are one line each, worded once in {@link Option}.
 */
final class OptionParser {
    private OptionParser() {
    }

    static AgentOptions parse(String agentArgs) throws OptionsException {
        List<String[]> pairs = new ArrayList<>();
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
        boolean strict = false;
        for (String[] kv : pairs) {
            if (kv[0].equals("strict")) strict = "true".equalsIgnoreCase(kv[1].trim());
        }
        if (malformed != null) {
            throw new OptionsException("bad option '" + malformed + "' (expected key=value; valid keys: "
                    + Option.keyList() + ")", strict);
        }
        AgentOptions o = new AgentOptions();
        for (String[] kv : pairs) {
            if (kv[0].equals("config")) {
                String file = kv[1].trim();
                List<String[]> fromFile = readConfig(file, strict);
                for (String[] f : fromFile) {
                    if (f[0].equals("strict")) strict |= "true".equalsIgnoreCase(f[1].trim());
                }
                for (String[] f : fromFile) {
                    if (f[0].equals("config")) {
                        throw new OptionsException("bad option 'config' in config file " + file
                                + " (valid: config= only in the agent arguments, files do not nest)", strict);
                    }
                    apply(o, f, strict);
                }
                o.given("config", file);
            } else {
                apply(o, kv, strict);
            }
        }
        o.settle();
        return o;
    }

    private static void apply(AgentOptions o, String[] kv, boolean strict) throws OptionsException {
        if (GroupOption.isGroupKey(kv[0])) {
            String text = kv[1].trim();
            try {
                GroupOption.apply(o.groups, kv[0], text);
            } catch (IllegalArgumentException e) {
                throw new OptionsException(e.getMessage(), strict);
            }
            o.given(kv[0], text);
            return;
        }
        Option spec = Option.byKey(kv[0]);
        if (spec == null) throw new OptionsException(Option.unknown(kv[0]), strict);
        String text = kv[1].trim();
        try {
            spec.setter.set(o, text);
        } catch (IllegalArgumentException e) {
            throw new OptionsException(Option.badValue(spec, text, e), strict);
        }
        o.given(spec.key, text);
    }

    private static String[] splitPair(String item) {
        int eq = item.indexOf('=');
        if (eq <= 0) return null;
        String key = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        if (key.isEmpty()) return null;
        return new String[] {key, item.substring(eq + 1)};
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
                        + " (expected key=value; valid keys: " + Option.keyList() + ")", strict);
            }
            out.add(kv);
        }
        return out;
    }
}
