package io.samsa.metadata;

/**
 * Told when the cluster's topics or topic configs change (whoever wrote them). Called on the store's event
 * thread; implementations must not block on ZooKeeper.
 */
public interface MetadataListener {
    void onTopicsChanged();

    void onTopicConfigChanged(String topic);
}
