package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.metadata.TopicMetadata;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/** Topic name/id lookups shared by handlers of APIs that address topics by id in newer versions. Stateless. */
final class Topics {
    private Topics() {
    }

    /** The name of the topic with {@code id}, if it exists. */
    static Optional<String> nameOf(BrokerContext ctx, Uuid id) {
        return ctx.metadata().topicById(id).map(TopicMetadata::name);
    }

    /**
     * The error for a partition this broker does not host: KAFKA_STORAGE_ERROR if its replica here is offline (its
     * log could not be created), NOT_LEADER_OR_FOLLOWER if it exists (another broker leads it, or it is being created
     * here), UNKNOWN_TOPIC_OR_PARTITION if the topic or the partition index does not exist.
     */
    static org.apache.kafka.common.protocol.Errors notHostedError(BrokerContext ctx, String topic, int partition) {
        if (ctx.replicaManager().isOffline(new org.apache.kafka.common.TopicPartition(topic, partition))) {
            return org.apache.kafka.common.protocol.Errors.KAFKA_STORAGE_ERROR;
        }
        boolean exists = ctx.metadata().topic(topic).map(t -> t.assignment().containsKey(partition)).orElse(false);
        return exists ? org.apache.kafka.common.protocol.Errors.NOT_LEADER_OR_FOLLOWER
                : org.apache.kafka.common.protocol.Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }

    static Uuid idOf(BrokerContext ctx, String name) {
        return ctx.metadata().topic(name).map(TopicMetadata::topicId).orElse(Uuid.ZERO_UUID);
    }

    /** Partitions of {@code topic} whose replica on this broker is offline (no usable log); almost always none. */
    static java.util.Set<Integer> offlineHere(BrokerContext ctx, String topic) {
        java.util.Set<org.apache.kafka.common.TopicPartition> offline = ctx.replicaManager().offlinePartitions();
        if (offline.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<Integer> out = new java.util.HashSet<>();
        for (org.apache.kafka.common.TopicPartition tp : offline) {
            if (tp.topic().equals(topic)) {
                out.add(tp.partition());
            }
        }
        return out;
    }
}
