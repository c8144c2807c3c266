package com.acme.apps.bench;

/**
 * The start-up benchmark's hello world: designated when the benchmark names it, so the agent really
 * weaves it. Prints, last thing in main, the wall clock on stderr ({@code main-end-epoch-ms}): the
 * benchmark takes the process's exit (reaped) minus that as the exit time.
 */
public final class HelloExit {
    private HelloExit() {
    }

    public static void main(String[] args) {
        System.out.println(greeting("world"));
        System.err.println("main-end-epoch-ms " + System.currentTimeMillis());
    }

    static String greeting(String who) {
        return "hello " + who;
    }
}
