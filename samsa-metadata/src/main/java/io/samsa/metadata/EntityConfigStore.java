package io.samsa.metadata;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Where the configs of users, client ids, user and client-id pairs and IPs live: quotas and SCRAM credentials,
 * keyed by Kafka's entity path under {@code /config}, such as {@code users/alice}, {@code clients/<default>} or
 * {@code users/alice/clients/app-1} (names sanitized as Kafka's {@code Sanitizer} does). Each entity holds a flat
 * string map; quotas and SCRAM share a user's map and each owner changes only its own keys. {@link
 * ZkEntityConfigStore} keeps them in ZooKeeper in Kafka 3.x's layout; every broker loads them at start-up and is
 * told of each change after that, whichever broker made it. Thread-safe.
 */
public interface EntityConfigStore extends AutoCloseable {

    /**
     * Starts watching and returns every stored entity's configs by entity path. {@code onChange} is then told, on a
     * notification thread, of each entity whose configs changed (an empty map when it was removed).
     */
    Map<String, Map<String, String>> start(BiConsumer<String, Map<String, String>> onChange);

    /**
     * Replaces the configs of {@code entityPath} by {@code change} applied to the stored ones, atomically (retried
     * on a concurrent update); an empty result removes the entity unless other entities live under it.
     *
     * @return the configs now stored
     */
    Map<String, String> update(String entityPath, UnaryOperator<Map<String, String>> change);

    @Override
    void close();
}
