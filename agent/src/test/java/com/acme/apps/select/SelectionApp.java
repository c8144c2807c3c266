package com.acme.apps.select;

import com.acme.apps.Probe;

/** Prints, for each method, whether it ran holding the GIL; and whether thrown exits left the thread clean. */
public final class SelectionApp {
    public static void main(String[] args) {
        Parser p = new Parser();
        System.out.println("Parser.<init>=" + p.heldInConstructor);
        System.out.println("Parser.parseHeader=" + p.parseHeader());
        System.out.println("Parser.parseBody=" + p.parseBody());
        System.out.println("Parser.parseSkipped=" + p.parseSkipped());
        System.out.println("Parser.format=" + p.format());
        System.out.println("Annotated.marked=" + Annotated.marked());
        System.out.println("Annotated.unmarked=" + Annotated.unmarked());
        System.out.println("WholeClass.one=" + WholeClass.one());
        System.out.println("WholeClass.two=" + WholeClass.two());
        System.out.println("Plain.run=" + Plain.run());
        boolean constructorThrew = false;
        try {
            new Thrower(true);
        } catch (IllegalStateException e) {
            constructorThrew = e.getMessage().startsWith("thrown while holding");
        }
        boolean methodThrew = false;
        try {
            Thrower.fail();
        } catch (IllegalStateException e) {
            methodThrew = true;
        }
        System.out.println("Thrower.constructorThrewHolding=" + constructorThrew);
        System.out.println("Thrower.methodThrew=" + methodThrew);
        // After exceptional exits the main thread must be outside designated code and not own the GIL.
        System.out.println("main.depthAfterThrows=" + Probe.depth());
        System.out.println("main.heldAfterThrows=" + Probe.held());
    }
}
