package drivers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * In-memory H2: {@code threads} threads, each with its own connection, run {@code statements} statements
 * in total (split evenly): an insert, then a select of the row just inserted, then every 10th round a
 * count of the thread's rows. Checks every select and the final row counts.
 * Usage: {@code H2Driver [threads=4] [statements=4000]} (default: 4 x 1,000).
 */
public final class H2Driver {
    public static void main(String[] args) throws Exception {
        long mainAt = Run.sinceJvmStart();
        int threads = Run.intArg(args, "threads", 4);
        int statements = Run.intArg(args, "statements", 4000);
        int perThread = statements / threads;
        String url = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";

        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item(id INT PRIMARY KEY, owner INT NOT NULL, name VARCHAR(64), price DECIMAL(10,2))");
            s.execute("CREATE INDEX item_owner ON item(owner)");
        }
        long t1 = System.nanoTime();
        Run.workStarts();
        int rounds = Run.intArg(args, "rounds", 1);
        boolean ok = true;
        String detail = "";
        StringBuilder roundMillis = new StringBuilder();
        for (int rr = 0; rr < rounds; rr++) {
        long tr = System.nanoTime();
        long cr = Run.processCpuMillis();
        if (rr > 0) {
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                 Statement s = c.createStatement()) {
                s.execute("TRUNCATE TABLE item");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int me = t;
            fs.add(pool.submit(() -> {
                long bad = 0, inserted = 0, executed = 0;
                try (Connection c = DriverManager.getConnection(url, "sa", "");
                     PreparedStatement ins = c.prepareStatement("INSERT INTO item(id, owner, name, price) VALUES (?, ?, ?, ?)");
                     PreparedStatement sel = c.prepareStatement("SELECT name, price FROM item WHERE id = ?");
                     PreparedStatement cnt = c.prepareStatement("SELECT COUNT(*), SUM(price) FROM item WHERE owner = ?")) {
                    int round = 0;
                    while (executed < perThread) {
                        int id = me * 1_000_000 + round;
                        ins.setInt(1, id);
                        ins.setInt(2, me);
                        ins.setString(3, "item-" + id);
                        ins.setBigDecimal(4, java.math.BigDecimal.valueOf(round % 1000, 2));
                        inserted += ins.executeUpdate();
                        executed++;
                        if (executed < perThread) {
                            sel.setInt(1, id);
                            try (ResultSet rs = sel.executeQuery()) {
                                if (!rs.next() || !rs.getString(1).equals("item-" + id)) bad++;
                            }
                            executed++;
                        }
                        if (round % 10 == 9 && executed < perThread) {
                            cnt.setInt(1, me);
                            try (ResultSet rs = cnt.executeQuery()) {
                                if (!rs.next() || rs.getLong(1) != round + 1) bad++;
                            }
                            executed++;
                        }
                        round++;
                    }
                }
                return new long[] {bad, inserted, executed};
            }));
        }
        long bad = 0, inserted = 0, executed = 0;
        for (Future<long[]> f : fs) {
            long[] r = f.get();
            bad += r[0];
            inserted += r[1];
            executed += r[2];
        }
        long rows;
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM item")) {
            rs.next();
            rows = rs.getLong(1);
        }
        pool.shutdown();
        ok &= bad == 0 && rows == inserted && executed == (long) perThread * threads;
        roundMillis.append(roundMillis.length() == 0 ? "" : ",").append((System.nanoTime() - tr) / 1_000_000).append('/').append(Run.processCpuMillis() - cr);
        detail = String.format("statements=%d rows=%d bad=%d", executed, rows, bad);
        }
        long t2 = System.nanoTime();
        Run.result("h2", threads, mainAt, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, ok,
                detail + " rounds=" + rounds + " roundMillis=" + roundMillis);
    }
}
