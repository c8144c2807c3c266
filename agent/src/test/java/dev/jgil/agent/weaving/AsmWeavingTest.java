package dev.jgil.agent.weaving;

import com.acme.woven.Targets;
import dev.jgil.agent.options.Glob;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every specification of {@link WeavingTest}, met by the weaving without ByteBuddy ({@link AsmWeaving}),
 * which the agent uses when names alone designate; plus what only that path decides itself.
 */
class AsmWeavingTest extends WeavingTest {
    @Override
    byte[] wovenBytes(Designation d, boolean checkpoints, byte[] classFile) throws Exception {
        byte[] original = ClassFileLocator.ForClassLoader.read(Targets.class);
        return new AsmWeaving(d, checkpoints).weave(Targets.class.getName(), original, Targets.class.getClassLoader(), null);
    }

    @Test
    void aClassNoIncludeNamesIsNotWoven() throws Exception {
        Designation d = new Designation(List.of(Glob.parse("com.other.**")), List.of(), List.of(), List.of());
        assertNull(new AsmWeaving(d, true).weave(Targets.class.getName(), ClassFileLocator.ForClassLoader.read(Targets.class),
                Targets.class.getClassLoader(), null));
    }

    @Test
    void jfrEventsAreFoundThroughTheirSuperClassFiles() {
        AsmWeaving w = new AsmWeaving(new Designation(List.of(Glob.parse("com.acme.**")), List.of(), List.of(), List.of()), true);
        ClassLoader l = getClass().getClassLoader();
        assertTrue(w.extendsJfrEvent("jdk/jfr/Event", l));
        assertTrue(w.extendsJfrEvent(Type.internal(SubEvent.class.getSuperclass()), l), "two hops: SubEvent -> AnEvent -> Event");
        assertFalse(w.extendsJfrEvent("java/lang/Object", l));
        assertFalse(w.extendsJfrEvent("java/util/AbstractList", l));
        assertFalse(w.extendsJfrEvent("com/acme/NoSuchClass", l), "an unreadable super class is no event");
    }

    static class AnEvent extends jdk.jfr.Event {
    }

    static class SubEvent extends AnEvent {
    }

    private static final class Type {
        static String internal(Class<?> c) {
            return c.getName().replace('.', '/');
        }
    }
}
