package com.acme.apps.select;

import com.acme.apps.Probe;

/** A designated constructor that throws after super(): its exit must still run. */
public final class Thrower {
    public Thrower(boolean fail) {
        if (Probe.held() && fail) throw new IllegalStateException("thrown while holding the GIL");
    }

    public static boolean fail() {
        throw new IllegalStateException("thrown from a designated method");
    }
}
