/**
 * A seeded, bounded protocol fuzzer (issue 8). For every API the broker advertises, at every advertised version, it
 * sends a realistic request built with kafka-clients' message classes, then variants of it: one field mutated, a
 * length or count field lying, bytes flipped, the body truncated or replaced by random bytes, a header of another
 * version, a frame size that lies, pipelines that are never read. Each case runs on its own connection and must be
 * answered as the request's bytes dictate (a response that parses at its version, or a closed connection); between
 * cases, well-behaved clients on other connections must be served, and at the end nothing may have leaked.
 *
 * <p>{@link io.samsa.it.fuzz.ProtocolFuzzIT} runs a short form in {@code mvn verify} and a long one with
 * {@code -P fuzz}. Every case is a pure function of the run's seed and its case number, so a failure replays with
 * {@code -Dfuzz.seed=S -Dfuzz.replay=N}.
 */
package io.samsa.it.fuzz;
