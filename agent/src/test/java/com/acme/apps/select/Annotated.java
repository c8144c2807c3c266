package com.acme.apps.select;

import com.acme.apps.Probe;

/** annotation=: only the annotated method. */
public final class Annotated {
    @Designated
    public static boolean marked() {
        return Probe.held();
    }

    public static boolean unmarked() {
        return Probe.held();
    }
}
