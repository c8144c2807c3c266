package com.acme.apps.attach;

/** A loop that calls nothing designated and never returns: retransformation cannot reach its frame. */
public final class Spin {
    static volatile long rounds;

    private Spin() {
    }

    static void spin() {
        long x = 0;
        while (true) {
            x = x * 31 + 7;
            rounds++;
            if (x == 42) return; // never: keeps the loop from being provably infinite
        }
    }
}
