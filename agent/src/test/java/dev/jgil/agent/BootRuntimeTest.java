package dev.jgil.agent;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class-file header reader and the supertypes-first order in which the runtime is defined. */
class BootRuntimeTest {
    private static byte[] classFile(Class<?> c) throws Exception {
        return classFile(c.getName());
    }

    private static byte[] classFile(String name) throws Exception {
        try (InputStream in = BootRuntimeTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsSuperClassAndInterfaces() throws Exception {
        assertEquals(List.of("dev.jgil.runtime.GilPolicy"),
                BootRuntime.ClassHeader.supertypes(classFile("dev.jgil.runtime.SwitchPolicy")));
        assertEquals(List.of("java.lang.Object", "java.util.function.BiFunction"),
                BootRuntime.ClassHeader.supertypes(classFile(dev.jgil.agent.inject.BootDefiner.class)));
        // Long and double constants take two constant-pool slots: GilLock has both kinds.
        assertEquals("dev.jgil.runtime.GilSettings",
                BootRuntime.ClassHeader.supertypes(classFile(dev.jgil.runtime.GilLock.class)).get(0));
    }

    @Test
    void definesSupertypesFirst() throws Exception {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String c : List.of("dev.jgil.runtime.SwitchPolicy", "dev.jgil.runtime.TicksPolicy",
                "dev.jgil.runtime.Gil", "dev.jgil.runtime.GilPolicy")) {
            classes.put(c, classFile(c));
        }
        List<String> order = BootRuntime.definitionOrder(classes);
        assertEquals(4, order.size());
        int base = order.indexOf("dev.jgil.runtime.GilPolicy");
        assertTrue(base < order.indexOf("dev.jgil.runtime.SwitchPolicy"), order::toString);
        assertTrue(base < order.indexOf("dev.jgil.runtime.TicksPolicy"), order::toString);
    }
}
