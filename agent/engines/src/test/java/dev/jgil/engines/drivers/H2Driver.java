package dev.jgil.engines.drivers;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * In-memory H2: {@code threads} threads, each with its own connection, insert {@code rows} rows each, select every
 * row just inserted and every 10th row count their own rows; the final count is checked too.
 */
public final class H2Driver {
    /** The table both drivers use, with its index by owner. */
    static void createItems(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item(id INT PRIMARY KEY, owner INT NOT NULL, name VARCHAR(64), price DECIMAL(10,2))");
            s.execute("CREATE INDEX item_owner ON item(owner)");
        }
    }

    /** Inserts thread {@code me}'s row {@code i} and selects it back: the number of wrong answers (0 or more). */
    static long insertAndReadBack(PreparedStatement ins, PreparedStatement sel, int me, int i) throws SQLException {
        long bad = 0;
        int id = me * 1_000_000 + i;
        ins.setInt(1, id);
        ins.setInt(2, me);
        ins.setString(3, "item-" + id);
        ins.setBigDecimal(4, BigDecimal.valueOf(i % 1000, 2));
        if (ins.executeUpdate() != 1) bad++;
        sel.setInt(1, id);
        try (ResultSet rs = sel.executeQuery()) {
            if (!rs.next() || !rs.getString(1).equals("item-" + id)) bad++;
        }
        return bad;
    }

    public static void main(String[] args) throws Exception {
        Driver driver = new Driver("h2");
        int threads = Driver.arg(args, "threads", 4);
        int rows = Driver.arg(args, "rows", 200);
        String url = "jdbc:h2:mem:engines;DB_CLOSE_DELAY=-1";
        long t0 = System.nanoTime();
        createItems(url);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            fs.add(pool.submit(() -> {
                long bad = 0;
                try (Connection c = DriverManager.getConnection(url, "sa", "");
                     PreparedStatement ins = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?, ?)");
                     PreparedStatement sel = c.prepareStatement("SELECT name FROM item WHERE id = ?");
                     PreparedStatement cnt = c.prepareStatement("SELECT COUNT(*) FROM item WHERE owner = ?")) {
                    for (int i = 0; i < rows; i++) {
                        bad += insertAndReadBack(ins, sel, me, i);
                        if (i % 10 == 9) {
                            cnt.setInt(1, me);
                            try (ResultSet rs = cnt.executeQuery()) {
                                if (!rs.next() || rs.getLong(1) != i + 1) bad++;
                            }
                        }
                    }
                }
                return bad;
            }));
        }
        long bad = 0;
        for (Future<Long> f : fs) bad += f.get();
        pool.shutdown();
        long total;
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM item")) {
            rs.next();
            total = rs.getLong(1);
        }
        long work = System.nanoTime() - t0;
        driver.finish(work, bad == 0 && total == (long) threads * rows, "rows=" + total + "/" + (long) threads * rows + " bad=" + bad);
    }
}
