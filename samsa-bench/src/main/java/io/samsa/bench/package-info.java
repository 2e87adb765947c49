/**
 * Side-by-side benchmarks of Samsa and Apache Kafka: {@link io.samsa.bench.BenchMain} starts each broker in its
 * own JVM, one after the other, drives it with Kafka's own perf tools and writes a Markdown table and PNG charts.
 */
package io.samsa.bench;
