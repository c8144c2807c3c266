package com.acme.apps.boot;

import com.acme.apps.Probe;

import java.net.URL;
import java.util.Collections;
import java.util.List;

/** Reports where the runtime and the agent classes were loaded from. */
public final class BootApp {
    public static void main(String[] args) throws Exception {
        Class<?> gil = Class.forName("dev.jgil.runtime.Gil");
        System.out.println("gilLoader=" + gil.getClassLoader());
        // The runtime is defined in the boot loader from bytes (no resource anywhere), so this counts
        // copies on the class path or top-level in the agent jar.
        List<URL> others = Collections.list(ClassLoader.getSystemClassLoader().getResources("dev/jgil/runtime/Gil.class"));
        System.out.println("gilCopiesOutsideBootstrap=" + others.size());
        Class<?> agent = Class.forName("dev.jgil.agent.JgilAgent");
        System.out.println("agentLoaderIsSystem=" + (agent.getClassLoader() == ClassLoader.getSystemClassLoader()));
        System.out.println("agentSeesSameGil=" + (Class.forName("dev.jgil.runtime.Gil", false, agent.getClassLoader()) == gil));
        System.out.println("runtime=" + System.getProperty("jgil.runtime"));
        System.out.println("heldInWork=" + work());
        System.out.println("agent=" + Probe.agent());
    }

    static boolean work() {
        return Probe.held();
    }
}
