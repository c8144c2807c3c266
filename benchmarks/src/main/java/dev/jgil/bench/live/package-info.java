/**
 * The live-view benchmark: {@link dev.jgil.bench.live.BusyTarget}, a JVM to watch, and
 * {@link dev.jgil.bench.live.LiveTopBench}, which measures {@code jgil top}'s latency and its cost on that
 * JVM. Run by {@code benchmarks/live-top.sh}; not part of {@code mvn verify}.
 */
package dev.jgil.bench.live;
