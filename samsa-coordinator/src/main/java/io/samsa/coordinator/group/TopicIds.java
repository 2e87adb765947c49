package io.samsa.coordinator.group;

import java.util.function.Function;
import org.apache.kafka.common.Uuid;

/**
 * Translation between topic ids and names, for OffsetCommit and OffsetFetch v10 which address topics by id while
 * {@code __consumer_offsets} keys by name. Each function returns null for an unknown topic. Both must be thread-safe
 * (they read the broker's metadata cache).
 */
record TopicIds(Function<Uuid, String> nameById, Function<String, Uuid> idByName) {
    static final TopicIds NONE = new TopicIds(id -> null, name -> null);

    /** The topic's name, or null if the id is unknown (or the zero id). */
    String name(Uuid id) {
        return id == null || Uuid.ZERO_UUID.equals(id) ? null : nameById.apply(id);
    }

    /** The topic's id, or null if the topic is unknown. */
    Uuid id(String name) {
        return idByName.apply(name);
    }
}
