package dev.jgil.engines.drivers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Lucene: {@code threads} threads index {@code docs} generated documents into a ByteBuffersDirectory, then
 * run {@code queries} searches each; every hit count is checked against counts computed without Lucene.
 */
public final class LuceneDriver {
    static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
        "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};
    static final int CATS = 10;

    static String[] bodyWords(int i) {
        String[] w = new String[8];
        long x = i * 2654435761L + 17;
        for (int k = 0; k < w.length; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            w[k] = WORDS[(int) ((x >>> 33) % WORDS.length)];
        }
        return w;
    }

    static int indexOf(String w) {
        for (int i = 0; i < WORDS.length; i++) if (WORDS[i].equals(w)) return i;
        throw new IllegalStateException(w);
    }

    public static void main(String[] args) throws Exception {
        Driver driver = new Driver("lucene");
        int threads = Driver.arg(args, "threads", 4);
        int docs = Driver.arg(args, "docs", 4000);
        int queries = Driver.arg(args, "queries", 100);
        int[] withWord = new int[WORDS.length];
        int[][] withPair = new int[WORDS.length][WORDS.length];
        for (int i = 0; i < docs; i++) {
            boolean[] has = new boolean[WORDS.length];
            for (String s : bodyWords(i)) has[indexOf(s)] = true;
            for (int a = 0; a < WORDS.length; a++) {
                if (!has[a]) continue;
                withWord[a]++;
                for (int b = 0; b < WORDS.length; b++) if (has[b]) withPair[a][b]++;
            }
        }
        long t0 = System.nanoTime();
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            fs.add(pool.submit(() -> {
                for (int i = me; i < docs; i += threads) {
                    Document d = new Document();
                    d.add(new StringField("cat", "c" + (i % CATS), Field.Store.NO));
                    d.add(new IntPoint("num", i));
                    d.add(new TextField("body", String.join(" ", bodyWords(i)), Field.Store.NO));
                    writer.addDocument(d);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        writer.commit();
        writer.close();
        DirectoryReader reader = DirectoryReader.open(dir);
        IndexSearcher searcher = new IndexSearcher(reader);
        AtomicLong bad = new AtomicLong();
        AtomicLong searches = new AtomicLong();
        fs.clear();
        for (int t = 0; t < threads; t++) {
            int me = t;
            fs.add(pool.submit(() -> {
                QueryParser qp = new QueryParser("body", new StandardAnalyzer());
                for (int q = 0; q < queries; q++) {
                    int k = me * 7919 + q;
                    int a = k % WORDS.length, b = (k / WORDS.length) % WORDS.length;
                    long got, expected;
                    switch (q % 4) {
                        case 0 -> {
                            got = searcher.count(new TermQuery(new Term("body", WORDS[a])));
                            expected = withWord[a];
                        }
                        case 1 -> {
                            got = searcher.count(qp.parse("+" + WORDS[a] + " +" + WORDS[b]));
                            expected = withPair[a][b];
                        }
                        case 2 -> {
                            got = searcher.count(new TermQuery(new Term("cat", "c" + (k % CATS))));
                            expected = docs / CATS + (k % CATS < docs % CATS ? 1 : 0);
                        }
                        default -> {
                            int lo = k % docs, hi = Math.min(docs - 1, lo + 99);
                            got = searcher.count(IntPoint.newRangeQuery("num", lo, hi));
                            expected = hi - lo + 1;
                        }
                    }
                    searches.incrementAndGet();
                    if (got != expected && bad.getAndIncrement() == 0) System.out.println("bad hit count q" + (q % 4) + ": " + got + " != " + expected);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        long work = System.nanoTime() - t0;
        pool.shutdown();
        boolean ok = bad.get() == 0 && reader.numDocs() == docs && searches.get() == (long) queries * threads;
        driver.finish(work, ok, "docs=" + reader.numDocs() + "/" + docs + " searches=" + searches.get() + " bad=" + bad.get());
    }
}
