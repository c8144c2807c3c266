package com.acme.apps;

/** Says hello; with {@code designate}, calls a method the tests designate and reports whether it held the GIL. */
public final class Hello {
    public static void main(String[] args) {
        boolean held = greet();
        System.out.println("hello");
        System.out.println("agent=" + Probe.agent());
        System.out.println("heldInGreet=" + held);
    }

    static boolean greet() {
        return Probe.held();
    }
}
