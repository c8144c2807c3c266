package dev.jgil.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Site names do not carry the run-to-run numbers of generated classes, so one call site is one site in every recording. */
class StackSitesTest {
    @Test
    void lambdaClassesLoseTheirNumbersInEveryJdkSpelling() {
        assertEquals("com.acme.Foo$$Lambda", StackSites.stripGeneratedSuffix("com.acme.Foo$$Lambda$123/0x0000000800c0b000"));
        assertEquals("com.acme.Foo$$Lambda", StackSites.stripGeneratedSuffix("com.acme.Foo$$Lambda/0x000001f2a3b4c5d6"));
        assertEquals("com.acme.Foo$$Lambda", StackSites.stripGeneratedSuffix("com.acme.Foo$$Lambda+0x00007f5e70018f98.817348612"));
        assertEquals("com.acme.Foo$$Lambda", StackSites.stripGeneratedSuffix("com.acme.Foo$$Lambda$7"));
    }

    @Test
    void otherHiddenClassesLoseTheirAddressOnly() {
        assertEquals("com.acme.Proxy", StackSites.stripGeneratedSuffix("com.acme.Proxy/0x0000000800c0b000"));
        assertEquals("com.acme.Proxy", StackSites.stripGeneratedSuffix("com.acme.Proxy+0x00007f5e70018f98.42"));
    }

    @Test
    void ordinaryNamesAreUntouched() {
        assertEquals("com.acme.Foo$Inner", StackSites.stripGeneratedSuffix("com.acme.Foo$Inner"));
        assertEquals("com.acme.Ox0Handler", StackSites.stripGeneratedSuffix("com.acme.Ox0Handler"));
    }
}
