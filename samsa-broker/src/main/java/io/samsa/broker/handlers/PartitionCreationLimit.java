package io.samsa.broker.handlers;

import org.apache.kafka.common.errors.PolicyViolationException;

/**
 * The most partitions one CreateTopics or CreatePartitions request may create, counted over all its topics and
 * checked before anything is assigned or allocated, for {@code validate_only} requests too.
 *
 * <p>Without a cap, one request for a million partitions had the broker build a million replica lists and run out of
 * heap. Kafka 4 refuses an operation of more than 10,000 metadata records with POLICY_VIOLATION ("Unable to perform
 * excessively large batch operation"), and a topic of N partitions takes N + 1 records; Samsa counts partitions
 * only, so a topic of exactly 10,000 partitions is still allowed here. Larger topics are created in steps with
 * CreatePartitions, as with Kafka. Stateless.
 */
final class PartitionCreationLimit {
    static final int MAX_PARTITIONS_PER_REQUEST = 10_000;

    private PartitionCreationLimit() {
    }

    /** Throws PolicyViolationException if {@code partitions} (the request's total) is over the cap. */
    static void check(long partitions) {
        if (partitions > MAX_PARTITIONS_PER_REQUEST) {
            throw new PolicyViolationException("Unable to perform excessively large batch operation: the request "
                    + "would create " + partitions + " partitions, more than the " + MAX_PARTITIONS_PER_REQUEST
                    + " allowed in one request.");
        }
    }
}
