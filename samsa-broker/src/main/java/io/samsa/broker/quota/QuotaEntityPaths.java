package io.samsa.broker.quota;

import java.util.Optional;
import org.apache.kafka.common.utils.Sanitizer;

/**
 * Where a {@link QuotaEntity}'s configs live in the entity config store, in Kafka 3.x's ZooKeeper layout:
 * {@code users/<user>}, {@code clients/<client-id>} and {@code users/<user>/clients/<client-id>}, each name
 * sanitized as Kafka's {@link Sanitizer} does and the default entity of a kind spelled {@code <default>} (which a
 * sanitized name can never be, as {@code <} and {@code >} are escaped); and IP entities at {@code ips/<ip>}. Stateless.
 */
public final class QuotaEntityPaths {
    private static final String USERS = "users/";
    private static final String CLIENTS = "clients/";
    private static final String USER_CLIENTS = "/clients/";
    private static final String IPS = "ips/";

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

    /** The entity path of an IP entity: {@code ips/<ip>}, or {@code ips/<default>} for {@link QuotaEntity#DEFAULT}. */
    public static String ipPath(String ip) {
        return IPS + encode(ip);
    }

    /**
     * The IP (or {@link QuotaEntity#DEFAULT}) of an IP entity's path; empty for paths of other entities. The name is
     * not checked to be an address.
     */
    public static Optional<String> ip(String entityPath) {
        if (!entityPath.startsWith(IPS) || entityPath.length() == IPS.length()
                || entityPath.indexOf('/', IPS.length()) >= 0) {
            return Optional.empty();
        }
        return Optional.of(decode(entityPath.substring(IPS.length())));
    }

    private static String encode(String name) {
        return QuotaEntity.DEFAULT.equals(name) ? name : Sanitizer.sanitize(name);
    }

    private static String decode(String stored) {
        return QuotaEntity.DEFAULT.equals(stored) ? stored : Sanitizer.desanitize(stored);
    }
}
