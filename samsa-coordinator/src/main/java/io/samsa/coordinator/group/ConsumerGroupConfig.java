package io.samsa.coordinator.group;

import java.util.List;
import java.util.Map;

/**
 * The broker settings of KIP-848 consumer groups (Kafka's names in the comments).
 *
 * @param heartbeatIntervalMs group.consumer.heartbeat.interval.ms: how often members heartbeat (told in responses)
 * @param sessionTimeoutMs    group.consumer.session.timeout.ms: a member silent that long is removed
 * @param maxSize             group.consumer.max.size
 * @param assignors           group.consumer.assignors: server-side assignor names; the first is the default
 */
public record ConsumerGroupConfig(int heartbeatIntervalMs, int sessionTimeoutMs, int maxSize, List<String> assignors) {
    public static final String HEARTBEAT_INTERVAL_MS_CONFIG = "group.consumer.heartbeat.interval.ms";
    public static final String SESSION_TIMEOUT_MS_CONFIG = "group.consumer.session.timeout.ms";
    public static final String MAX_SIZE_CONFIG = "group.consumer.max.size";
    public static final String ASSIGNORS_CONFIG = "group.consumer.assignors";

    /** Kafka 4.1's defaults. */
    public static final ConsumerGroupConfig DEFAULT = new ConsumerGroupConfig(5_000, 45_000, Integer.MAX_VALUE,
        List.of(UniformAssignor.NAME, RangeAssignor.NAME));

    public ConsumerGroupConfig {
        assignors = List.copyOf(assignors);
        if (assignors.isEmpty()) {
            throw new IllegalArgumentException(ASSIGNORS_CONFIG + " must name at least one assignor");
        }
        for (String a : assignors) {
            if (PartitionAssignor.named(a) == null) {
                throw new IllegalArgumentException("Unknown assignor in " + ASSIGNORS_CONFIG + ": " + a
                    + " (known: " + UniformAssignor.NAME + ", " + RangeAssignor.NAME + ")");
            }
        }
        if (heartbeatIntervalMs <= 0 || sessionTimeoutMs <= 0 || maxSize <= 0) {
            throw new IllegalArgumentException("consumer group heartbeat interval, session timeout and max size must"
                + " be positive");
        }
    }

    /**
     * Reads the settings from broker properties (the keys above; missing keys take Kafka's defaults). Assignors may
     * be given by name or by Kafka's class name ({@code org.apache.kafka.coordinator.group.assignor.UniformAssignor}).
     */
    public static ConsumerGroupConfig from(Map<String, String> props) {
        List<String> assignors = DEFAULT.assignors();
        String a = props.get(ASSIGNORS_CONFIG);
        if (a != null && !a.isBlank()) {
            assignors = java.util.Arrays.stream(a.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(ConsumerGroupConfig::assignorName).toList();
        }
        return new ConsumerGroupConfig(
            intValue(props, HEARTBEAT_INTERVAL_MS_CONFIG, DEFAULT.heartbeatIntervalMs()),
            intValue(props, SESSION_TIMEOUT_MS_CONFIG, DEFAULT.sessionTimeoutMs()),
            intValue(props, MAX_SIZE_CONFIG, DEFAULT.maxSize()),
            assignors);
    }

    private static String assignorName(String nameOrClass) {
        return switch (nameOrClass) {
            case "org.apache.kafka.coordinator.group.assignor.UniformAssignor" -> UniformAssignor.NAME;
            case "org.apache.kafka.coordinator.group.assignor.RangeAssignor" -> RangeAssignor.NAME;
            default -> nameOrClass;
        };
    }

    private static int intValue(Map<String, String> props, String key, int defaultValue) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + v + " for " + key, e);
        }
    }

    /** The default assignor: the first configured. */
    String defaultAssignor() {
        return assignors.get(0);
    }
}
