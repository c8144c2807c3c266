package dev.jgil.demo.battle;

import dev.jgil.demo.common.Args;
import dev.jgil.demo.common.Jvm;
import dev.jgil.demo.common.Result;
import dev.jgil.demo.common.Stats;
import dev.jgil.demo.common.Table;
import dev.jgil.demo.countdown.Countdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GIL battle (David Beazley, "Inside the Python GIL", 2009): on a multicore machine the old GIL
 * ({@code policy=ticks}, CPython &le; 3.1) makes two CPU-bound threads <em>slower</em> than running the
 * same work sequentially — the releasing thread takes the lock straight back while the woken waiter
 * is still being scheduled, and every failed wake-up costs both cores. The new GIL
 * ({@code policy=switch}, CPython &ge; 3.2) fixes that: threads about as fast as sequential.
 *
 * <p>Runs the countdown demo ({@code dev.jgil.demo.countdown.CountdownWork} designated) in one child
 * JVM per policy, plus one child without the agent.
 */
public final class Battle {
    static final String SYNOPSIS = ""
            + "battle: the old GIL (policy=ticks) vs the new (policy=switch): 2 CPU-bound threads vs sequential, one child JVM per policy.\n"
            + "  ./jgil demo battle [--no-gil] [-- agent options] [--n 100000000] [--threads 2] [--policies ticks,switch] [--reps 3]";

    public static void main(String[] argv) throws Exception {
        Args a = new Args("battle", SYNOPSIS)
                .flag("n", "100000000", "total count (each child counts down n sequentially, then n split over the threads)")
                .flag("threads", "2", "CPU-bound threads")
                .flag("policies", "ticks,switch", "GIL policies to compare (ticks, switch, fifo); a child without the agent always runs too")
                .flag("checkinterval", "100", "checkpoints between drops under ticks (CPython 2's sys.setcheckinterval)")
                .flag("reps", "3", "repetitions inside each child (median reported)")
                .parse(argv);
        long n = a.count("n", 1);
        int threads = a.integer("threads", 1);
        int reps = a.integer("reps", 1);
        int checkInterval = a.integer("checkinterval", 1);
        List<String> policies = new ArrayList<>();
        for (String p : a.str("policies").split(",")) {
            p = p.trim();
            if (!p.equals("ticks") && !p.equals("switch") && !p.equals("fifo")) {
                a.fail("unknown policy '" + p + "' (valid: ticks, switch, fifo)");
            }
            policies.add(p);
        }
        System.out.printf("battle: countdown from %,d, sequential vs %d threads; %s%n", n, threads, Jvm.banner());
        if (!Jvm.agentOn()) {
            System.out.println("(started without the agent: only the no-GIL child runs; drop --no-gil to see the policies)");
            policies.clear();
        }
        policies.add("none");

        Table t = new Table("GIL", "sequential ms", "threads ms", "threads / sequential");
        for (String policy : policies) {
            String agent = policy.equals("none") ? null
                    : Jvm.agentWith("policy=" + policy + (policy.equals("ticks") ? ",checkinterval=" + checkInterval : ""));
            List<String> out = Jvm.run(Jvm.command(agent, Countdown.class, "--n", Long.toString(n), "--threads",
                    Integer.toString(threads), "--modes", "sequential,threads", "--reps", Integer.toString(reps)), 600);
            List<Map<String, String>> rs = Jvm.results(out);
            if (rs.isEmpty()) throw new IllegalStateException("no RESULT line from the " + policy + " child: " + out);
            Map<String, String> r = rs.get(0);
            double ratio = Double.parseDouble(r.get("threads_ratio"));
            String label = policy.equals("ticks") ? "ticks (old GIL, checkinterval=" + checkInterval + ")"
                    : policy.equals("switch") ? "switch (new GIL, 5 ms)" : policy.equals("none") ? "none (no agent)" : policy;
            t.row(label, r.get("sequential_ms"), r.get("threads_ms"), Stats.f("%.2f", ratio));
            Result.print("battle", "gil", policy, "threads", threads, "n", n, "sequential_ms", r.get("sequential_ms"),
                    "threads_ms", r.get("threads_ms"), "threads_ratio", r.get("threads_ratio"));
        }
        t.print();
    }

    private Battle() {
    }
}
