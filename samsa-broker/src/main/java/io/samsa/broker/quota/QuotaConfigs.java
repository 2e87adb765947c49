package io.samsa.broker.quota;

import java.util.Map;
import java.util.Optional;

/**
 * The client quotas configured in the cluster, as a snapshot: per entity, its quota values by {@link QuotaType}
 * config key. Resolves which entity's value governs a connection with Kafka's precedence, most specific first:
 * <ol>
 *   <li>user and client id; user and default client id; user;</li>
 *   <li>default user and client id; default user and default client id; default user;</li>
 *   <li>client id; default client id.</li>
 * </ol>
 * Immutable; the quota manager swaps in a new snapshot when the configs change.
 *
 * @param byEntity every configured entity's values (config key to value)
 */
public record QuotaConfigs(Map<QuotaEntity, Map<String, Double>> byEntity) {
    public static final QuotaConfigs NONE = new QuotaConfigs(Map.of());

    public QuotaConfigs {
        byEntity = Map.copyOf(byEntity);
    }

    /** The governing quota of {@code type} for {@code user} and {@code clientId}, if any entity sets one. */
    public Optional<Resolved> resolve(QuotaType type, String user, String clientId) {
        if (byEntity.isEmpty()) {
            return Optional.empty();
        }
        String d = QuotaEntity.DEFAULT;
        QuotaEntity[] order = {
            QuotaEntity.userAndClient(user, clientId), QuotaEntity.userAndClient(user, d), QuotaEntity.user(user),
            QuotaEntity.userAndClient(d, clientId), QuotaEntity.userAndClient(d, d), QuotaEntity.user(d),
            QuotaEntity.client(clientId), QuotaEntity.client(d)};
        for (QuotaEntity entity : order) {
            Map<String, Double> values = byEntity.get(entity);
            Double bound = values == null ? null : values.get(type.configKey());
            if (bound != null) {
                // Kafka's metric tags: the kinds the matched entity names, with the connection's actual values, so
                // that every client under a default quota has a quota of its own.
                return Optional.of(new Resolved(bound, entity.user() == null ? "" : user,
                        entity.clientId() == null ? "" : clientId));
            }
        }
        return Optional.empty();
    }

    /**
     * A quota that applies to a connection.
     *
     * @param bound    the quota value
     * @param user     the user tag of the sensor it is measured in ("" when the entity names no user)
     * @param clientId the client-id tag ("" when the entity names no client id)
     */
    public record Resolved(double bound, String user, String clientId) {
    }
}
