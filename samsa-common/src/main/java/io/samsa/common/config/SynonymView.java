package io.samsa.common.config;

import java.util.Objects;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * One synonym of a described config: a name that supplies (or could supply) its value, the value it holds there, and
 * where that value comes from. Kafka lists them highest precedence first, e.g. for a topic's {@code retention.ms}:
 * the topic override ({@code TOPIC_CONFIG}), then {@code log.retention.hours=72} from server.properties
 * ({@code STATIC_BROKER_CONFIG}), then {@code log.retention.hours=168} ({@code DEFAULT_CONFIG}).
 *
 * @param name   the config name at that level, e.g. {@code log.retention.hours}
 * @param value  the value as written there; null when the config is sensitive
 * @param source the level supplying it; its {@link ConfigSource#id()} is the wire byte
 */
public record SynonymView(String name, String value, ConfigSource source) {

    public SynonymView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }
}
