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
import org.apache.kafka.common.utils.Sanitizer;

/**
 * What DescribeClientQuotas and AlterClientQuotas share: Kafka's quota entities (user, client-id, user and
 * client-id, or ip; a null name is the default of its kind) mapped to their entity paths in the entity config store,
 * and the keys and value types each kind of entity accepts. Stateless.
 */
final class ClientQuotaEntities {
    private static final String IPS = "ips/";
    /** The keys of user and client-id entities, with whether Kafka types them as whole numbers (LONG). */
    static final Map<String, Boolean> CLIENT_KEYS = Map.of(
            QuotaType.PRODUCE.configKey(), true,
            QuotaType.FETCH.configKey(), true,
            QuotaType.REQUEST.configKey(), false,
            QuotaType.CONTROLLER_MUTATION.configKey(), false);

    private ClientQuotaEntities() {
    }

    /**
     * The store path of an entity given as entity type to name (null name: the default).
     *
     * @throws InvalidRequestException for an empty entity, an unknown type, or an IP with a user or client id
     */
    static String path(Map<String, String> entity) {
        if (entity.isEmpty()) {
            throw new InvalidRequestException("Invalid empty client quota entity");
        }
        for (String type : entity.keySet()) {
            if (!Set.of(ClientQuotaEntity.USER, ClientQuotaEntity.CLIENT_ID, ClientQuotaEntity.IP).contains(type)) {
                throw new InvalidRequestException("Unhandled client quota entity type: " + type);
            }
        }
        if (entity.containsKey(ClientQuotaEntity.IP)) {
            if (entity.size() > 1) {
                throw new InvalidRequestException(
                        "Invalid quota entity combination, IP entity should not be combined with User or ClientId");
            }
            String ip = entity.get(ClientQuotaEntity.IP);
            if (ip == null) {
                return IPS + QuotaEntity.DEFAULT;
            }
            if (!isIpAddress(ip)) {
                throw new InvalidRequestException(ip + " is not a valid IP address");
            }
            return IPS + Sanitizer.sanitize(ip);
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
        if (path.startsWith(IPS) && path.indexOf('/', IPS.length()) < 0) {
            String ip = path.substring(IPS.length());
            entity.put(ClientQuotaEntity.IP, QuotaEntity.DEFAULT.equals(ip) ? null : Sanitizer.desanitize(ip));
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

    /** The quota keys an entity accepts, with whether each must be a whole number. */
    static Map<String, Boolean> keys(Map<String, String> entity) {
        return entity.containsKey(ClientQuotaEntity.IP) ? Map.of(IpConnectionRates.KEY, true) : CLIENT_KEYS;
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
