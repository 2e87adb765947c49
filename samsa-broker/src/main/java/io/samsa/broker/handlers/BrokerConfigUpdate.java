package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.common.config.DynamicBrokerConfigs;
import io.samsa.common.config.PasswordEncoder;
import io.samsa.metadata.MetadataStore;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

/**
 * The BROKER resource of AlterConfigs and IncrementalAlterConfigs: computes the new dynamic config set of one broker
 * (resource name its id) or of the cluster default (empty name), and stores it in ZooKeeper, from where every
 * broker applies it without a restart. The change is first checked against this broker's services
 * ({@link io.samsa.broker.DynamicConfigCheck}), also when only validating. Any broker may write any broker's
 * configs, as in ZooKeeper-mode Kafka.
 * Called on the blocking executor (it writes to ZooKeeper).
 */
final class BrokerConfigUpdate {
    private BrokerConfigUpdate() {
    }

    /**
     * @param change from the stored configs to the new, validated ones; throws an ApiException to refuse
     */
    static void apply(BrokerContext ctx, String resourceName, UnaryOperator<Map<String, String>> change,
                      boolean validateOnly) {
        String entity = entity(resourceName);
        Map<String, String> stored = ctx.metadata().brokerConfig(entity);
        Map<String, String> updated = encodePasswords(ctx, stored, change.apply(stored));
        ctx.dynamicConfigCheck().check(entity, updated);
        if (!validateOnly) {
            ctx.metadata().setBrokerConfig(entity, updated);
        }
    }

    /**
     * Encrypts the password values this change sets (those that differ from the stored, already encrypted ones)
     * with {@code password.encoder.secret}, as Kafka does; without that secret a password cannot be set.
     */
    private static Map<String, String> encodePasswords(BrokerContext ctx, Map<String, String> stored,
                                                       Map<String, String> updated) {
        Map<String, String> out = new TreeMap<>(updated);
        for (Map.Entry<String, String> e : updated.entrySet()) {
            if (!DynamicBrokerConfigs.isPassword(e.getKey()) || e.getValue().equals(stored.get(e.getKey()))) {
                continue;
            }
            PasswordEncoder encoder = PasswordEncoder.of(ctx.config()).orElseThrow(() ->
                    new InvalidConfigurationException("Password encoder secret not configured: set "
                            + "password.encoder.secret on the brokers to change " + e.getKey() + " dynamically"));
            out.put(e.getKey(), encoder.encode(e.getValue()));
        }
        return out;
    }

    /** The znode entity of a BROKER resource name: a broker id, or {@code <default>} for the empty name. */
    static String entity(String resourceName) {
        if (resourceName == null || resourceName.isEmpty()) {
            return MetadataStore.DEFAULT_BROKER_ENTITY;
        }
        try {
            if (Integer.parseInt(resourceName) >= 0) {
                return resourceName;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidRequestException("Invalid broker id '" + resourceName + "'");
    }
}
