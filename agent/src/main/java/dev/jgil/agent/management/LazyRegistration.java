package dev.jgil.agent.management;

import dev.jgil.agent.BootRuntime;
import dev.jgil.runtime.GilLock;
import java.io.PrintStream;
import javax.management.MBeanServerFactory;

/**
 * Registers the MBean when the platform MBean server comes into being, instead of creating it at
 * start-up: creating the platform MBean server costs about 0.2-0.4 s of CPU on a small machine (the
 * platform MXBeans, JMX introspection), which a JVM that nobody steers should not pay.
 *
 * <p>How: the JMX standard property {@code javax.management.builder.initial} names
 * {@link PlatformServerBuilder}, which builds servers exactly as the default builder does and hands us
 * the platform server when whoever needs JMX first creates it ({@code jgil top}/{@code jgil set}
 * through the attach-started local management agent, JConsole, the application itself). If the
 * property is already set (an application server with its own builder), a server exists already, or
 * the builder cannot be put in the boot loader, the bean is registered at once on a background
 * thread, as before.
 */
public final class LazyRegistration {
    static final String PROPERTY = "javax.management.builder.initial";
    /** By name only: a symbolic reference would load the class-path copy, which JMX would not see on attach. */
    static final String BUILDER = "dev.jgil.agent.management.PlatformServerBuilder";

    private LazyRegistration() {
    }

    /**
     * Registers now (background thread) or when the platform MBean server is built: one bean per GIL
     * ({@link GilControl#registerAll}). Never throws.
     */
    public static void registerWhenNeeded(GilLock lock, PrintStream err) {
        try {
            Class<?> builder;
            if (System.getProperty(PROPERTY) == null && MBeanServerFactory.findMBeanServer(null).isEmpty()
                    && (builder = BootRuntime.defineInBootLoader(BUILDER)) != null) {
                java.util.function.Consumer<javax.management.MBeanServer> hook =
                        server -> GilControl.registerAll(server, lock, err);
                builder.getField("onPlatformServer").set(null, hook);
                System.setProperty(PROPERTY, BUILDER);
                return;
            }
        } catch (Throwable t) {
            // fall through: register now
        }
        Thread t = new Thread(() -> GilControl.register(lock, err), "jgil-mbean");
        t.setDaemon(true);
        t.start();
    }
}
