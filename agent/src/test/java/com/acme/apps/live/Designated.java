package com.acme.apps.live;

/** Designated by the tests ({@code include=...;com.acme.apps.live.Designated}). */
public final class Designated {
    private Designated() {
    }

    public static int meet() {
        return Overlap.arriveAndWait();
    }
}
