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
        // Resources appended to the bootstrap search by an agent are not visible as resources, so this
        // counts copies anywhere else: on the class path or top-level in the agent jar.
        List<URL> others = Collections.list(ClassLoader.getSystemClassLoader().getResources("dev/jgil/runtime/Gil.class"));
        System.out.println("gilCopiesOutsideBootstrap=" + others.size());
        Class<?> agent = Class.forName("dev.jgil.agent.JgilAgent");
        System.out.println("agentLoaderIsSystem=" + (agent.getClassLoader() == ClassLoader.getSystemClassLoader()));
        System.out.println("agentSeesSameGil=" + (Class.forName("dev.jgil.runtime.Gil", false, agent.getClassLoader()) == gil));
        System.out.println("runtimeJar=" + System.getProperty("jgil.runtime.jar"));
        System.out.println("heldInWork=" + work());
        System.out.println("agent=" + Probe.agent());
    }

    static boolean work() {
        return Probe.held();
    }
}
