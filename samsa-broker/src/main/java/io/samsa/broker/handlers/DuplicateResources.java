package io.samsa.broker.handlers;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The config resources an AlterConfigs or IncrementalAlterConfigs request names more than once. Kafka neither alters
 * such a resource nor answers it more than once: it answers INVALID_REQUEST "Duplicate resource." once per resource.
 * Answering each occurrence instead gives a response the Java admin client cannot read (its map of results throws on
 * the duplicate key). Stateless.
 */
final class DuplicateResources {
    static final String MESSAGE = "Duplicate resource.";

    /** A resource as the request names it: the raw type id (unknown ids stay distinct) and the name. */
    record Key(byte type, String name) {
    }

    private DuplicateResources() {
    }

    /** The keys that occur more than once in {@code keys}, in order of their first repetition. */
    static Set<Key> in(List<Key> keys) {
        Set<Key> seen = new HashSet<>();
        Set<Key> duplicates = new LinkedHashSet<>();
        for (Key k : keys) {
            if (!seen.add(k)) {
                duplicates.add(k);
            }
        }
        return duplicates;
    }
}
