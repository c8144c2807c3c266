/** JMH benchmarks, each figure beside its baseline in the same run. */
package dev.jgil.bench;
