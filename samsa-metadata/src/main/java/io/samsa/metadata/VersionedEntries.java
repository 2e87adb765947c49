package io.samsa.metadata;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * Decoded znodes of one kind, each stamped with the zxids that identify its version, so that updates arriving
 * from two sources (the store's own writes, applied as soon as ZooKeeper accepts them, and the watch-driven
 * cache, which may still be delivering older events) can be applied in any order and still converge on the
 * newest state.
 *
 * <p>A znode incarnation is identified by its {@code czxid} (a deleted and re-created znode gets a new, larger
 * one) and its version within the incarnation by its {@code mzxid}. An update is applied only if its
 * {@code (czxid, mzxid)} is larger than what is held. A removal leaves a tombstone, the czxid of the removed
 * incarnation, so that a late event for that incarnation does not bring it back; a watch-driven removal, the
 * last event the cache will deliver for an incarnation, clears the tombstone again.
 *
 * <p>Worked example: this store creates topic {@code t} (czxid 10) and deletes it; the cache is still behind
 * and then delivers "created t, czxid 10": ignored, 10 &lt;= tombstone 10. Another broker re-creates {@code t}
 * (czxid 15): applied, and the tombstone goes.
 *
 * <p>Reads are lock-free; mutators must be called under the owning cache's lock. Not otherwise thread-safe.
 */
final class VersionedEntries<K, V> {
    /** A value with the zxids and the data version of the znode it was read from or written as. */
    record Entry<V>(V value, long czxid, long mzxid, int version) {
        boolean isNewerThan(Entry<?> other) {
            return czxid > other.czxid || (czxid == other.czxid && mzxid > other.mzxid);
        }

        Versioned<V> versioned() {
            return new Versioned<>(value, version, mzxid);
        }
    }

    private final ConcurrentSkipListMap<K, Entry<V>> live;
    private final Map<K, Long> tombstones = new HashMap<>();
    /** Bumped after every change to the live entries, so readers can cache views derived from them. */
    private final java.util.concurrent.atomic.AtomicLong modifications = new java.util.concurrent.atomic.AtomicLong();

    VersionedEntries(Comparator<? super K> order) {
        this.live = new ConcurrentSkipListMap<>(order);
    }

    /** Applies {@code entry} unless what is held is as new or newer; returns whether anything changed. */
    boolean put(K key, Entry<V> entry) {
        Long tombstone = tombstones.get(key);
        if (tombstone != null) {
            if (entry.czxid() <= tombstone) {
                return false;
            }
            tombstones.remove(key);
        }
        Entry<V> current = live.get(key);
        if (current != null && !entry.isNewerThan(current)) {
            return false;
        }
        live.put(key, entry);
        modifications.incrementAndGet();
        return current == null || !current.value().equals(entry.value());
    }

    /**
     * Removes the incarnation created at {@code czxid} (or an older one); a newer incarnation stays.
     *
     * @param fromWatch true when the watch-driven cache reports the deletion, which is the last event it
     *                  delivers for that incarnation, so no tombstone needs to stay behind
     * @return whether an entry was removed
     */
    boolean remove(K key, long czxid, boolean fromWatch) {
        Entry<V> current = live.get(key);
        if (current != null && current.czxid() > czxid) {
            return false;
        }
        if (fromWatch) {
            tombstones.computeIfPresent(key, (k, t) -> t <= czxid ? null : t);
        } else {
            tombstones.merge(key, czxid, Math::max);
        }
        boolean removed = current != null && live.remove(key) != null;
        if (removed) {
            modifications.incrementAndGet();
        }
        return removed;
    }

    /** A counter that changes whenever the live entries change. */
    long modifications() {
        return modifications.get();
    }

    /** Removes whatever is held for {@code key} (its incarnation is unknown to the caller). */
    boolean removeCurrent(K key) {
        Entry<V> current = live.get(key);
        return current != null && remove(key, current.czxid(), false);
    }

    Entry<V> entry(K key) {
        return live.get(key);
    }

    V get(K key) {
        Entry<V> entry = live.get(key);
        return entry == null ? null : entry.value();
    }

    List<K> keys(K from, K to) {
        return List.copyOf(live.subMap(from, true, to, true).keySet());
    }

    NavigableMap<K, V> values() {
        return values(live);
    }

    NavigableMap<K, V> values(K from, K to) {
        return values(live.subMap(from, true, to, true));
    }

    private static <K, V> NavigableMap<K, V> values(ConcurrentNavigableMap<K, Entry<V>> map) {
        return map.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value(),
            (a, b) -> a, () -> new TreeMap<>(map.comparator())));
    }

    int tombstoneCount() {
        return tombstones.size();
    }
}
