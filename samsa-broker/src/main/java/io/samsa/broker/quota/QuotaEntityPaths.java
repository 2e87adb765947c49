package io.samsa.broker.quota;

import java.util.Optional;
import org.apache.kafka.common.utils.Sanitizer;

/**
 * Where a {@link QuotaEntity}'s configs live in the entity config store, in Kafka 3.x's ZooKeeper layout:
 * {@code users/<user>}, {@code clients/<client-id>} and {@code users/<user>/clients/<client-id>}, each name
 * sanitized as Kafka's {@link Sanitizer} does and the default entity of a kind spelled {@code <default>} (which a
 * sanitized name can never be, as {@code <} and {@code >} are escaped). Stateless.
 */
public final class QuotaEntityPaths {
    private static final String USERS = "users/";
    private static final String CLIENTS = "clients/";
    private static final String USER_CLIENTS = "/clients/";

    private QuotaEntityPaths() {
    }

    /** The entity path of {@code entity}. */
    public static String path(QuotaEntity entity) {
        if (entity.user() == null) {
            return CLIENTS + encode(entity.clientId());
        }
        String user = USERS + encode(entity.user());
        return entity.clientId() == null ? user : user + USER_CLIENTS + encode(entity.clientId());
    }

    /** The quota entity stored at {@code entityPath}; empty for paths that are none (IPs, or malformed ones). */
    public static Optional<QuotaEntity> parse(String entityPath) {
        if (entityPath.startsWith(CLIENTS)) {
            String client = entityPath.substring(CLIENTS.length());
            return client.isEmpty() || client.contains("/") ? Optional.empty()
                    : Optional.of(QuotaEntity.client(decode(client)));
        }
        if (!entityPath.startsWith(USERS)) {
            return Optional.empty();
        }
        String rest = entityPath.substring(USERS.length());
        int split = rest.indexOf(USER_CLIENTS);
        if (split < 0) {
            return rest.isEmpty() || rest.contains("/") ? Optional.empty() : Optional.of(QuotaEntity.user(decode(rest)));
        }
        String user = rest.substring(0, split);
        String client = rest.substring(split + USER_CLIENTS.length());
        if (user.isEmpty() || client.isEmpty() || user.contains("/") || client.contains("/")) {
            return Optional.empty();
        }
        return Optional.of(QuotaEntity.userAndClient(decode(user), decode(client)));
    }

    private static String encode(String name) {
        return QuotaEntity.DEFAULT.equals(name) ? name : Sanitizer.sanitize(name);
    }

    private static String decode(String stored) {
        return QuotaEntity.DEFAULT.equals(stored) ? stored : Sanitizer.desanitize(stored);
    }
}
