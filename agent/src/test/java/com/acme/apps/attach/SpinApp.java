package com.acme.apps.attach;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A thread named {@code spinner} enters {@link Spin#spin} and never leaves it; the tests designate
 * {@code com.acme.apps.attach.Spin} by attach, after the thread is inside. Prints {@code READY <pid>}
 * once it spins, then exits at the first line on stdin.
 */
public final class SpinApp {
    private SpinApp() {
    }

    public static void main(String[] args) throws Exception {
        Thread t = new Thread(Spin::spin, "spinner");
        t.setDaemon(true);
        t.start();
        while (Spin.rounds == 0) Thread.sleep(10);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
