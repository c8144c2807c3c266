package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A process that records a GIL workload and then ends in the way the test asks: {@code return} from main,
 * {@code exit} (System.exit), or {@code wait} (prints READY and waits to be signalled).
 * Args: mode key=value... (recording options).
 */
public final class ExitMain {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        AgentOptions options = new AgentOptions();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.set(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        GilLock lock = new GilLock();
        GilRecording.start(lock, options);
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                for (;;) {
                    ThreadState s = lock.enter();
                    try {
                        long end = System.nanoTime() + 2_000_000;
                        while (System.nanoTime() < end) lock.checkpoint();
                    } finally {
                        lock.exit(s);
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            }, "worker-" + i);
            t.setDaemon(true); // the process ends when main does
            t.start();
        }
        Thread.sleep(700);
        switch (mode) {
            case "return":
                return;
            case "exit":
                System.exit(3);
                break;
            case "wait":
                System.out.println("READY");
                System.out.flush();
                Thread.sleep(60_000);
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
    }
}
