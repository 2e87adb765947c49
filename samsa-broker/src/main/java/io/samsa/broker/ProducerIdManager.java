package io.samsa.broker;

import io.samsa.metadata.MetadataStore;

/**
 * Hands out producer ids for InitProducerId. Ids are reserved from ZooKeeper in blocks
 * ({@code /latest_producer_id_block}, as Kafka does), so they stay unique across brokers and restarts: a
 * restarted broker never hands out an id whose old state is still in some log.
 *
 * <p>Thread-safe; a block reservation is a ZooKeeper write, so callers run on a blocking executor.
 */
public final class ProducerIdManager {
    static final int BLOCK_SIZE = 1000;

    private final MetadataStore metadata;
    private final int brokerId;
    private long next;
    private long blockEnd = -1;

    public ProducerIdManager(MetadataStore metadata, int brokerId) {
        this.metadata = metadata;
        this.brokerId = brokerId;
    }

    public synchronized long nextProducerId() {
        if (next > blockEnd) {
            long start = metadata.allocateProducerIdBlock(brokerId, BLOCK_SIZE);
            next = start;
            blockEnd = start + BLOCK_SIZE - 1;
        }
        return next++;
    }
}
