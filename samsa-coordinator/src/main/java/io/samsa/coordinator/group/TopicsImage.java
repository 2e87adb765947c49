package io.samsa.coordinator.group;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.Uuid;

/**
 * The cluster's topics as the group coordinator sees them: consumer groups subscribe by name or regex, are assigned
 * partitions by topic id, and OffsetCommit/OffsetFetch v10 address topics by id. Supplied by the broker (backed by its
 * metadata store); reads must be cheap and non-blocking, they run on the coordinator thread. Thread-safe.
 *
 * <p>When topics are created, deleted or get partitions, the broker calls {@link GroupCoordinator#onTopicsChanged()}
 * so that consumer groups whose subscriptions are affected get a new target assignment.
 */
public interface TopicsImage {

    /** A topic: its id, name and number of partitions. */
    record Topic(Uuid id, String name, int partitionCount) {
        public Topic {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /** No topics at all. */
    TopicsImage EMPTY = Map::of;

    /** Every topic, by name. */
    Map<String, Topic> topics();

    /** The topic with this name, or null. */
    default Topic topic(String name) {
        return topics().get(name);
    }

    /** The topic with this id, or null. */
    default Topic topicById(Uuid id) {
        for (Topic t : topics().values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }
}
