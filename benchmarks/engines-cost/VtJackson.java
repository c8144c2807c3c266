// A virtual thread per task, written the plain way (JDK 21+): one shared ObjectMapper warmed up on one thread, then
// N tasks, each parsing and writing back one small JSON document. Run as a single-file program, with or without jgil:
//   java -cp 'benchmarks/engines-cost/drivers/target/lib/*' \
//        -javaagent:agent/target/jgil-agent.jar=include=com.fasterxml.jackson.**,policy=switch \
//        benchmarks/engines-cost/VtJackson.java 20000
// (benchmarks/run engines-cost builds drivers/target/lib.) Prints RESULT tasks= ok= ms= heapMB=.
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class VtJackson {
    public static void main(String[] a) throws Exception {
        int tasks = Integer.parseInt(a[0]);
        ObjectMapper m = new ObjectMapper();
        String doc = "{\"id\":1,\"name\":\"x\",\"tags\":[\"a\",\"b\",\"c\"],\"nested\":{\"v\":[1,2,3,4,5,6,7,8,9,10]}}";
        for (int i = 0; i < 2000; i++) m.readValue(doc, Map.class); // warm-up on one thread
        AtomicLong ok = new AtomicLong();
        long t0 = System.nanoTime();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tasks; i++) {
                ex.submit(() -> {
                    Map<?, ?> v = m.readValue(doc, Map.class);
                    if (m.writeValueAsString(v).length() > 10) ok.incrementAndGet();
                    return null;
                });
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.gc();
        long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
        System.out.println("RESULT tasks=" + tasks + " ok=" + ok + " ms=" + ms + " heapMB=" + heap);
        if (ok.get() != tasks) System.exit(1);
    }
}
