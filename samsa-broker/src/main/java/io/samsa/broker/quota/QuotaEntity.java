package io.samsa.broker.quota;

/**
 * One entity quotas are configured for, as Kafka names them in ZooKeeper: a user, a client id, or a user and a
 * client id, where either may be the {@code <default>} of its kind. A null field means the entity does not name
 * that kind (a client-id entity has no user).
 *
 * @param user     the user's principal name, {@link #DEFAULT}, or null
 * @param clientId the client id, {@link #DEFAULT}, or null
 */
public record QuotaEntity(String user, String clientId) {
    /** Kafka's name of the default entity of a kind ({@code <default>} in ZooKeeper and kafka-configs). */
    public static final String DEFAULT = "<default>";

    public QuotaEntity {
        if (user == null && clientId == null) {
            throw new IllegalArgumentException("A quota entity names a user, a client id, or both");
        }
    }

    public static QuotaEntity user(String user) {
        return new QuotaEntity(user, null);
    }

    public static QuotaEntity client(String clientId) {
        return new QuotaEntity(null, clientId);
    }

    public static QuotaEntity userAndClient(String user, String clientId) {
        return new QuotaEntity(user, clientId);
    }
}
