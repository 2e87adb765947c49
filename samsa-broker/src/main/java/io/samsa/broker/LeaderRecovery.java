package io.samsa.broker;

import io.samsa.metadata.LeaderRecoveryState;
import io.samsa.metadata.MetadataStore;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.Versioned;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a partition RECOVERED once this broker leads it after an unclean or last-known-leader election (KIP-704's
 * leader recovery state). The leader's log is the partition's log from then on, so there is nothing to wait for:
 * the mark is one conditional write of the state this broker was elected by, on the blocking executor. A conflict
 * means the state moved on and the next state will be handled in turn. Thread-safe.
 */
final class LeaderRecovery {
    private static final Logger log = LoggerFactory.getLogger(LeaderRecovery.class);

    private final MetadataStore metadata;
    private final Executor executor;

    LeaderRecovery(MetadataStore metadata, Executor executor) {
        this.metadata = metadata;
        this.executor = executor;
    }

    void markRecovered(TopicPartition tp, Versioned<PartitionState> electedBy) {
        executor.execute(() -> {
            try {
                metadata.updatePartitionState(tp,
                        electedBy.value().withLeaderRecoveryState(LeaderRecoveryState.RECOVERED),
                        electedBy.version());
            } catch (RuntimeException e) {
                log.warn("{}: could not mark the partition recovered: {}", tp, e.toString());
            }
        });
    }
}
