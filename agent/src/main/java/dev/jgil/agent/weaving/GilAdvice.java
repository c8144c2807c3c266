package dev.jgil.agent.weaving;

import dev.jgil.runtime.Gil;
import dev.jgil.runtime.ThreadState;
import net.bytebuddy.asm.Advice;

/**
 * Brackets a designated method (not a constructor, see {@link ConstructorBracket}). Inlined into the
 * woven method; only the static calls into {@code dev.jgil.runtime.Gil}, which every class loader
 * sees through the bootstrap class path, remain.
 *
 * <p>Neither part may throw into the application. A suppressed enter failure leaves the enter value
 * at its default, null, and the exit then does nothing: an exit without its enter would unbalance
 * the thread's depth.
 */
public final class GilAdvice {
    private GilAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ThreadState enter() {
        return Gil.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ThreadState state) {
        if (state != null) Gil.exit(state);
    }
}
