package io.samsa.metadata;

/**
 * Told when the cluster's topics or topic configs change (whoever wrote them). Called on the store's event
 * thread; implementations must not block on ZooKeeper.
 *
 * <p>Notifications are coalesced: several changes in quick succession may produce one call, so a listener
 * re-reads the store rather than expecting one call per change.
 */
public interface MetadataListener {
    /** A topic was created, deleted or got new partitions, or a partition's leader/ISR state changed. */
    default void onTopicsChanged() {
    }

    /** The config overrides of {@code topic} changed or were removed. */
    default void onTopicConfigChanged(String topic) {
    }

    /**
     * The dynamic broker configs of {@code entity} (a broker id, or {@code <default>} for the cluster default)
     * changed or were removed.
     */
    default void onBrokerConfigChanged(String entity) {
    }

    /** A broker registered, re-registered (new broker epoch) or went away. */
    default void onBrokersChanged() {
    }

    /** {@code /controller} was created, changed or deleted: another broker may be the controller now. */
    default void onControllerChanged() {
    }

    /** A controlled-shutdown request was created, marked done or went away. */
    default void onControlledShutdownRequestsChanged() {
    }
}
