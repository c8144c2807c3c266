package dev.jgil.agent.weaving;

import com.acme.woven.Targets;
import dev.jgil.agent.options.Glob;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DesignationTest {
    private static final TypeDescription TARGETS = TypeDescription.ForLoadedType.of(Targets.class);

    private static MethodDescription method(String name) {
        return TARGETS.getDeclaredMethods().filter(m -> m.getInternalName().equals(name)).getOnly();
    }

    @Test
    void agentAndJdkClassesAreNeverWoven() {
        Designation d = new Designation(List.of(Glob.parse("**")), List.of(), List.of(), List.of());
        for (String n : new String[] {"dev.jgil.runtime.Gil", "dev.jgil.agent.JgilAgent", "dev.jgil.shaded.bytebuddy.ByteBuddy",
                "dev.jgil.recording.Recorder", "java.lang.String", "jdk.internal.misc.Unsafe", "sun.nio.ch.Net",
                "com.sun.proxy.$Proxy1", "com.acme.Foo$$Lambda/0x1234"}) {
            assertFalse(d.isCandidateName(n), n);
        }
        assertTrue(d.isCandidateName("dev.jgil.demo.Counter"));
        assertTrue(d.isCandidateName("com.acme.Foo"));
    }

    @Test
    void nameFilterIsExactWithoutAnnotations() {
        Designation d = new Designation(List.of(Glob.parse("com.acme.*Service")), List.of(),
                List.of(Glob.parse("org.native.Lib#call")), List.of());
        assertTrue(d.isCandidateName("com.acme.OrderService"));
        assertTrue(d.isCandidateName("org.native.Lib"));
        assertFalse(d.isCandidateName("com.acme.Order"));
    }

    @Test
    void annotationsMakeEveryClassACandidateByName() {
        Designation d = new Designation(List.of(), List.of(), List.of(), List.of("com.acme.D"));
        assertTrue(d.isCandidateName("org.anything.At.All"));
    }

    @Test
    void methodGlobsExcludesAndReleaseZones() {
        Designation d = new Designation(List.of(Glob.parse("com.acme.woven.Targets#l*"), Glob.parse("com.acme.woven.Targets#held")),
                List.of(Glob.parse("com.acme.woven.Targets#loop")), List.of(Glob.parse("com.acme.woven.Targets#held")),
                List.of());
        assertTrue(d.matchesType(TARGETS));
        assertFalse(d.isDesignated(TARGETS, method("loop")), "excluded");
        assertTrue(d.isDesignated(TARGETS, method("lambda")));
        assertFalse(d.isDesignated(TARGETS, method("monitor")), "glob does not match");
        assertFalse(d.isDesignated(TARGETS, method("held")), "a release zone is never designated");
        assertTrue(d.isRelease(TARGETS, method("held")));
    }

    @Test
    void lambdaBodiesFollowTheirEnclosingMethod() {
        MethodDescription body = TARGETS.getDeclaredMethods()
                .filter(m -> m.getInternalName().startsWith("lambda$lambda$")).getOnly();
        Designation byMethod = new Designation(List.of(Glob.parse("com.acme.woven.Targets#lambda")), List.of(), List.of(),
                List.of());
        assertTrue(byMethod.isDesignated(TARGETS, body));
        Designation other = new Designation(List.of(Glob.parse("com.acme.woven.Targets#loop")), List.of(), List.of(),
                List.of());
        assertFalse(other.isDesignated(TARGETS, body));
    }
}
