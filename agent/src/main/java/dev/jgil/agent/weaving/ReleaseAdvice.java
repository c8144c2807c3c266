package dev.jgil.agent.weaving;

import dev.jgil.runtime.Gil;
import net.bytebuddy.asm.Advice;

/**
 * A release zone: drops the GIL at entry, like a C extension's {@code Py_BEGIN_ALLOW_THREADS}.
 * There is no exit part: the designated caller takes the GIL back lazily at its next checkpoint
 * (there is one right after every call in designated code), never on this method's return path.
 */
public final class ReleaseAdvice {
    private ReleaseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
        Gil.releaseForBlocking();
    }
}
