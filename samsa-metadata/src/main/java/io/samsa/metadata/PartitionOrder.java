package io.samsa.metadata;

import java.util.Comparator;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions by topic name, then index: the order every sorted map of partitions in this module uses, so that
 * iteration (and with it logs, batches and a simulation's replay) is deterministic. Written out rather than composed
 * from {@code Comparator.comparing}, because it sits on the hot path of maps of tens of thousands of partitions.
 */
public final class PartitionOrder implements Comparator<TopicPartition> {
    public static final PartitionOrder INSTANCE = new PartitionOrder();

    private PartitionOrder() {
    }

    @Override
    public int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
