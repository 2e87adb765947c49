package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.metadata.TopicMetadata;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/** Topic name/id lookups shared by handlers of APIs that address topics by id in newer versions. Stateless. */
final class Topics {
    private Topics() {
    }

    /** The name of the topic with {@code id}, if it exists. */
    static Optional<String> nameOf(BrokerContext ctx, Uuid id) {
        for (Map.Entry<String, TopicMetadata> e : ctx.metadata().topics().entrySet()) {
            if (e.getValue().topicId().equals(id)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    static Uuid idOf(BrokerContext ctx, String name) {
        return ctx.metadata().topic(name).map(TopicMetadata::topicId).orElse(Uuid.ZERO_UUID);
    }
}
