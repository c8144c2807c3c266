package com.acme.apps.monitor;

import com.acme.apps.Probe;

/** Runs monitor contention and a producer/consumer in designated code; prints whether all finished. */
public final class MonitorApp {
    public static void main(String[] args) throws Exception {
        Thread[] contenders = new Thread[3];
        for (int i = 0; i < contenders.length; i++) {
            contenders[i] = new Thread(() -> Shared.contend(300), "contender-" + i);
            contenders[i].start();
        }
        int n = 500;
        long[] consumed = new long[1];
        Thread producer = new Thread(() -> {
            try {
                Shared.produce(n);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "producer");
        Thread consumer = new Thread(() -> {
            try {
                consumed[0] = Shared.consume(n);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "consumer");
        producer.start();
        consumer.start();
        Thread hangReport = new Thread(() -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("HANG " + Probe.describe());
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }, "hang-report");
        hangReport.setDaemon(true);
        hangReport.start();
        for (Thread t : contenders) t.join();
        producer.join();
        consumer.join();
        System.out.println("agent=" + Probe.agent());
        System.out.println("consumedSumOk=" + (consumed[0] == (long) n * (n - 1) / 2));
        System.out.println("checks=" + Shared.CHECKS.get());
        System.out.println("notHeld=" + Shared.NOT_HELD.get());
    }
}
