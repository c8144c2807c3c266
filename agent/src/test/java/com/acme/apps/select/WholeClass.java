package com.acme.apps.select;

import com.acme.apps.Probe;

/** annotation= on a class: all its methods. */
@Designated
public final class WholeClass {
    public static boolean one() {
        return Probe.held();
    }

    public static boolean two() {
        return Probe.held();
    }
}
