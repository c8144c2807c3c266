package dev.jgil.agent.inject;

import java.lang.reflect.Method;
import java.util.function.BiFunction;

/**
 * Defines one class in the bootstrap class loader: {@code jdk.internal.misc.Unsafe.defineClass(name,
 * bytes, 0, len, null, null)}.
 *
 * <p>Never loaded from the agent jar's class path entry: {@link dev.jgil.agent.BootRuntime} defines it
 * in a class loader of its own and exports {@code jdk.internal.misc} to that loader's unnamed module
 * only, with {@code Instrumentation.redefineModule}. The application's class path (the
 * unnamed module the agent's other classes live in) gains no access to JDK internals.
 */
public final class BootDefiner implements BiFunction<String, byte[], Class<?>> {
    private final Object unsafe;
    private final Method define;

    public BootDefiner() throws ReflectiveOperationException {
        Class<?> u = Class.forName("jdk.internal.misc.Unsafe");
        unsafe = u.getMethod("getUnsafe").invoke(null);
        define = u.getMethod("defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class,
                java.security.ProtectionDomain.class);
    }

    @Override
    public Class<?> apply(String name, byte[] bytes) {
        try {
            return (Class<?>) define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            if (c instanceof Error) throw (Error) c;
            throw new IllegalStateException(c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
