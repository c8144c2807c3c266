/** Demo programs replaying the GIL chapter on the JVM. */
package dev.jgil.demo;
