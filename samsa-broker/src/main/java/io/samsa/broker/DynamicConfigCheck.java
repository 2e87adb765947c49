package io.samsa.broker;

import java.util.Map;

/**
 * Checks a change of dynamic broker configs against this broker's running services before it is stored (Kafka's
 * {@code validateReconfiguration}): a value may be well-formed yet not applicable now, e.g. a cleaner thread count
 * more than double the current one. Called by the AlterConfigs and IncrementalAlterConfigs handlers on the blocking
 * executor; implementations are thread-safe.
 */
@FunctionalInterface
public interface DynamicConfigCheck {
    /** Accepts every change: for a broker whose services have nothing to check (e.g. no log cleaner). */
    DynamicConfigCheck NONE = (entity, updated) -> {
    };

    /** Both checks, {@code this} first. */
    default DynamicConfigCheck and(DynamicConfigCheck other) {
        return (entity, updated) -> {
            check(entity, updated);
            other.check(entity, updated);
        };
    }

    /**
     * @param entity  the changed entity: a broker id, or {@code <default>} for the cluster default
     * @param updated that entity's complete dynamic configs after the change, validated one by one
     * @throws org.apache.kafka.common.errors.InvalidRequestException when the change cannot be applied (Kafka's
     *                                                                error for it)
     */
    void check(String entity, Map<String, String> updated);
}
