package drivers;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Index {@code docs} small generated documents with {@code threads} threads into a ByteBuffersDirectory,
 * then run {@code queries} searches per thread with {@code threads} threads; checks every hit count
 * against counts computed while generating. Usage: {@code LuceneDriver [threads=4] [docs=50000] [queries=500]}.
 */
public final class LuceneDriver {
    static final String[] WORDS = {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
        "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "amber", "basalt", "cobalt", "dune",
        "ember", "fjord", "granite", "harbor", "iris", "jade", "kelp", "lagoon", "meadow", "nectar"};
    static final int CATS = 10;

    /** Deterministic body of doc i: 12 words. */
    static String[] bodyWords(int i) {
        String[] w = new String[12];
        long x = i * 2654435761L + 17;
        for (int k = 0; k < w.length; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            w[k] = WORDS[(int) ((x >>> 33) % WORDS.length)];
        }
        return w;
    }

    public static void main(String[] args) throws Exception {
        long mainAt = Run.sinceJvmStart();
        int threads = Run.intArg(args, "threads", 4);
        int docs = Run.intArg(args, "docs", 50_000);
        int queries = Run.intArg(args, "queries", 500) * 4 / threads; // same total work whatever the threads

        // Expected counts, computed without Lucene.
        int[] docsWithWord = new int[WORDS.length];
        int[][] docsWithPair = new int[WORDS.length][WORDS.length]; // both words (any position)
        for (int i = 0; i < docs; i++) {
            boolean[] has = new boolean[WORDS.length];
            for (String s : bodyWords(i)) has[indexOf(s)] = true;
            for (int a = 0; a < WORDS.length; a++) {
                if (!has[a]) continue;
                docsWithWord[a]++;
                for (int b = 0; b < WORDS.length; b++) if (has[b]) docsWithPair[a][b]++;
            }
        }

        int rounds = Run.intArg(args, "rounds", 1);
        long t0 = System.nanoTime();
        long t1 = t0;
        boolean ok = true;
        String detail = "";
        StringBuilder roundMillis = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
        long tr = System.nanoTime();
        long cr = Run.processCpuMillis();
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriterConfig cfg = new IndexWriterConfig(new StandardAnalyzer());
        cfg.setRAMBufferSizeMB(64);
        IndexWriter writer = new IndexWriter(dir, cfg);
        if (round == 0) {
            t1 = System.nanoTime();
            Run.workStarts();
        }

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int me = t;
            fs.add(pool.submit(() -> {
                for (int i = me; i < docs; i += threads) {
                    Document d = new Document();
                    d.add(new StringField("id", Integer.toString(i), Field.Store.YES));
                    d.add(new StringField("cat", "c" + (i % CATS), Field.Store.NO));
                    d.add(new IntPoint("num", i));
                    d.add(new StoredField("num", i));
                    d.add(new TextField("body", String.join(" ", bodyWords(i)), Field.Store.NO));
                    writer.addDocument(d);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        writer.commit();
        writer.close();
        long tIndexed = System.nanoTime();

        DirectoryReader reader = DirectoryReader.open(dir);
        IndexSearcher searcher = new IndexSearcher(reader);
        AtomicLong bad = new AtomicLong();
        AtomicLong done = new AtomicLong();
        String firstBad[] = new String[1];
        fs.clear();
        for (int t = 0; t < threads; t++) {
            final int me = t;
            fs.add(pool.submit(() -> {
                QueryParser qp = new QueryParser("body", new StandardAnalyzer());
                for (int q = 0; q < queries; q++) {
                    int k = me * 7919 + q;
                    int a = k % WORDS.length, b = (k / WORDS.length) % WORDS.length;
                    long expected;
                    long got;
                    switch (q % 4) {
                        case 0: {
                            got = searcher.count(new TermQuery(new Term("body", WORDS[a])));
                            expected = docsWithWord[a];
                            break;
                        }
                        case 1: {
                            Query query = qp.parse("+" + WORDS[a] + " +" + WORDS[b]);
                            TopDocs top = searcher.search(query, 10);
                            got = top.totalHits.value;
                            if (top.totalHits.relation != org.apache.lucene.search.TotalHits.Relation.EQUAL_TO) {
                                got = searcher.count(query);
                            }
                            expected = docsWithPair[a][b];
                            break;
                        }
                        case 2: {
                            got = searcher.count(new TermQuery(new Term("cat", "c" + (k % CATS))));
                            expected = docs / CATS + (k % CATS < docs % CATS ? 1 : 0);
                            break;
                        }
                        default: {
                            int lo = k % docs, hi = Math.min(docs - 1, lo + 999);
                            got = searcher.count(IntPoint.newRangeQuery("num", lo, hi));
                            expected = hi - lo + 1;
                        }
                    }
                    done.incrementAndGet();
                    if (got != expected) {
                        if (bad.getAndIncrement() == 0) firstBad[0] = "q" + (q % 4) + ":" + got + "!=" + expected;
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        long tEnd = System.nanoTime();
        pool.shutdown();
        ok &= bad.get() == 0 && reader.numDocs() == docs && done.get() == (long) queries * threads;
        reader.close();
        roundMillis.append(roundMillis.length() == 0 ? "" : ",").append((tEnd - tr) / 1_000_000).append('/').append(Run.processCpuMillis() - cr);
        detail = String.format("indexMillis=%d searchMillis=%d docs=%d searches=%d bad=%d%s",
                        (tIndexed - (round == 0 ? t1 : tr)) / 1_000_000, (tEnd - tIndexed) / 1_000_000, docs, done.get(), bad.get(),
                        firstBad[0] == null ? "" : " firstBad=" + firstBad[0]);
        }
        long tEnd = System.nanoTime();
        Run.result("lucene", threads, mainAt, (t1 - t0) / 1_000_000, (tEnd - t1) / 1_000_000, ok,
                detail + " rounds=" + rounds + " roundMillis=" + roundMillis);
    }

    static int indexOf(String w) {
        for (int i = 0; i < WORDS.length; i++) if (WORDS[i].equals(w)) return i;
        throw new IllegalStateException(w);
    }
}
