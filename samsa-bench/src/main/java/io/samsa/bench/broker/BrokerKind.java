package io.samsa.bench.broker;

/** The two brokers compared. Kafka is the reference: ratios are always Samsa over Kafka. */
public enum BrokerKind {
    KAFKA("Kafka"),
    SAMSA("Samsa");

    private final String displayName;

    BrokerKind(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
