package dev.jgil.runtime;

/** Why a hold ended. */
public enum ReleaseCause {
    /** The outermost designated method returned or threw. */
    EXIT,
    /** Released eagerly before a blocking call. */
    BLOCKING,
    /** Dropped at a checkpoint because a waiter asked (CPython's gil_drop_request). */
    FORCED_SWITCH,
    /** Dropped every {@code checkinterval} checkpoints ({@code ticks} policy, CPython &le; 3.1). */
    TICK,
    /** Taken away by the watchdog because the owner was blocked or dead. */
    WATCHDOG_HANDOFF,
    /** The policy was switched to {@code off} while held. */
    POLICY_CHANGE
}
