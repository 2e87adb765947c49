package io.samsa.metadata.memory;

/**
 * One znode's value with the Stat fields the metadata code depends on.
 *
 * @param value          decoded value
 * @param czxid          zxid of the create (a broker registration's czxid is its broker epoch)
 * @param mzxid          zxid of the last write
 * @param version        data version: 0 when created, +1 per write
 * @param ephemeralOwner session id owning an ephemeral znode, 0 for a persistent one
 */
record ZNode<V>(V value, long czxid, long mzxid, int version, long ephemeralOwner) {
    boolean isNewerThan(ZNode<?> other) {
        return czxid > other.czxid || (czxid == other.czxid && mzxid > other.mzxid);
    }

    ZNode<V> updated(V newValue, long zxid) {
        return new ZNode<>(newValue, czxid, zxid, version + 1, ephemeralOwner);
    }
}
