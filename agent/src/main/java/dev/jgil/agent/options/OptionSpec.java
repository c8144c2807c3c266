package dev.jgil.agent.options;

import java.util.Objects;

/**
 * One agent option: its key, default, value syntax, description and parser. The {@link OptionTable}
 * is a list of these; parsing, validation and {@code --help} are all driven from it, so adding an
 * option is adding one row.
 *
 * @param <T> the parsed value type
 */
public final class OptionSpec<T> {
    /** Turns the option's text into a value, or throws {@link IllegalArgumentException} with the valid choices. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    private final String key;
    private final String defaultText;
    private final String syntax;
    private final String description;
    private final Parser<T> parser;
    private final boolean internal;

    private OptionSpec(String key, String defaultText, String syntax, String description, Parser<T> parser,
                       boolean internal) {
        this.key = Objects.requireNonNull(key);
        this.defaultText = Objects.requireNonNull(defaultText);
        this.syntax = Objects.requireNonNull(syntax);
        this.description = Objects.requireNonNull(description);
        this.parser = Objects.requireNonNull(parser);
        this.internal = internal;
    }

    /**
     * @param key         the option name, lower case
     * @param defaultText the default as the user would write it ("" for none); it must parse
     * @param syntax      the valid values, shown in errors and {@code --help} (e.g. {@code switch|ticks|fifo|off})
     * @param description one line for {@code --help}
     */
    public static <T> OptionSpec<T> of(String key, String defaultText, String syntax, String description,
                                       Parser<T> parser) {
        return new OptionSpec<>(key, defaultText, syntax, description, parser, false);
    }

    /** An option for measurements and diagnostics: listed in {@code --help} under its own heading. */
    public static <T> OptionSpec<T> internal(String key, String defaultText, String syntax, String description,
                                             Parser<T> parser) {
        return new OptionSpec<>(key, defaultText, syntax, description, parser, true);
    }

    public String key() {
        return key;
    }

    public String defaultText() {
        return defaultText;
    }

    public String syntax() {
        return syntax;
    }

    public String description() {
        return description;
    }

    public boolean isInternal() {
        return internal;
    }

    /** Parses a value; the message of the thrown exception is the "valid: ..." part of the error line. */
    public T parse(String text) {
        return parser.parse(text);
    }

    @Override
    public String toString() {
        return key;
    }
}
