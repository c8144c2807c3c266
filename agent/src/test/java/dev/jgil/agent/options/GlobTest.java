package dev.jgil.agent.options;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {

    @Test
    void doubleStarIsThePackageAndItsSubpackages() {
        Glob g = Glob.parse("com.acme.**");
        assertTrue(g.matchesClass("com.acme.Parser"));
        assertTrue(g.matchesClass("com.acme.deep.er.Parser$Inner"));
        assertFalse(g.matchesClass("com.acme"));
        assertFalse(g.matchesClass("com.acmeX.Parser"));
        assertFalse(g.hasMethodPart());
    }

    @Test
    void singleStarIsOneSegment() {
        Glob g = Glob.parse("com.acme.*");
        assertTrue(g.matchesClass("com.acme.Parser"));
        assertTrue(g.matchesClass("com.acme.Parser$Inner"));
        assertFalse(g.matchesClass("com.acme.sub.Parser"));
    }

    @Test
    void starWithinASegment() {
        Glob g = Glob.parse("com.acme.*Service");
        assertTrue(g.matchesClass("com.acme.OrderService"));
        assertTrue(g.matchesClass("com.acme.Service"));
        assertFalse(g.matchesClass("com.acme.OrderServiceImpl"));
        assertFalse(g.matchesClass("com.acme.sub.OrderService"));
        assertTrue(Glob.parse("com.**.*Service").matchesClass("com.acme.sub.OrderService"));
    }

    @Test
    void methodGlobs() {
        Glob g = Glob.parse("com.acme.Parser#parse*");
        assertTrue(g.hasMethodPart());
        assertTrue(g.matchesClass("com.acme.Parser"));
        assertFalse(g.matchesClass("com.acme.Parser2"));
        assertTrue(g.matchesMethod("parse"));
        assertTrue(g.matchesMethod("parseHeader"));
        assertFalse(g.matchesMethod("reparse"));
        assertTrue(Glob.parse("com.acme.Parser#<init>").matchesMethod("<init>"));
    }

    @Test
    void dotsAndDollarsAreLiteral() {
        Glob g = Glob.parse("com.acme.Outer$Inner");
        assertTrue(g.matchesClass("com.acme.Outer$Inner"));
        assertFalse(g.matchesClass("comXacme.Outer$Inner"));
    }
}
