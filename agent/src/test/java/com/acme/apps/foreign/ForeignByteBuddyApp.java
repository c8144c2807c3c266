package com.acme.apps.foreign;

import com.acme.apps.Probe;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * An application that ships its own ByteBuddy (another version than the agent's) and uses it while
 * the agent weaves it. Compiled against the agent's ByteBuddy API, run against the foreign jar: the
 * calls used here exist unchanged in both.
 */
public final class ForeignByteBuddyApp {
    public static void main(String[] args) throws Exception {
        Class<?> made = new ByteBuddy()
                .subclass(Object.class)
                .name("com.acme.apps.foreign.Made")
                .method(named("toString")).intercept(FixedValue.value("made by the app's ByteBuddy"))
                .make()
                .load(ForeignByteBuddyApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        System.out.println("made=" + made.getDeclaredConstructor().newInstance());
        System.out.println("byteBuddyFrom=" + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("heldInWork=" + work());
        System.out.println("agent=" + Probe.agent());
    }

    static boolean work() {
        return Probe.held();
    }
}
