package io.samsa.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What one group member reported, as the test reads it: the partitions it owns now, how many rebalances it went
 * through, what it had revoked, the generation of its last assignment and whether its poll loop failed. Deliveries
 * and commits go to the group's {@link DeliveryLog}, when there is one.
 *
 * <p>Thread-safe: written by the member's poll thread (or the reader of a child process's output), read by the test.
 */
final class MemberState implements GroupMember.Events {
    private final String name;
    private final DeliveryLog log;
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile int generation = -1;
    private final AtomicInteger rebalances = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();
    private final List<Set<TopicPartition>> revocations = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    MemberState(String name, DeliveryLog log) {
        this.name = name;
        this.log = log;
    }

    MemberState(String name) {
        this(name, null);
    }

    String name() {
        return name;
    }

    /** The partitions owned after the last callback; empty between an eager revocation and the next assignment. */
    Set<TopicPartition> assignment() {
        return assignment;
    }

    /** How many rebalances completed for this member (onPartitionsAssigned runs once per completed rebalance). */
    int rebalances() {
        return rebalances.get();
    }

    /** The generation of the last completed rebalance, or -1 before the first. */
    int generation() {
        return generation;
    }

    int delivered() {
        return delivered.get();
    }

    /** Every onPartitionsRevoked / onPartitionsLost call's partitions, in order. */
    List<Set<TopicPartition>> revocations() {
        return List.copyOf(revocations);
    }

    /** How the member's poll loop failed, if it did. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void assigned(Set<TopicPartition> added, Set<TopicPartition> now, int generation) {
        this.generation = generation;
        this.assignment = Set.copyOf(now);
        rebalances.incrementAndGet();
    }

    @Override
    public void revoked(Set<TopicPartition> partitions, boolean lost, Set<TopicPartition> remaining) {
        revocations.add(Set.copyOf(partitions));
        this.assignment = Set.copyOf(remaining);
    }

    @Override
    public void delivered(ConsumerRecord<byte[], byte[]> r) {
        delivered.incrementAndGet();
        if (log != null) {
            log.delivered(name, new TopicPartition(r.topic(), r.partition()), r.offset(),
                    r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void committed(Map<TopicPartition, Long> offsets) {
        if (log != null) {
            log.committed(name, offsets);
        }
    }

    @Override
    public void failed(Throwable error) {
        failures.add(error.toString());
    }

    @Override
    public String toString() {
        return name + " owns " + assignment + " after " + rebalances + " rebalances (generation " + generation + ")"
                + (failures.isEmpty() ? "" : ", failed: " + failures);
    }
}
