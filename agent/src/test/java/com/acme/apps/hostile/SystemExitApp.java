package com.acme.apps.hostile;

import com.acme.apps.hostile.d.Exiter;

/**
 * System.exit from designated code while designated threads spin and sleep, with a shutdown hook that
 * itself runs designated code. The test asserts the exit status and that the hook ran.
 */
public final class SystemExitApp {
    private SystemExitApp() {
    }

    public static void main(String[] args) throws Exception {
        int status = Integer.parseInt(args.length > 0 ? args[0] : "42");
        Runtime.getRuntime().addShutdownHook(new Thread(Exiter::hook, "designated-hook"));
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(Exiter::spinForever, "spinner-" + i);
            t.start(); // non-daemon: only System.exit ends this JVM
        }
        Thread sleeper = new Thread(() -> {
            try {
                Exiter.sleepForever();
            } catch (InterruptedException e) {
                // exit
            }
        }, "sleeper");
        sleeper.start();
        Thread.sleep(100);
        Exiter.exit(status);
    }
}
