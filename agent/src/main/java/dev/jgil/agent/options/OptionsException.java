package dev.jgil.agent.options;

/** A bad option. Its message is one line meant for stderr, without the "jgil: " prefix. */
public final class OptionsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean strict;

    public OptionsException(String message, boolean strict) {
        super(message);
        this.strict = strict;
    }

    /** Whether {@code strict=true} was among the options: the JVM should stop rather than run without jgil. */
    public boolean isStrict() {
        return strict;
    }
}
