package com.acme.woven;

/** A JFR event in an otherwise designated package: JFR instruments it itself, jgil must leave it alone. */
public class SomeEvent extends jdk.jfr.Event {
    long value;

    public void record(long v) {
        value = v;
    }
}
