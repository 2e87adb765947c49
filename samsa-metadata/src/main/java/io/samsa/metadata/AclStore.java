package io.samsa.metadata;

import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.resource.ResourcePattern;

/**
 * Where ACLs live: one set of access control entries per resource pattern. {@link ZkAclStore} keeps them in
 * ZooKeeper in Kafka 3.x's layout; the broker's authorizer reads them all at start-up and is told of every change
 * after that, whichever broker made it. Thread-safe.
 */
public interface AclStore extends AutoCloseable {

    /**
     * Starts watching and returns every stored pattern with its entries. {@code onChange} is then told, on a
     * notification thread, of each pattern whose entries changed (an empty set when they were removed).
     */
    Map<ResourcePattern, Set<AccessControlEntry>> start(BiConsumer<ResourcePattern, Set<AccessControlEntry>> onChange);

    /**
     * Replaces the entries of {@code resource} by {@code change} applied to the stored ones, atomically (retried
     * on a concurrent update); an empty result removes the pattern.
     *
     * @return the entries now stored
     */
    Set<AccessControlEntry> update(ResourcePattern resource, UnaryOperator<Set<AccessControlEntry>> change);

    @Override
    void close();
}
