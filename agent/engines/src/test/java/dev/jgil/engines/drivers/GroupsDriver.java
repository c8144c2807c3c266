package dev.jgil.engines.drivers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Two engines in one program, as a service uses a search library and a database: {@code threads} threads each index
 * {@code rows} documents into Lucene and insert the same rows into in-memory H2, reading each row back; then every
 * thread counts its own documents (Lucene) and rows (H2). The tests designate each engine as its own GIL group.
 */
public final class GroupsDriver {
    public static void main(String[] args) throws Exception {
        Driver driver = new Driver("groups");
        int threads = Driver.arg(args, "threads", 4);
        int rows = Driver.arg(args, "rows", 100);
        String url = "jdbc:h2:mem:groups;DB_CLOSE_DELAY=-1";
        long t0 = System.nanoTime();
        H2Driver.createItems(url);
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            fs.add(pool.submit(() -> {
                long bad = 0;
                try (Connection c = DriverManager.getConnection(url, "sa", "");
                     PreparedStatement ins = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?, ?)");
                     PreparedStatement sel = c.prepareStatement("SELECT name FROM item WHERE id = ?")) {
                    for (int i = 0; i < rows; i++) {
                        int id = me * 1_000_000 + i;
                        Document d = new Document();
                        d.add(new StringField("owner", "o" + me, Field.Store.NO));
                        d.add(new TextField("body", "item " + id + " of owner " + me, Field.Store.NO));
                        writer.addDocument(d);
                        bad += H2Driver.insertAndReadBack(ins, sel, me, i);
                    }
                }
                return bad;
            }));
        }
        long bad = 0;
        for (Future<Long> f : fs) bad += f.get();
        writer.commit();
        writer.close();
        IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(dir));
        fs.clear();
        for (int t = 0; t < threads; t++) {
            int me = t;
            fs.add(pool.submit(() -> {
                long wrong = searcher.count(new TermQuery(new Term("owner", "o" + me))) == rows ? 0 : 1;
                try (Connection c = DriverManager.getConnection(url, "sa", "");
                     PreparedStatement cnt = c.prepareStatement("SELECT COUNT(*) FROM item WHERE owner = ?")) {
                    cnt.setInt(1, me);
                    try (ResultSet rs = cnt.executeQuery()) {
                        if (!rs.next() || rs.getLong(1) != rows) wrong++;
                    }
                }
                return wrong;
            }));
        }
        for (Future<Long> f : fs) bad += f.get();
        pool.shutdown();
        driver.finish(System.nanoTime() - t0, bad == 0, "threads=" + threads + " rows=" + rows + " bad=" + bad);
    }

    private GroupsDriver() {
    }
}
