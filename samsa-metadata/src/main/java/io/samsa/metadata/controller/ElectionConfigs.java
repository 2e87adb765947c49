package io.samsa.metadata.controller;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two configs the controller's elections depend on, per topic: {@code min.insync.replicas} (when the ISR is
 * below it, leaving members stay eligible: the ELR) and {@code unclean.leader.election.enable} (whether a partition
 * with no eligible leader may elect any replica, losing data). A topic override wins over the broker default.
 *
 * <p>A port, so that the controller does not reach into the broker's config classes; {@link #of} builds the usual
 * one from topic overrides and broker defaults. Called on the controller's event loop; implementations must not
 * block and must be thread-safe.
 */
public interface ElectionConfigs {
    String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";

    int minInsyncReplicas(String topic);

    boolean uncleanLeaderElectionEnable(String topic);

    /**
     * Topic overrides from {@code overrides} (for example {@code MetadataStore::topicConfig}), else the broker
     * defaults given. A malformed override (Samsa validates them on write; a Kafka tool might not) is logged and
     * the default used.
     */
    static ElectionConfigs of(Function<String, Map<String, String>> overrides, int defaultMinInsyncReplicas,
                              boolean defaultUncleanLeaderElectionEnable) {
        Logger log = LoggerFactory.getLogger(ElectionConfigs.class);
        return new ElectionConfigs() {
            @Override
            public int minInsyncReplicas(String topic) {
                String value = overrides.apply(topic).get(MIN_INSYNC_REPLICAS);
                if (value != null) {
                    try {
                        return Integer.parseInt(value.trim());
                    } catch (NumberFormatException e) {
                        log.warn("Topic {} has a malformed {}={}; using the broker default {}", topic,
                            MIN_INSYNC_REPLICAS, value, defaultMinInsyncReplicas);
                    }
                }
                return defaultMinInsyncReplicas;
            }

            @Override
            public boolean uncleanLeaderElectionEnable(String topic) {
                String value = overrides.apply(topic).get(UNCLEAN_LEADER_ELECTION_ENABLE);
                if (value != null) {
                    String v = value.trim().toLowerCase(Locale.ROOT);
                    if (v.equals("true") || v.equals("false")) {
                        return Boolean.parseBoolean(v);
                    }
                    log.warn("Topic {} has a malformed {}={}; using the broker default {}", topic,
                        UNCLEAN_LEADER_ELECTION_ENABLE, value, defaultUncleanLeaderElectionEnable);
                }
                return defaultUncleanLeaderElectionEnable;
            }
        };
    }
}
