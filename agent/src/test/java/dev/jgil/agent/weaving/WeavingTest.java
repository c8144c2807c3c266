package dev.jgil.agent.weaving;

import com.acme.woven.Targets;
import dev.jgil.agent.options.Glob;
import dev.jgil.runtime.Gil;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weaves {@link Targets} in-process, exactly as the agent's transformer does, and counts checkpoints:
 * under {@code ticks} with a check interval of 1 every checkpoint passed while holding is one tick drop.
 */
@Timeout(30)
class WeavingTest {
    private final GilLock lock = Gil.lock();

    @AfterEach
    void restore() {
        lock.setPolicy(GilPolicy.SWITCH);
        lock.setCheckInterval(GilLock.DEFAULT_CHECK_INTERVAL);
        assertFalse(lock.isHeldByCurrentThread(), "a test left the GIL held");
        assertEquals(0, lock.currentThreadState().depth(), "a test left the depth unbalanced");
    }

    /** Targets woven for the designation, as the agent does (ByteBuddy here; {@link AsmWeavingTest}: ASM alone). */
    byte[] wovenBytes(Designation d, boolean checkpoints, byte[] classFile) throws Exception {
        return new Weaver(d, checkpoints, false, System.err)
                .weave(Weaver.byteBuddy().redefine(Targets.class), TypeDescription.ForLoadedType.of(Targets.class), classFile)
                .make().getBytes();
    }

    private byte[] woven(boolean checkpoints) throws Exception {
        Designation d = new Designation(List.of(Glob.parse("com.acme.woven.Targets")),
                List.of(Glob.parse("com.acme.woven.Targets#notMe")), List.of(), List.of());
        return wovenBytes(d, checkpoints, null);
    }

    /** Designated as a whole package (no exclusions), woven with its class file as the agent does. */
    private byte[] wovenAsWholeNest() throws Exception {
        Designation d = new Designation(List.of(Glob.parse("com.acme.woven.**")), List.of(), List.of(), List.of());
        return wovenBytes(d, true, ClassFileLocator.ForClassLoader.read(Targets.class));
    }

    /**
     * Bytes a bracket adds to a method whose state slot is 0-3: the nested entry, its null test and the full entry
     * (12), load+exit before the one return (4), one handler: load+exit+athrow (5).
     */
    static final int BRACKET = 21;

    private static Map<String, Integer> addedBytes(byte[] woven) throws Exception {
        Map<String, Integer> original = CodeLengths.of(ClassFileLocator.ForClassLoader.read(Targets.class));
        Map<String, Integer> after = CodeLengths.of(woven);
        Map<String, Integer> added = new java.util.HashMap<>();
        original.forEach((m, n) -> added.put(m, after.get(m) - n));
        return added;
    }

    static Class<?> load(byte[] woven) throws Exception {
        return new ByteArrayClassLoader.ChildFirst(Targets.class.getClassLoader(), Map.of(Targets.class.getName(), woven))
                .loadClass(Targets.class.getName());
    }

    private Class<?> weave(boolean checkpoints) throws Exception {
        return load(woven(checkpoints));
    }

    private static Object call(Class<?> c, String name, Object... args) throws Exception {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(null, args);
                } catch (InvocationTargetException e) {
                    throw (Exception) e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    private long checkpointsDuring(Class<?> c, String name, Object... args) throws Exception {
        lock.setPolicy(GilPolicy.TICKS);
        lock.setCheckInterval(1);
        long before = lock.tickDrops();
        call(c, name, args);
        long n = lock.tickDrops() - before;
        lock.setPolicy(GilPolicy.SWITCH);
        return n;
    }

    @Test
    void designatedMethodsHoldTheGilAndExcludedOnesDoNot() throws Exception {
        Class<?> c = weave(true);
        assertEquals(true, call(c, "held"));
        assertEquals(true, call(c, "synchronizedHeld"));
        assertEquals(false, call(c, "notMe"));
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void loopBackEdgesAreCheckpointed() throws Exception {
        long n = checkpointsDuring(weave(true), "loop", 1000);
        assertTrue(n >= 1000 && n <= 1001, "checkpoints: " + n);
    }

    @Test
    void callsAreFollowedByACheckpoint() throws Exception {
        assertEquals(3, checkpointsDuring(weave(true), "threeCalls", -5));
    }

    @Test
    void inertJdkCallsAndExactDesignatedCalleesGetNoCheckpoint() throws Exception {
        // selfStatic's own body has no call and no back-edge: every checkpoint counted would be a call's.
        assertEquals(0, checkpointsDuring(weave(true), "noCheckpointCalls", -5));
    }

    @Test
    void aDesignatedCalleeThatReleasedReacquiresForItsCaller() throws Exception {
        assertEquals(true, call(weave(true), "heldAfterCalleeReleased"));
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void coreJdkAllocationsAndTheirCallsGetNoCheckpoint() throws Exception {
        assertEquals(0, checkpointsDuring(weave(true), "coreAllocations", 3));
    }

    @Test
    void aForeignAllocationIsCheckpointedAfterNewAfterItsConstructorAndAfterTheCall() throws Exception {
        assertEquals(3, checkpointsDuring(weave(true), "foreignAllocation", 3));
    }

    @Test
    void constructingADesignatedClassNeedsNoCheckpointInTheCaller() throws Exception {
        Class<?> c = weave(true);
        // The one checkpoint counted is inside held(), which the constructor calls (after isHeldByCurrentThread).
        assertEquals(checkpointsDuring(c, "held"), checkpointsDuring(c, "selfConstruction"));
    }

    @Test
    void aWovenGetterStaysBelowTheJitsInliningLimit() throws Exception {
        // C2 inlines a callee that is not hot only below MaxInlineSize (35 bytes of bytecode).
        Map<String, Integer> original = CodeLengths.of(ClassFileLocator.ForClassLoader.read(Targets.class));
        Map<String, Integer> woven = CodeLengths.of(woven(true));
        assertEquals(4, original.get("tiny()I"));
        int bracket = woven.get("tiny()I") - original.get("tiny()I");
        assertEquals(BRACKET, bracket, "the nested entry, its null test and the full entry (12), load+exit before the return (4), "
                + "one handler: load+exit+athrow (5)");
        assertTrue(woven.get("tiny()I") < 35, "woven getter: " + woven.get("tiny()I") + " bytes");
    }

    @Test
    void privateHelpersOfAWhollyDesignatedNestGetNoBracket() throws Exception {
        Map<String, Integer> added = addedBytes(wovenAsWholeNest());
        assertEquals(0, added.get("selfStatic(I)I"), "a private helper only designated code calls");
        assertEquals(0, added.get("releaseInside()V"), "no bracket (its only call is jgil's own)");
        assertEquals(BRACKET, added.get("tiny()I"), "public: entered from anywhere");
        assertEquals(BRACKET + 3, added.get("referenced()Z"), "behind a method reference (bracket + one checkpoint)");
        assertEquals(BRACKET, added.get("annotated()I"), "annotated: may be called reflectively");
        assertEquals(BRACKET, added.get("synchronizedHelper()I"), "synchronized: may block on its monitor on entry");
    }

    @Test
    void privateHelpersKeepTheirBracketUnlessTheWholeNestIsDesignated() throws Exception {
        // Designated by its exact name and with an exclusion: a nested class may be undesignated and call in.
        Map<String, Integer> added = addedBytes(woven(true));
        assertEquals(BRACKET, added.get("selfStatic(I)I"));
    }

    @Test
    void callersTakeTheTokenBackAfterAnUnbracketedHelperReleasedIt() throws Exception {
        Class<?> c = load(wovenAsWholeNest());
        assertEquals(true, call(c, "heldAfterCalleeReleased"));
        BooleanSupplier viaReference = (BooleanSupplier) call(c, "methodRef");
        assertTrue(viaReference.getAsBoolean(), "a private method reached through a method reference ran without the GIL");
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void monitorEnterIsFollowedByACheckpoint() throws Exception {
        assertEquals(1, checkpointsDuring(weave(true), "monitor"));
    }

    @Test
    void checkpointsFalseWeavesNone() throws Exception {
        Class<?> c = weave(false);
        assertEquals(0, checkpointsDuring(c, "loop", 1000));
        assertEquals(0, checkpointsDuring(c, "monitor"));
        assertEquals(true, call(c, "held")); // still bracketed
    }

    @Test
    void exceptionalExitReturnsTheGil() throws Exception {
        Class<?> c = weave(true);
        assertThrows(IllegalArgumentException.class, () -> call(c, "boom"));
        assertFalse(lock.isHeldByCurrentThread());
        assertEquals(0, lock.currentThreadState().depth());
    }

    @Test
    void nestedDesignatedCallsCountDepth() throws Exception {
        Class<?> c = weave(true);
        assertEquals(2, call(c, "nestedDepth"));
        assertEquals(0, lock.currentThreadState().depth());
    }

    @Test
    void constructorsAreBracketedIncludingTheirExceptionalExit() throws Exception {
        Class<?> c = weave(true);
        Object ok = c.getConstructor(boolean.class).newInstance(false);
        assertTrue(c.getField("heldInConstructor").getBoolean(ok));
        Object delegating = c.getConstructor(int.class).newInstance(7);
        assertTrue(c.getField("heldInConstructor").getBoolean(delegating));
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> c.getConstructor(boolean.class).newInstance(true));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertFalse(lock.isHeldByCurrentThread(), "the constructor's exceptional exit kept the GIL");
        assertEquals(0, lock.currentThreadState().depth());
    }

    @Test
    void lambdaBodiesFollowTheirDesignatedClass() throws Exception {
        BooleanSupplier s = (BooleanSupplier) call(weave(true), "lambda");
        assertTrue(s.getAsBoolean());
        assertFalse(lock.isHeldByCurrentThread());
    }
}
