/**
 * Small applications that the integration tests run in forked JVMs under the agent. They live outside
 * {@code dev.jgil} because the agent never designates its own packages. Each prints {@code key=value}
 * lines that the tests assert on; none of them knows what the test expects.
 */
package com.acme.apps;
