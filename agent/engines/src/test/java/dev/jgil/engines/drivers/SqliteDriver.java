package dev.jgil.engines.drivers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * sqlite-jdbc (JNI) on a WAL file database: {@code threads} threads, each its own connection, insert {@code rows}
 * rows in transactions of 50 and after each commit check their own count and sum; the final count is checked too.
 */
public final class SqliteDriver {
    public static void main(String[] args) throws Exception {
        Driver driver = new Driver("sqlite");
        int threads = Driver.arg(args, "threads", 4);
        int rows = Driver.arg(args, "rows", 300);
        int batch = 50;
        // In the working directory: the test's temporary directory, removed with it.
        Path dir = Files.createTempDirectory(Path.of("."), "sqlite");
        String url = "jdbc:sqlite:" + dir.resolve("t.db");
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t(thread INTEGER, i INTEGER, payload TEXT)");
            s.execute("CREATE INDEX t_thread ON t(thread)");
        }
        AtomicInteger bad = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int id = k;
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA busy_timeout=60000");
                    }
                    c.setAutoCommit(false);
                    try (PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES(?,?,?)");
                         PreparedStatement cnt = c.prepareStatement("SELECT count(*), sum(i) FROM t WHERE thread=?")) {
                        for (int i = 0; i < rows; i++) {
                            ins.setInt(1, id);
                            ins.setInt(2, i);
                            ins.setString(3, "payload-" + id + "-" + i);
                            ins.executeUpdate();
                            if ((i + 1) % batch != 0) continue;
                            c.commit();
                            cnt.setInt(1, id);
                            try (ResultSet r = cnt.executeQuery()) {
                                r.next();
                                if (r.getLong(1) != i + 1 || r.getLong(2) != (long) i * (i + 1) / 2) {
                                    bad.incrementAndGet();
                                    System.out.println("thread " + id + " count " + r.getLong(1) + " at " + i);
                                }
                            }
                            c.commit();
                        }
                        c.commit();
                    }
                } catch (Exception e) {
                    bad.incrementAndGet();
                    System.out.println("thread " + id + " failed: " + e);
                }
            }, "sql-" + k);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) t.join();
        long total;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
            r.next();
            total = r.getLong(1);
        }
        long work = System.nanoTime() - t0;
        driver.finish(work, bad.get() == 0 && total == (long) threads * rows,
                "rows=" + total + "/" + (long) threads * rows + " bad=" + bad.get());
    }
}
