package com.acme.apps.select;

import com.acme.apps.Probe;

/** Method globs: tests designate Parser#parse* and Parser#<init>, and exclude Parser#parseSkipped. */
public final class Parser {
    final boolean heldInConstructor;

    public Parser() {
        heldInConstructor = Probe.held();
    }

    public boolean parseHeader() {
        return Probe.held();
    }

    public boolean parseBody() {
        return Probe.held();
    }

    public boolean parseSkipped() {
        return Probe.held();
    }

    public boolean format() {
        return Probe.held();
    }
}
