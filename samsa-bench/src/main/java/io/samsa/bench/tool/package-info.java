/**
 * Child JVMs with a time limit, and Kafka's perf tools ({@code ProducerPerformance}, {@code ConsumerPerformance},
 * {@code EndToEndLatency}) run in them, with parsers for what each tool prints.
 */
package io.samsa.bench.tool;
