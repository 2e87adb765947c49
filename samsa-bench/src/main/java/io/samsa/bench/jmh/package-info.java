/**
 * JMH micro-benchmarks of Samsa's hot paths: batch validation and append ({@code Log.appendAsLeader}), offset
 * index lookup, Produce request decoding and Fetch response encoding; and {@link io.samsa.bench.jmh.JmhSuite},
 * which runs them from the harness.
 */
package io.samsa.bench.jmh;
