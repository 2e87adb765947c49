package io.samsa.metadata.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * One atomic change of the ensemble's tree, like a ZooKeeper multi: every write in it gets the same zxid, and its
 * changes are delivered to watchers together. The body that uses it must check every condition before its first
 * write (there is no rollback); the ensemble runs it under its lock.
 */
final class Txn {
    private final ZNodeTables tree;
    private final long session;
    private final InMemoryEnsemble ensemble;
    private final List<Change> changes = new ArrayList<>();
    private long zxid = -1;

    Txn(InMemoryEnsemble ensemble, ZNodeTables tree, long session) {
        this.ensemble = ensemble;
        this.tree = tree;
        this.session = session;
    }

    long session() {
        return session;
    }

    <V> ZNode<V> get(Kind kind, Object key) {
        return tree.get(kind, key);
    }

    java.util.SortedMap<Object, ZNode<Object>> all(Kind kind) {
        return tree.all(kind);
    }

    /** The zxid this transaction's writes get (allocated at the first use). */
    long zxid() {
        if (zxid < 0) {
            zxid = ensemble.nextZxid();
        }
        return zxid;
    }

    /** Creates a znode that the caller checked is absent; ephemeral ones belong to this transaction's session. */
    <V> ZNode<V> create(Kind kind, Object key, V value, boolean ephemeral) {
        long z = zxid();
        ZNode<V> node = new ZNode<>(value, z, z, 0, ephemeral ? session : 0);
        tree.put(kind, key, node);
        changes.add(Change.written(kind, key, node));
        return node;
    }

    /** Writes a znode that the caller checked exists: version + 1. */
    <V> ZNode<V> set(Kind kind, Object key, V value) {
        ZNode<V> current = tree.get(kind, key);
        ZNode<V> node = current.updated(value, zxid());
        tree.put(kind, key, node);
        changes.add(Change.written(kind, key, node));
        return node;
    }

    void delete(Kind kind, Object key) {
        ZNode<?> removed = tree.remove(kind, key);
        if (removed != null) {
            zxid();
            changes.add(Change.deleted(kind, key, removed.czxid()));
        }
    }

    List<Change> changes() {
        return changes;
    }
}
