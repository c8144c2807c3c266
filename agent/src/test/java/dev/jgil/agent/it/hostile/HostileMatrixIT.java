package dev.jgil.agent.it.hostile;

import com.acme.apps.hostile.HostileMatrix;
import dev.jgil.agent.it.ForkedJvm;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every hostile case under every policy. One forked JVM per policy runs all cases, each under its own
 * timeout (see {@link HostileMatrix}); each case becomes one test here, failing with the child's whole
 * output (thread dump and GIL state included on a hang).
 */
class HostileMatrixIT {
    static final String DESIGNATE = "include=com.acme.apps.hostile.d.**";
    static final String[] POLICIES = {"switch", "ticks", "fifo", "priority", "bfs", "off"};
    /** The same code as one GIL group (its own lock, not the default GIL), under these policies. */
    static final String GROUP = "group.hostile=com.acme.apps.hostile.d.**";
    static final String[] GROUP_POLICIES = {"switch", "priority", "bfs"};
    /** Per case, inside the child. A hang poisons the cases after it, so this stays modest. */
    static final long CASE_TIMEOUT_MS = 30_000;

    @TestFactory
    Stream<DynamicNode> everyHostileCaseUnderEveryPolicy() {
        List<DynamicNode> containers = new ArrayList<>();
        for (String policy : POLICIES) {
            // flatMap is lazy: the child JVM runs when JUnit executes this container, not now.
            containers.add(DynamicContainer.dynamicContainer("policy=" + policy,
                    Stream.of(policy).flatMap(p -> runMatrix("policy=" + p, DESIGNATE + ",policy=" + p))));
        }
        for (String policy : GROUP_POLICIES) {
            String label = "group.hostile.policy=" + policy;
            containers.add(DynamicContainer.dynamicContainer(label,
                    Stream.of(policy).flatMap(p -> runMatrix(label, GROUP + ",group.hostile.policy=" + p, "group=hostile"))));
        }
        return containers.stream();
    }

    private static Stream<DynamicNode> runMatrix(String policy, String agentOptions, String... args) {
        Result r;
        try {
            List<String> all = new ArrayList<>(List.of(args));
            all.add("timeout=" + CASE_TIMEOUT_MS);
            r = ForkedJvm.app(HostileMatrix.class).agent(agentOptions)
                    .args(all.toArray(new String[0]))
                    .start().await(Duration.ofMinutes(8));
        } catch (Exception e) {
            throw new AssertionError(policy + ": the matrix JVM did not finish", e);
        }
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : r.stdout.split("\\R")) {
            if (line.startsWith("CASE ")) {
                String[] parts = line.split(" ", 3);
                lines.put(parts[1], parts[2]);
            }
        }
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("matrixJvmExitsCleanly", () -> {
            assertEquals(0, r.exitCode, r::toString);
            assertEquals(0, r.stdout.contains("MATRIX done failed=0") ? 0 : 1, () -> "not every case passed\n" + r);
        }));
        for (String name : HostileMatrix.caseNames()) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                String verdict = lines.get(name);
                assertNotNull(verdict, () -> "no result line for " + name + "\n" + r);
                if (verdict.startsWith("SKIP")) Assumptions.abort(name + " under " + policy + ": " + verdict);
                if (!verdict.startsWith("PASS")) fail(name + " under " + policy + ": " + verdict + "\n" + r);
            }));
        }
        return tests.stream();
    }
}
