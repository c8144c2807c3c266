package dev.jgil.runtime;

/** Why a thread was acquiring the GIL. */
public enum AcquireCause {
    /** Entering designated code from outside. */
    ENTRY,
    /** Taking it back (lazily) after it was released around a blocking call or handed off by the watchdog. */
    REACQUIRE,
    /** Taking it back after a forced switch (a drop request) or a tick drop. */
    AFTER_SWITCH
}
