package dev.jgil.runtime;

import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Whether the calling thread is loading a class: some frame on its stack belongs to a
 * {@link ClassLoader} (loadClass, findClass, defineClass, the built-in loaders' URLClassPath work all
 * run in ClassLoader subclasses or are called from them; the VM's upcall for a class load is
 * {@code ClassLoader.loadClass}). Used only by a GIL owner about to read a file.
 */
final class ClassLoading {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final int MAX_FRAMES = 256;
    private static final Function<Stream<StackWalker.StackFrame>, Boolean> ANY_LOADER =
            s -> s.limit(MAX_FRAMES).anyMatch(f -> ClassLoader.class.isAssignableFrom(f.getDeclaringClass()));

    private ClassLoading() {
    }

    static boolean onStack() {
        try {
            return WALKER.walk(ANY_LOADER);
        } catch (Throwable t) {
            return true; // unknown: keep the old behaviour (no release)
        }
    }
}
