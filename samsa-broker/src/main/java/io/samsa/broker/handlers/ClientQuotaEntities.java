package io.samsa.broker.handlers;

import io.samsa.broker.quota.IpConnectionRates;
import io.samsa.broker.quota.QuotaEntity;
import io.samsa.broker.quota.QuotaEntityPaths;
import io.samsa.broker.quota.QuotaType;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.quota.ClientQuotaEntity;

/**
 * What DescribeClientQuotas and AlterClientQuotas share: Kafka's quota entities (user, client-id, user and
 * client-id, or ip; a null name is the default of its kind) mapped to their entity paths in the entity config store,
 * and the keys and value types each kind of entity accepts. Stateless.
 */
final class ClientQuotaEntities {
    /** The keys of user and client-id entities, with the types Kafka's QuotaConfig gives them. */
    private static final Map<String, ValueType> CLIENT_KEYS = Map.of(
            QuotaType.PRODUCE.configKey(), ValueType.LONG,
            QuotaType.FETCH.configKey(), ValueType.LONG,
            QuotaType.REQUEST.configKey(), ValueType.DOUBLE,
            QuotaType.CONTROLLER_MUTATION.configKey(), ValueType.DOUBLE);
    private static final Map<String, ValueType> IP_KEYS = Map.of(IpConnectionRates.KEY, ValueType.INT);

    /** How a quota key's value is typed, and so which values it takes (above 0 for all of them). */
    enum ValueType {
        LONG("a LONG", Long.MAX_VALUE),
        INT("an INT", Integer.MAX_VALUE),
        DOUBLE(null, 0);

        private final String article;
        private final long max;

        ValueType(String article, long max) {
            this.article = article;
            this.max = max;
        }

        /**
         * The value as stored: a whole number for the integral types, as Kafka 3.x's ZooKeeper configs spell them.
         *
         * @throws InvalidRequestException with KRaft Kafka's message when {@code key} cannot take {@code value}
         */
        String render(String key, double value) {
            // Kafka takes NaN and infinity for a DOUBLE; no quota can mean either, so they are refused here.
            if (Double.isNaN(value) || (this == DOUBLE && Double.isInfinite(value))) {
                throw new InvalidRequestException("Quota " + key + " must be a finite number");
            }
            if (value <= 0.0) {
                throw new InvalidRequestException("Quota " + key + " must be greater than 0");
            }
            if (this == DOUBLE) {
                return Double.toString(value);
            }
            if (value > max) {
                throw new InvalidRequestException("Proposed value for " + key + " is too large for " + article + ".");
            }
            // Kafka's tolerance: a remainder up to 1e-6 is taken for the whole number below it.
            if (Math.abs(value % 1.0) > 1e-6) {
                throw new InvalidRequestException(key + " cannot be a fractional value.");
            }
            return Long.toString((long) value);
        }
    }

    private ClientQuotaEntities() {
    }

    /**
     * The store path of an entity given as entity type to name (null name: the default).
     *
     * @throws InvalidRequestException for an empty entity, an unknown type, an empty name, or an IP with a user or
     *                                  client id
     */
    static String path(Map<String, String> entity) {
        if (entity.isEmpty()) {
            throw new InvalidRequestException("Invalid empty client quota entity");
        }
        entity.forEach((type, name) -> {
            if (!Set.of(ClientQuotaEntity.USER, ClientQuotaEntity.CLIENT_ID, ClientQuotaEntity.IP).contains(type)) {
                throw new InvalidRequestException("Unhandled client quota entity type: " + type);
            }
            // An empty name would make a malformed path (users/), which no broker reads back.
            if (name != null && name.isEmpty()) {
                throw new InvalidRequestException("Empty " + type + " not supported");
            }
        });
        if (entity.containsKey(ClientQuotaEntity.IP)) {
            if (entity.size() > 1) {
                throw new InvalidRequestException(
                        "Invalid quota entity combination, IP entity should not be combined with User or ClientId");
            }
            String ip = entity.get(ClientQuotaEntity.IP);
            if (ip == null) {
                return QuotaEntityPaths.ipPath(QuotaEntity.DEFAULT);
            }
            if (!isIpAddress(ip)) {
                throw new InvalidRequestException(ip + " is not a valid IP address");
            }
            return QuotaEntityPaths.ipPath(ip);
        }
        String user = entity.containsKey(ClientQuotaEntity.USER)
                ? orDefault(entity.get(ClientQuotaEntity.USER)) : null;
        String client = entity.containsKey(ClientQuotaEntity.CLIENT_ID)
                ? orDefault(entity.get(ClientQuotaEntity.CLIENT_ID)) : null;
        return QuotaEntityPaths.path(new QuotaEntity(user, client));
    }

    /** The entity stored at {@code path} as entity type to name (null: the default); empty for other paths. */
    static Optional<Map<String, String>> entity(String path) {
        Map<String, String> entity = new LinkedHashMap<>();
        Optional<String> ip = QuotaEntityPaths.ip(path);
        if (ip.isPresent()) {
            entity.put(ClientQuotaEntity.IP, QuotaEntity.DEFAULT.equals(ip.get()) ? null : ip.get());
            return Optional.of(entity);
        }
        return QuotaEntityPaths.parse(path).map(e -> {
            if (e.user() != null) {
                entity.put(ClientQuotaEntity.USER, QuotaEntity.DEFAULT.equals(e.user()) ? null : e.user());
            }
            if (e.clientId() != null) {
                entity.put(ClientQuotaEntity.CLIENT_ID,
                        QuotaEntity.DEFAULT.equals(e.clientId()) ? null : e.clientId());
            }
            return entity;
        });
    }

    /** The quota keys an entity accepts, with the type of each one's value. */
    static Map<String, ValueType> keys(Map<String, String> entity) {
        return entity.containsKey(ClientQuotaEntity.IP) ? IP_KEYS : CLIENT_KEYS;
    }

    private static String orDefault(String name) {
        return name == null ? QuotaEntity.DEFAULT : name;
    }

    private static boolean isIpAddress(String ip) {
        // A literal address only: InetAddress resolves names too, which an IP quota must not be.
        if (!ip.matches("[0-9.]+") && !ip.contains(":")) {
            return false;
        }
        try {
            InetAddress.getByName(ip);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
