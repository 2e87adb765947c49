package io.samsa.broker;

import io.samsa.metadata.PartitionState;

/**
 * The partition epoch of a state read from the metadata: the version of its state znode, which moves with every
 * change. Until the store exposes that version, every state counts as epoch 0, which is right for a single broker
 * (no one but this broker changes its partitions' states). Stateless.
 */
final class PartitionEpochs {
    private PartitionEpochs() {
    }

    static int of(PartitionState state) {
        return 0;
    }
}
