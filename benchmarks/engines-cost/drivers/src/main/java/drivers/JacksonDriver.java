package drivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates {@code docs} JSON documents as text, then (work) parses each into a POJO, serializes it back,
 * and reads the result as a tree, with {@code parallelStream()} (threads=1: {@code stream()}); repeated
 * {@code rounds} times. Checks the number of documents, items and the sum of quantities.
 * Usage: {@code JacksonDriver [threads=4|1] [docs=10000] [rounds=3]}; any threads != 1 means the parallel stream.
 */
public final class JacksonDriver {
    public static final class Item {
        public String sku;
        public int qty;
        public double price;
        public List<String> tags;
    }

    public static final class Order {
        public long id;
        public String customer;
        public boolean paid;
        public List<Item> items;
        public Map<String, String> meta;
    }

    static String doc(int i) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"id\":").append(i).append(",\"customer\":\"customer-").append(i % 977)
          .append("\",\"paid\":").append(i % 3 == 0).append(",\"items\":[");
        int n = 1 + i % 7;
        for (int k = 0; k < n; k++) {
            if (k > 0) sb.append(',');
            sb.append("{\"sku\":\"SKU-").append(i).append('-').append(k).append("\",\"qty\":").append(k + 1)
              .append(",\"price\":").append((i % 100) + k / 4.0).append(",\"tags\":[\"t").append(k)
              .append("\",\"x").append(i % 5).append("\"]}");
        }
        sb.append("],\"meta\":{\"source\":\"gen\",\"shard\":\"").append(i % 16).append("\"}}");
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        long mainAt = Run.sinceJvmStart();
        int threads = Run.intArg(args, "threads", 4);
        int docs = Run.intArg(args, "docs", 10_000);
        int rounds = Run.intArg(args, "rounds", 3);
        List<String> input = new ArrayList<>(docs);
        long expectedItems = 0, expectedQty = 0;
        for (int i = 0; i < docs; i++) {
            input.add(doc(i));
            int n = 1 + i % 7;
            expectedItems += n;
            expectedQty += (long) n * (n + 1) / 2;
        }

        long t0 = System.nanoTime();
        ObjectMapper mapper = new ObjectMapper();
        long t1 = System.nanoTime();
        Run.workStarts();
        boolean ok = true;
        long items = 0, qty = 0, count = 0;
        StringBuilder roundMillis = new StringBuilder();
        for (int r = 0; r < rounds; r++) {
            long tr = System.nanoTime();
        long cr = Run.processCpuMillis();
            Stream<String> s = threads == 1 ? input.stream() : input.parallelStream();
            long[] sums = s.map(json -> {
                try {
                    Order o = mapper.readValue(json, Order.class);
                    String back = mapper.writeValueAsString(o);
                    JsonNode tree = mapper.readTree(back);
                    long q = 0;
                    for (JsonNode it : tree.get("items")) q += it.get("qty").asLong();
                    return new long[] {1, tree.get("items").size(), q};
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }).reduce(new long[3], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            count = sums[0];
            items = sums[1];
            qty = sums[2];
            ok &= count == docs && items == expectedItems && qty == expectedQty;
            roundMillis.append(roundMillis.length() == 0 ? "" : ",").append((System.nanoTime() - tr) / 1_000_000).append('/').append(Run.processCpuMillis() - cr);
        }
        long t2 = System.nanoTime();
        Run.result("jackson", threads, mainAt, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, ok,
                String.format("docs=%d items=%d qty=%d rounds=%d roundMillis=%s", count, items, qty, rounds, roundMillis));
    }
}
