package com.acme.apps.select;

import com.acme.apps.Probe;

/** Never selected by the tests' options. */
public final class Plain {
    public static boolean run() {
        return Probe.held();
    }
}
