package io.samsa.broker.quota;

/**
 * The client quotas Kafka enforces per user and client id, with their config keys (as stored under
 * {@code /config/users} and {@code /config/clients} and set by {@code kafka-configs}).
 */
public enum QuotaType {
    /** Bytes a second of produce requests. */
    PRODUCE("producer_byte_rate"),
    /** Bytes a second of fetch responses. */
    FETCH("consumer_byte_rate"),
    /** Share of one request-handling thread's time, in percent (200 = two threads). */
    REQUEST("request_percentage"),
    /** Partition mutations a second of CreateTopics, CreatePartitions and DeleteTopics. */
    CONTROLLER_MUTATION("controller_mutation_rate");

    private final String configKey;

    QuotaType(String configKey) {
        this.configKey = configKey;
    }

    public String configKey() {
        return configKey;
    }
}
