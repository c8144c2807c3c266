package dev.jgil.agent.options;

import dev.jgil.schema.Names;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One GIL group from the options: {@code group.NAME=globs} (its classes, designated and run under the group's own
 * lock), {@code group.NAME.policy=} and {@code group.NAME.interval=} (its lock's settings; by default the top-level
 * {@code policy=} and {@code interval=}). Keys are lower-cased like every key, so group names are too.
 */
public final class GroupOption {
    /** The prefix of every group key. */
    public static final String PREFIX = "group.";
    /** For {@code --help} and errors. */
    public static final String SYNTAX = "group.NAME=<class globs>, group.NAME.policy=<" + Names.POLICY_SYNTAX
            + ">, group.NAME.interval=<duration>";
    static final String HELP = "One GIL per group (like one GIL per interpreter, PEP 684): the classes a group's globs "
            + "name are designated and run under that group's own lock, so two groups run in parallel while each is "
            + "serialized; other designated code stays under the default GIL. NAME: a letter, then letters, digits, '_' or "
            + "'-' (at most 32). A class matched by two groups belongs to the first one given. A thread that calls from one "
            + "group into another holds both locks; the locks are ordered (the default GIL, then the groups as given) and a "
            + "thread never waits for one while holding a later one: it gives the later one up first, as a blocking call "
            + "would.";
    private static final Pattern NAME = Pattern.compile(Names.GROUP_NAME_SYNTAX);

    public final String name;
    public List<Glob> globs = List.of();
    /** Null: the top-level {@code policy=}. */
    public String policy;
    /** 0: the top-level {@code interval=}. */
    public long intervalNanos;

    GroupOption(String name) {
        this.name = name;
    }

    /** Whether {@code key} is a group key ({@code group.NAME...}). */
    public static boolean isGroupKey(String key) {
        return key.startsWith(PREFIX);
    }

    /**
     * Applies {@code group.NAME[.policy|.interval]=text} to {@code groups}.
     *
     * @throws IllegalArgumentException one line naming the key, the value and what is valid
     */
    static void apply(Map<String, GroupOption> groups, String key, String text) {
        String rest = key.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        String setting = dot < 0 ? "" : rest.substring(dot + 1);
        if (!NAME.matcher(name).matches() || name.equals(Names.DEFAULT_GROUP)) {
            throw new IllegalArgumentException("bad group name '" + name + "' in " + key + " (valid: a letter, then letters, "
                    + "digits, '_' or '-', at most 32, not '" + Names.DEFAULT_GROUP + "'; keys: " + SYNTAX + ")");
        }
        if (!setting.isEmpty() && !setting.equals("policy") && !setting.equals("interval")) {
            throw new IllegalArgumentException("unknown group setting '" + setting + "' (valid: " + SYNTAX + ")");
        }
        GroupOption g = groups.computeIfAbsent(name, GroupOption::new);
        try {
            if (setting.equals("policy")) {
                g.policy = AgentOptions.policyName(text);
            } else if (setting.equals("interval")) {
                g.intervalNanos = AgentOptions.duration(text, Option.MIN_INTERVAL_NANOS); // the same floor as interval=
            } else {
                List<Glob> globs = Glob.parseList(text);
                for (Glob gl : globs) {
                    if (gl.hasMethodPart()) throw new IllegalArgumentException("class globs only: a group is made of whole classes");
                }
                if (globs.isEmpty()) throw new IllegalArgumentException(Glob.SYNTAX);
                g.globs = globs;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad value '" + text + "' for " + key + " (valid: " + e.getMessage() + ")");
        }
    }

    /** After parsing: every group named by a setting has globs. */
    static void check(Map<String, GroupOption> groups) {
        for (GroupOption g : groups.values()) {
            if (g.globs.isEmpty()) {
                throw new IllegalArgumentException("group " + g.name + " has settings but no classes (valid: "
                        + PREFIX + g.name + "=com.acme.parser.** beside its settings)");
            }
        }
    }
}
