package dev.jgil.agent.it;

import com.acme.apps.live.LiveApp;
import com.sun.tools.attach.VirtualMachine;
import dev.jgil.agent.it.ForkedJvm.Result;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import jdk.management.jfr.FlightRecorderMXBean;
import jdk.management.jfr.RecordingInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM running jgil with {@code record=off} has no recording for top to read: top starts a small one of
 * jgil's own events (statistics, waits, changes), streams it, and closes it when it ends — the target is
 * left with no recording, as it was.
 */
class TopOwnRecordingIT {

    @Test
    @Timeout(180)
    void topOnAJvmThatRecordsNothingStartsItsOwnRecordingAndClosesItAfterwards() throws Exception {
        ForkedJvm app = ForkedJvm.app(LiveApp.class).agent(LiveIT.DESIGNATE).start(); // record=off: the harness default
        try {
            String pid = app.awaitLine(l -> l.startsWith("READY "), Duration.ofSeconds(60)).substring("READY ".length());
            assertEquals(List.of(), recordings(pid), "record=off: no recording before top");

            Result top = ForkedJvm.startCli("top", pid, "--json", "--duration", "5s").await(Duration.ofSeconds(90));
            assertEquals(0, top.exitCode, top::toString);
            List<String> intervals = top.stdout.lines().filter(l -> l.startsWith("{")).toList();
            assertTrue(intervals.size() >= 2, () -> "intervals from top's own recording\n" + top);
            assertTrue(intervals.stream().anyMatch(l -> l.contains("\"name\":\"live-worker-0\"")), top::toString);
            // Its settings include the waits with stack traces, so the sites are there too.
            assertTrue(top.stdout.contains("\"site\":\"com.acme.apps.cpu.Work.crunch"), () -> "contended sites\n" + top);

            assertEquals(List.of(), recordings(pid), "top closed the recording it started");
        } finally {
            app.sendLine("quit");
            Result r = app.await(Duration.ofSeconds(60));
            assertEquals(0, r.exitCode, r::toString);
        }
    }

    /** The target's recordings ("name state"), read over JMX the way JMC would. */
    private static List<String> recordings(String pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        String url;
        try {
            url = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            FlightRecorderMXBean fr = ManagementFactory.newPlatformMXBeanProxy(c.getMBeanServerConnection(),
                    FlightRecorderMXBean.MXBEAN_NAME, FlightRecorderMXBean.class);
            return fr.getRecordings().stream().map(RecordingInfo::getName).toList();
        }
    }
}
