package dev.jgil.schema;

/**
 * The findings' thresholds: the one definition of "contention", "serialized work", "battle", "convoy", "slow
 * drop" and "blocked owner" that the report's findings ({@code dev.jgil.report.analysis}) and the JMC rule pack
 * ({@code dev.jgil.jmc}) both judge by, through {@link Verdicts}. A finding in the HTML report and a WARNING from
 * the JMC rule of the same name mean the same thing on the same recording; the agreement test checks it on every
 * fixture. The JMC rules offer each value as a {@code TypedPreference} with this default (tunable in JMC); a test
 * compares the two sides by reflection, so a constant added here without its preference fails the build.
 *
 * <p>Names carry their unit: {@code _FRACTION} (0..1), {@code _NANOS}, {@code _COUNT}, {@code _RATIO} (×).
 * {@code _INFO_} values only grade the JMC result below a finding (JMC has an INFO level, the report does not).
 */
public final class Thresholds {
    private Thresholds() {
    }

    // ---- contention: the share of the time at least one thread waited for the GIL (jgil.Statistics waitFraction) ----
    /** A finding from this share of the observed time on. */
    public static final double CONTENTION_WAITING_FRACTION = 0.30;
    public static final double CONTENTION_INFO_WAITING_FRACTION = 0.10;

    // ---- serialized work: the speed-up bound (Σ held + Σ wait) / Σ held over threads (jgil.ThreadStatistics) ----
    /** A finding from this bound on ("up to 1.25× faster without the lock"). */
    public static final double SERIALIZED_SPEED_UP_RATIO = 1.25;
    /** The report calls it a problem (not just a warning) from this bound on. */
    public static final double SERIALIZED_PROBLEM_SPEED_UP_RATIO = 1.8;
    public static final double SERIALIZED_INFO_SPEED_UP_RATIO = 1.1;

    // ---- GIL battle: drops the dropper won straight back ----
    /** Fewer drops than this are too few to judge. */
    public static final long BATTLE_MIN_DROPS_COUNT = 20;
    /** A battle from this share of drops won back on. */
    public static final double BATTLE_WON_BACK_FRACTION = 0.5;
    public static final double BATTLE_INFO_WON_BACK_FRACTION = 0.25;

    // ---- convoy: re-acquisitions after a blocking call that waited about a switch interval ----
    /** A re-acquisition wait counts as a convoy wait from this long on ... */
    public static final long CONVOY_MIN_WAIT_NANOS = 1_000_000;
    /** ... and from this share of the switch interval in force when it began. */
    public static final double CONVOY_MIN_WAIT_INTERVAL_FRACTION = 0.25;
    /** A thread is in a convoy with at least this many convoy waits ... */
    public static final long CONVOY_MIN_WAITS_COUNT = 10;
    /** ... making up at least this share of its contended acquisitions (as a median wait of a quarter interval would). */
    public static final double CONVOY_MIN_SHARE_FRACTION = 0.5;
    public static final long CONVOY_INFO_WAITS_COUNT = 3;

    // ---- slow drops: time from a switch request to the owner's drop (jgil.SwitchRequest) ----
    public static final long SLOW_DROP_MIN_REQUESTS_COUNT = 5;
    /** Slow when the p99 time to drop reaches the switch interval in force, and at least this. */
    public static final long SLOW_DROP_MIN_NANOS = 1_000_000;

    // ---- blocked owner: the watchdog took the GIL from an owner blocked while holding it ----
    public static final long WATCHDOG_MIN_HAND_OFFS_COUNT = 1;
}
