package io.samsa.broker;

import io.samsa.common.config.BrokerConfig;
import io.samsa.common.config.BrokerConfigDef;
import io.samsa.common.config.DynamicBrokerConfigs;
import io.samsa.metadata.MetadataListener;
import io.samsa.metadata.MetadataStore;
import io.samsa.storage.cleaner.LogCleaner;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker's {@link LogCleaner} in step with the dynamic {@code log.cleaner.*} configs
 * ({@link DynamicBrokerConfigs#LOG_CLEANER}: this broker's own, then the cluster default, then server.properties),
 * as Kafka's LogCleaner reconfigurable: a change is checked with the cleaner's rules before it is stored
 * ({@link DynamicConfigCheck}), and applied on every broker when ZooKeeper reports it. A change that fails the
 * rules at that point (e.g. a cluster default written through another broker) is logged and not applied, as Kafka
 * does. Exists only when the broker runs a cleaner: with {@code log.cleaner.enable=false} the configs are stored
 * and have no effect.
 *
 * <p>Built by the {@link Broker}, which registers it as a metadata listener. Applying may wait for cleans in
 * progress (threads are stopped after them), so it runs on its own thread, never the store's event thread.
 * Thread-safe.
 */
final class LogCleanerReconfiguration implements MetadataListener, DynamicConfigCheck, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogCleanerReconfiguration.class);

    private final LogCleaner cleaner;
    private final BrokerConfig config;
    private final Function<String, Map<String, String>> brokerConfigs;
    private final String ownEntity;
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "samsa-log-cleaner-reconfiguration");
        t.setDaemon(true);
        return t;
    });

    /** @param brokerConfigs dynamic broker configs by entity (a broker id or {@code <default>}) */
    LogCleanerReconfiguration(LogCleaner cleaner, BrokerConfig config,
                              Function<String, Map<String, String>> brokerConfigs) {
        this.cleaner = cleaner;
        this.config = config;
        this.brokerConfigs = brokerConfigs;
        this.ownEntity = Integer.toString(config.brokerId());
    }

    /** The cleaner settings in effect for this broker: its stored dynamic configs over server.properties. */
    static LogCleaner.Settings settings(BrokerConfig config, Function<String, Map<String, String>> brokerConfigs) {
        return settings(config, brokerConfigs.apply(Integer.toString(config.brokerId())),
                brokerConfigs.apply(MetadataStore.DEFAULT_BROKER_ENTITY));
    }

    private static LogCleaner.Settings settings(BrokerConfig config, Map<String, String> own,
                                                Map<String, String> clusterDefault) {
        Function<String, Object> value = key -> DynamicBrokerConfigs.effective(key, own, clusterDefault, config);
        return new LogCleaner.Settings((Integer) value.apply(BrokerConfigDef.LOG_CLEANER_THREADS_CONFIG),
                (Long) value.apply(BrokerConfigDef.LOG_CLEANER_DEDUPE_BUFFER_SIZE_CONFIG),
                (Double) value.apply(BrokerConfigDef.LOG_CLEANER_IO_BUFFER_LOAD_FACTOR_CONFIG),
                (Integer) value.apply(BrokerConfigDef.LOG_CLEANER_IO_BUFFER_SIZE_CONFIG), config.messageMaxBytes(),
                (Long) value.apply(BrokerConfigDef.LOG_CLEANER_BACKOFF_MS_CONFIG),
                (Double) value.apply(BrokerConfigDef.LOG_CLEANER_IO_MAX_BYTES_PER_SECOND_CONFIG));
    }

    @Override
    public void check(String entity, Map<String, String> updated) {
        boolean own = entity.equals(ownEntity);
        boolean clusterDefault = entity.equals(MetadataStore.DEFAULT_BROKER_ENTITY);
        if (!own && !clusterDefault) {
            return; // another broker's own configs: that broker checks them when it applies them
        }
        LogCleaner.Settings next = settings(config, own ? updated : brokerConfigs.apply(ownEntity),
                clusterDefault ? updated : brokerConfigs.apply(MetadataStore.DEFAULT_BROKER_ENTITY));
        if (next.equals(cleaner.settings())) {
            return;
        }
        try {
            cleaner.validateReconfiguration(next);
        } catch (ConfigException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    @Override
    public void onTopicsChanged() {
    }

    @Override
    public void onTopicConfigChanged(String topic) {
    }

    @Override
    public void onBrokerConfigChanged(String entity) {
        if (entity.equals(ownEntity) || entity.equals(MetadataStore.DEFAULT_BROKER_ENTITY)) {
            applier.execute(this::apply);
        }
    }

    /** Applies the configs stored now, for a change made before this listened. */
    void applyStored() {
        applier.execute(this::apply);
    }

    /** Reads the current configs (notifications are coalesced) and applies them if they changed. */
    private void apply() {
        try {
            LogCleaner.Settings next = settings(config, brokerConfigs);
            if (next.equals(cleaner.settings())) {
                return;
            }
            cleaner.validateReconfiguration(next);
            log.info("Reconfiguring the log cleaner: {}", next);
            cleaner.reconfigure(next);
        } catch (ConfigException e) {
            log.error("Dynamic log cleaner configs not applied: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Failed to reconfigure the log cleaner", e);
        }
    }

    /** Stops taking changes; one being applied finishes (the cleaner's shutdown waits for it). */
    @Override
    public void close() {
        applier.shutdown();
    }
}
