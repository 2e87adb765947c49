package io.samsa.broker.quota;

import io.samsa.broker.EntityConfigs;
import io.samsa.network.Request;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's client quotas: the configured values of every user, client-id and user+client-id entity, followed
 * from the shared {@link EntityConfigs} (so a {@code kafka-configs} change on any broker applies on all), and one
 * {@link ClientQuotaManager} per {@link QuotaType} that measures clients against them. Only the quota keys of an
 * entity are read here; its SCRAM credentials are another owner's.
 *
 * <p>Started and closed by the broker; read by request handlers and the request-time measurement on any thread.
 * Thread-safe.
 */
public final class ClientQuotas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientQuotas.class);

    private final Map<QuotaType, ClientQuotaManager> managers = new EnumMap<>(QuotaType.class);
    private final Map<QuotaEntity, Map<String, Double>> byEntity = new HashMap<>();
    private volatile QuotaConfigs configs = QuotaConfigs.NONE;
    private final int windowNum;
    private final long windowMs;
    private final Time time;

    private ClientQuotas(int windowNum, long windowMs, Time time) {
        this.time = time;
        this.windowNum = windowNum;
        this.windowMs = windowMs;
        for (QuotaType type : QuotaType.values()) {
            managers.put(type, new ClientQuotaManager(type, windowNum, windowMs, time));
        }
    }

    /**
     * Reads every stored quota from the started {@code entityConfigs} and follows its changes from here on.
     *
     * @param windowNum {@code quota.window.num}
     * @param windowMs  {@code quota.window.size.seconds}, in ms
     */
    public static ClientQuotas start(EntityConfigs entityConfigs, int windowNum, long windowMs, Time time) {
        ClientQuotas quotas = new ClientQuotas(windowNum, windowMs, time);
        entityConfigs.subscribe(quotas::onEntityConfigs);
        return quotas;
    }

    /** The manager that measures quotas of {@code type}. */
    public ClientQuotaManager manager(QuotaType type) {
        return managers.get(type);
    }

    /** The configured quotas, as a snapshot. */
    public QuotaConfigs configs() {
        return configs;
    }

    /**
     * The controller-mutation quota of one request from {@code user} and {@code clientId}.
     *
     * @param strict whether the request's version can be answered THROTTLING_QUOTA_EXCEEDED
     */
    public ControllerMutationQuota controllerMutations(String user, String clientId, boolean strict) {
        return new ControllerMutationQuota(manager(QuotaType.CONTROLLER_MUTATION).sensor(user, clientId)
                .orElse(null), strict, time);
    }

    /** The controller-mutation quota of {@code request}, from its connection's user and its client id. */
    public ControllerMutationQuota controllerMutations(Request request, boolean strict) {
        return controllerMutations(request.connection().principal().getName(), request.header().clientId(), strict);
    }

    /**
     * The most a client may use of {@code type}'s quota within the measured windows (Kafka's
     * {@code getMaxValueInQuotaWindow}: the bound times {@code quota.window.num - 1} windows), or
     * {@link Long#MAX_VALUE} when no quota governs it; a fetch answer is capped by it.
     */
    public long maxValueInWindow(QuotaType type, String user, String clientId) {
        return configs.resolve(type, user, clientId)
                .map(q -> (long) Math.min(Long.MAX_VALUE, q.bound() * Math.max(1, windowNum - 1) * windowMs / 1000.0))
                .orElse(Long.MAX_VALUE);
    }

    private void onEntityConfigs(String entityPath, Map<String, String> stored) {
        QuotaEntity entity = QuotaEntityPaths.parse(entityPath).orElse(null);
        if (entity == null) {
            return;
        }
        Map<String, Double> values = new HashMap<>();
        for (QuotaType type : QuotaType.values()) {
            String value = stored.get(type.configKey());
            if (value == null) {
                continue;
            }
            try {
                values.put(type.configKey(), Double.parseDouble(value));
            } catch (NumberFormatException e) {
                log.error("Ignoring the unreadable {} of {}: {}", type.configKey(), entityPath, value);
            }
        }
        QuotaConfigs next;
        synchronized (this) {
            if (values.isEmpty()) {
                byEntity.remove(entity);
            } else {
                byEntity.put(entity, Map.copyOf(values));
            }
            next = new QuotaConfigs(byEntity);
            configs = next;
            managers.values().forEach(m -> m.update(next));
        }
        log.info("Client quotas of {}: {}", entityPath, values.isEmpty() ? "none" : values);
    }

    @Override
    public void close() {
        managers.values().forEach(ClientQuotaManager::close);
    }
}
