package io.samsa.coordinator.txn;

/**
 * Where new producer ids come from: the broker's ZooKeeper-backed block allocator. May block briefly when a new block
 * is claimed. Thread-safe.
 */
@FunctionalInterface
public interface ProducerIdSource {
    long nextProducerId();
}
