package io.samsa.metadata.memory;

/**
 * One znode created, written or deleted, as a watch delivers it.
 *
 * @param kind         the znode's kind
 * @param key          its key within the kind
 * @param node         the znode after the change, or null if it was deleted
 * @param deletedCzxid for a deletion, the czxid of the incarnation deleted
 */
record Change(Kind kind, Object key, ZNode<?> node, long deletedCzxid) {
    static Change written(Kind kind, Object key, ZNode<?> node) {
        return new Change(kind, key, node, -1);
    }

    static Change deleted(Kind kind, Object key, long czxid) {
        return new Change(kind, key, null, czxid);
    }
}
