/**
 * Measuring a leader failover from the producer's side: {@link io.samsa.bench.failover.FixedRateProducer} sends at
 * a fixed rate and records when each send was made and acknowledged ({@link io.samsa.bench.failover.Ack});
 * {@link io.samsa.bench.failover.FailoverResult} turns those records and the moment of a {@code kill -9} into
 * recovery times.
 */
package io.samsa.bench.failover;
