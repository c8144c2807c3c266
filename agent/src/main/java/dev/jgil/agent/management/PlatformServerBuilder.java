package dev.jgil.agent.management;

import java.util.function.Consumer;
import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * The JMX builder named by {@code javax.management.builder.initial} while jgil waits to register its
 * MBean (see {@link LazyRegistration}). It builds servers exactly as the default builder does; when the
 * platform MBean server is built it hands it to {@link #onPlatformServer}, once.
 *
 * <p>Defined in the bootstrap loader by the agent (JMX loads the builder by name, and the thread that
 * starts the management agent on attach has no context class loader, so only a boot-loader class is
 * found there); it reaches the agent only through the {@link Consumer} the agent sets, never by name.
 */
public final class PlatformServerBuilder extends MBeanServerBuilder {
    public static volatile Consumer<MBeanServer> onPlatformServer;

    public PlatformServerBuilder() {
    }

    @Override
    public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
        MBeanServer server = super.newMBeanServer(defaultDomain, outer, delegate);
        Consumer<MBeanServer> hook = onPlatformServer;
        if (hook != null && isPlatformServer()) {
            synchronized (PlatformServerBuilder.class) {
                hook = onPlatformServer;
                onPlatformServer = null;
            }
            if (hook != null) hook.accept(server);
        }
        return server;
    }

    /** Whether this server is being built for {@code ManagementFactory.getPlatformMBeanServer()}. */
    private static boolean isPlatformServer() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f ->
                f.getClassName().equals("java.lang.management.ManagementFactory")
                        && f.getMethodName().equals("getPlatformMBeanServer")));
    }
}
