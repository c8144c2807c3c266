package com.acme.apps.cpu;

import dev.jgil.runtime.Gil;
import dev.jgil.runtime.GilPolicy;

/**
 * Two threads stay inside one long designated call ({@link Work#crunch}) while the policy changes under
 * them: off, then switch, then off again, 400 ms each. Prints, per phase, the hot path in use
 * ({@code fastOff=}) and the oracle's verdict for that phase ({@code maxInside=}, {@code notHeld=}).
 * Run with the agent only ({@code include=com.acme.apps.cpu.Work,policy=off}); argument {@code nested}: the work in a
 * nested designated call ({@link Work#crunchNested}).
 */
public final class PolicySwitchApp {
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        long warmEnd = System.nanoTime() + 300_000_000L;
        boolean nested = args.length > 0 && args[0].equals("nested"); // the work two designated frames deep
        while (System.nanoTime() < warmEnd) sink = nested ? Work.crunchNested(4) : Work.crunch(4); // compiled under off
        Thread[] ts = new Thread[2];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> sink = nested ? Work.crunchNested(Integer.MAX_VALUE) : Work.crunch(Integer.MAX_VALUE),
                    "crunch-" + i); // never returns by itself
            ts[i].setDaemon(true);
            ts[i].start();
        }
        phase("off1");
        Gil.lock().setPolicy(GilPolicy.SWITCH);
        phase("switch");
        Gil.lock().setPolicy(GilPolicy.OFF);
        phase("off2");
        System.exit(0); // the crunching threads never finish
    }

    /** 400 ms; a phase under off runs on until the oracle saw both threads at once (5 s at most: a busy machine). */
    private static void phase(String name) throws InterruptedException {
        Thread.sleep(50); // the change reaches both threads at their next checkpoint
        Section.resetWhileRunning();
        Thread.sleep(400);
        long giveUp = System.nanoTime() + 5_000_000_000L;
        while (name.startsWith("off") && Section.MAX_INSIDE.get() < 2 && System.nanoTime() < giveUp) Thread.sleep(50);
        System.out.println(name + ".fastOff=" + Gil.lock().fastOffBodies());
        System.out.println(name + ".maxInside=" + Section.MAX_INSIDE.get());
        System.out.println(name + ".notHeld=" + Section.NOT_HELD.get());
        System.out.println(name + ".checks=" + Section.CHECKS.get());
    }
}
