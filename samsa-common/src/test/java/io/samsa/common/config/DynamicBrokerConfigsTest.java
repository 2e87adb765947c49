package io.samsa.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;

/** The dynamic broker configs: which keys, their validation, precedence, and how DescribeConfigs reports them. */
class DynamicBrokerConfigsTest {
    private static final String LEADER = BrokerConfigDef.LEADER_REPLICATION_THROTTLED_RATE_CONFIG;
    private static final String FOLLOWER = BrokerConfigDef.FOLLOWER_REPLICATION_THROTTLED_RATE_CONFIG;

    private static BrokerConfig config(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return BrokerConfig.fromProperties(p);
    }

    @Test
    void setAndDeleteTheThrottleRates() {
        Map<String, String> set = DynamicBrokerConfigs.applyIncremental(Map.of(), List.of(
                new TopicConfigs.Op(LEADER, OpType.SET, " 1000000 "), new TopicConfigs.Op(FOLLOWER, OpType.SET, "5")));
        assertThat(set).isEqualTo(Map.of(LEADER, "1000000", FOLLOWER, "5"));

        // kafka-reassign-partitions --verify deletes all three, whether set or not.
        Map<String, String> deleted = DynamicBrokerConfigs.applyIncremental(set, List.of(
                new TopicConfigs.Op(LEADER, OpType.DELETE, null), new TopicConfigs.Op(FOLLOWER, OpType.DELETE, null),
                new TopicConfigs.Op(BrokerConfigDef.REPLICA_ALTER_LOG_DIRS_IO_MAX_BYTES_PER_SECOND_CONFIG,
                        OpType.DELETE, null)));
        assertThat(deleted).isEmpty();
    }

    @Test
    void staticKeysAndBadValuesAreRefused() {
        assertThatThrownBy(() -> DynamicBrokerConfigs.validate(Map.of("log.dirs", "/x")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("log.dirs");
        assertThatThrownBy(() -> DynamicBrokerConfigs.validate(Map.of(LEADER, "-1")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> DynamicBrokerConfigs.validate(Map.of(LEADER, "fast")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> DynamicBrokerConfigs.applyIncremental(Map.of(),
                List.of(new TopicConfigs.Op(LEADER, OpType.APPEND, "1"))))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void ownValueThenClusterDefaultThenStaticThenDefault() {
        BrokerConfig fromFile = config(LEADER, "300");
        assertThat(DynamicBrokerConfigs.effectiveLong(LEADER, Map.of(LEADER, "100"), Map.of(LEADER, "200"), fromFile))
                .isEqualTo(100);
        assertThat(DynamicBrokerConfigs.effectiveLong(LEADER, Map.of(), Map.of(LEADER, "200"), fromFile))
                .isEqualTo(200);
        assertThat(DynamicBrokerConfigs.effectiveLong(LEADER, Map.of(), Map.of(), fromFile)).isEqualTo(300);
        assertThat(DynamicBrokerConfigs.effectiveLong(LEADER, Map.of(), Map.of(), config()))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void describeReportsDynamicValuesFirstAndOnlyThoseKeysAsWritable() {
        List<ConfigEntryView> entries = config().describe(Map.of(LEADER, "1000"), Map.of(FOLLOWER, "7"));

        ConfigEntryView leader = entry(entries, LEADER);
        assertThat(leader.value()).isEqualTo("1000");
        assertThat(leader.source()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG);
        assertThat(leader.readOnly()).isFalse();
        assertThat(leader.synonyms()).extracting(SynonymView::source)
                .containsExactly(ConfigSource.DYNAMIC_BROKER_CONFIG, ConfigSource.DEFAULT_CONFIG);
        ConfigEntryView follower = entry(entries, FOLLOWER);
        assertThat(follower.value()).isEqualTo("7");
        assertThat(follower.source()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        assertThat(entry(entries, "log.dirs").readOnly()).isTrue();
        assertThat(entry(entries, BrokerConfigDef.REPLICATION_QUOTA_WINDOW_NUM_CONFIG).value()).isEqualTo("11");
    }

    private static ConfigEntryView entry(List<ConfigEntryView> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
