package io.samsa.metadata.memory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Znodes by kind and key, in each kind's order: the ensemble's authoritative tree, and each client's copy of it.
 *
 * <p>A copy applies delivered {@link Change}s with {@link #apply}, which keeps the newest incarnation and version
 * whatever the order changes arrive in (a client applies its own writes before their watch events arrive), as
 * the ZooKeeper store's {@code VersionedEntries} does: a change is applied only if its (czxid, mzxid) is newer,
 * and a deletion leaves a tombstone so that a late event for the deleted incarnation does not bring it back.
 *
 * <p>Not thread-safe: the owner serializes access.
 */
final class ZNodeTables {
    private final EnumMap<Kind, TreeMap<Object, ZNode<?>>> nodes = new EnumMap<>(Kind.class);
    private final EnumMap<Kind, Map<Object, Long>> tombstones = new EnumMap<>(Kind.class);

    ZNodeTables() {
        for (Kind kind : Kind.values()) {
            nodes.put(kind, new TreeMap<>(kind.order()));
            tombstones.put(kind, new HashMap<>());
        }
    }

    @SuppressWarnings("unchecked")
    <V> ZNode<V> get(Kind kind, Object key) {
        return (ZNode<V>) nodes.get(kind).get(key);
    }

    /** An unmodifiable live view of one kind. */
    @SuppressWarnings("unchecked")
    <K, V> SortedMap<K, ZNode<V>> all(Kind kind) {
        return Collections.unmodifiableSortedMap((SortedMap<K, ZNode<V>>) (SortedMap<?, ?>) nodes.get(kind));
    }

    /** An unmodifiable live view of the keys from {@code from} to {@code to}, both included. */
    @SuppressWarnings("unchecked")
    <K, V> SortedMap<K, ZNode<V>> range(Kind kind, K from, K to) {
        return Collections.unmodifiableSortedMap(
            (SortedMap<K, ZNode<V>>) (SortedMap<?, ?>) nodes.get(kind).subMap(from, true, to, true));
    }

    void put(Kind kind, Object key, ZNode<?> node) {
        nodes.get(kind).put(key, node);
    }

    @SuppressWarnings("unchecked")
    <V> ZNode<V> remove(Kind kind, Object key) {
        return (ZNode<V>) nodes.get(kind).remove(key);
    }

    /** Applies a delivered change unless what is held is as new or newer; returns whether anything changed. */
    boolean apply(Change change) {
        TreeMap<Object, ZNode<?>> table = nodes.get(change.kind());
        Map<Object, Long> dead = tombstones.get(change.kind());
        ZNode<?> current = table.get(change.key());
        if (change.node() == null) {
            if (current != null && current.czxid() > change.deletedCzxid()) {
                return false;
            }
            dead.merge(change.key(), change.deletedCzxid(), Math::max);
            return table.remove(change.key()) != null;
        }
        Long tombstone = dead.get(change.key());
        if (tombstone != null) {
            if (change.node().czxid() <= tombstone) {
                return false;
            }
            dead.remove(change.key());
        }
        if (current != null && !change.node().isNewerThan(current)) {
            return false;
        }
        table.put(change.key(), change.node());
        return true;
    }

    /** Replaces this copy by the content of {@code source} (a resync after a new session). */
    void copyFrom(ZNodeTables source) {
        for (Kind kind : Kind.values()) {
            nodes.get(kind).clear();
            nodes.get(kind).putAll(source.nodes.get(kind));
            tombstones.get(kind).clear();
        }
    }
}
