package dev.jgil.agent.weaving;

import dev.jgil.runtime.Gil;
import dev.jgil.runtime.ThreadState;
import net.bytebuddy.asm.Advice;

/** Brackets a designated class's static initializer: the owner is never forced to drop inside one. */
public final class ClinitAdvice {
    private ClinitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static ThreadState enter() {
        return Gil.clinitEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ThreadState state) {
        if (state != null) Gil.clinitExit(state);
    }
}
