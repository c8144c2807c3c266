package dev.jgil.agent;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.agent.options.GroupOption;
import dev.jgil.agent.weaving.GroupCalls;
import dev.jgil.runtime.GilGroups;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the GIL groups of the options ({@code group.NAME=}): one lock each ({@link GilGroups#define}), set up from
 * the group's settings or the top-level ones, and each group's holder class ({@link GroupCalls}) in the boot loader,
 * before any class is woven. If the holders cannot be defined, the groups' classes run under the default GIL and the
 * user is told so: serialized more than asked, never less.
 */
final class GroupLocks {
    private GroupLocks() {
    }

    /** Whether the groups are in force (true also when there are none). */
    static boolean install(AgentOptions options, Instrumentation inst, PrintStream err) {
        if (options.groups.isEmpty()) return true;
        List<String> names = new ArrayList<>(options.groups.keySet());
        String problem;
        try {
            byte[] template = BootRuntime.classFile("dev.jgil.runtime.GilGroupTemplate");
            if (template == null) throw new IllegalStateException("the agent jar has no GilGroupTemplate");
            Map<String, byte[]> holders = new LinkedHashMap<>();
            for (int i = 1; i <= names.size(); i++) holders.put(GroupCalls.holderName(i), GroupCalls.holderClass(template, i));
            // Defined, not initialized: a holder reads its lock when woven code first calls it, after define below.
            problem = BootRuntime.defineMade(inst, holders);
            if (problem == null) {
                GilLock[] locks = GilGroups.define(names.toArray(new String[0]));
                for (GroupOption g : options.groups.values()) {
                    GilLock l = locks[names.indexOf(g.name) + 1];
                    l.setIntervalNanos(g.intervalNanos > 0 ? g.intervalNanos : options.intervalNanos);
                    l.setCheckInterval(options.checkInterval);
                    l.setPolicy(GilPolicy.byName(g.policy != null ? g.policy : options.policy));
                }
            }
        } catch (Throwable t) {
            problem = t.toString();
        }
        if (problem == null) return true;
        err.println("jgil: GIL groups " + names + " are not available (" + problem + "); their classes run under the default GIL");
        return false;
    }
}
