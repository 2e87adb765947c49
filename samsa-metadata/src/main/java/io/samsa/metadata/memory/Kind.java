package io.samsa.metadata.memory;

import io.samsa.metadata.PartitionOrder;
import java.util.Comparator;

/** The znode kinds the in-memory ensemble holds, each with the order its keys are iterated in. */
enum Kind {
    /** {@code /brokers/ids/<Integer>}, ephemeral, value {@code BrokerRegistration}. */
    BROKER(Comparator.naturalOrder()),
    /** {@code /brokers/topics/<String>}, value {@code TopicAssignment}. */
    TOPIC(Comparator.naturalOrder()),
    /** {@code .../partitions/<p>/state} keyed by {@link TopicPartition}, value {@code PartitionState}. */
    STATE(PartitionOrder.INSTANCE),
    /** {@code /config/topics/<String>}, value {@code Map<String, String>}. */
    CONFIG(Comparator.naturalOrder()),
    /** {@code /controller}, ephemeral, single key {@link #SINGLE}, value the broker id. */
    CONTROLLER(Comparator.naturalOrder()),
    /** {@code /controller_epoch}, single key {@link #SINGLE}, value the epoch. */
    CONTROLLER_EPOCH(Comparator.naturalOrder()),
    /** {@code /samsa/controlled_shutdown/<Integer>}, ephemeral, value {@code ControlledShutdownRequest}. */
    SHUTDOWN(Comparator.naturalOrder());

    /** The key of the single-znode kinds. */
    static final String SINGLE = "";

    private final Comparator<?> order;

    Kind(Comparator<?> order) {
        this.order = order;
    }

    @SuppressWarnings("unchecked")
    <K> Comparator<K> order() {
        return (Comparator<K>) order;
    }
}
