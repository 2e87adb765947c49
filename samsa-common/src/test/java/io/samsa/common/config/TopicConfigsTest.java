package io.samsa.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;

class TopicConfigsTest {

    private static final BrokerConfig DEFAULT_BROKER = BrokerConfig.defaults();

    @Test
    void acceptsEveryTopicConfigOfKafkaClients() throws IllegalAccessException {
        List<String> kafkaNames = new ArrayList<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")) {
                kafkaNames.add((String) field.get(null));
            }
        }

        assertThat(TopicConfigs.names())
                .containsAll(kafkaNames)
                .contains("leader.replication.throttled.replicas", "follower.replication.throttled.replicas")
                .hasSize(kafkaNames.size() + 2)
                .isSorted();
    }

    @Test
    void unknownNameIsRejected() {
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.msec", "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unknown topic config name: retention.msec");
    }

    @Test
    void invalidValueNamesKeyAndValue() {
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.ms", "abc")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid value abc for configuration retention.ms: Not a number of type LONG");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("segment.bytes", "1048575")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("segment.bytes");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.ms", "-2")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("cleanup.policy", "delete,shred")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("message.timestamp.type", "createtime")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("message.timestamp.type");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("min.insync.replicas", "0")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("min.insync.replicas");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("leader.replication.throttled.replicas", "0-1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("throttled");
    }

    @Test
    void nullValueIsRejected() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("retention.ms", null);

        assertThatThrownBy(() -> TopicConfigs.validate(overrides))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.ms");
    }

    @Test
    void validValuesAreNormalised() {
        Map<String, String> normalised = TopicConfigs.validate(Map.of(
                "retention.ms", " -1 ",
                "cleanup.policy", "delete, compact",
                "segment.bytes", "1048576",
                "preallocate", "TRUE",
                "follower.replication.throttled.replicas", "0:1, 1:2",
                "leader.replication.throttled.replicas", "*"));

        assertThat(normalised).containsExactly(
                Map.entry("cleanup.policy", "delete,compact"),
                Map.entry("follower.replication.throttled.replicas", "0:1,1:2"),
                Map.entry("leader.replication.throttled.replicas", "*"),
                Map.entry("preallocate", "true"),
                Map.entry("retention.ms", "-1"),
                Map.entry("segment.bytes", "1048576"));
    }

    @Test
    void crossConfigRules() {
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("min.compaction.lag.ms", "10",
                "max.compaction.lag.ms", "5")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("min.compaction.lag.ms");
        BrokerConfig broker = BrokerConfig.fromProperties(Map.of("log.cleaner.max.compaction.lag.ms", "100"));
        assertThat(TopicConfigs.validate(Map.of("min.compaction.lag.ms", "200"))).hasSize(1);
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("min.compaction.lag.ms", "200"), broker))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("remote.storage.enable", "true")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("Tiered Storage");
    }

    @Test
    void describeWithoutOverridesOrBrokerSettingsReportsDefaults() {
        Map<String, ConfigEntryView> entries = byName(TopicConfigs.describe(Map.of(), DEFAULT_BROKER, true));

        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(TopicConfigs.names());
        ConfigEntryView retention = entries.get("retention.ms");
        assertThat(retention.value()).isEqualTo("604800000");
        assertThat(retention.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(retention.readOnly()).isFalse();
        assertThat(retention.type()).isEqualTo(ConfigDef.Type.LONG);
        assertThat(retention.documentation()).isEqualTo(TopicConfig.RETENTION_MS_DOC);
        assertThat(retention.synonyms()).containsExactly(
                new SynonymView("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG));

        ConfigEntryView cleanup = entries.get("cleanup.policy");
        assertThat(cleanup.value()).isEqualTo("delete");
        assertThat(cleanup.synonyms()).containsExactly(
                new SynonymView("log.cleanup.policy", "delete", ConfigSource.DEFAULT_CONFIG));

        ConfigEntryView remote = entries.get("remote.storage.enable");
        assertThat(remote.value()).isEqualTo("false");
        assertThat(remote.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(remote.synonyms()).isEmpty();

        assertThat(entries.get("flush.ms").synonyms()).containsExactly(new SynonymView(
                "log.flush.scheduler.interval.ms", "9223372036854775807", ConfigSource.DEFAULT_CONFIG));
        assertThat(entries.get("leader.replication.throttled.replicas").value()).isEmpty();
    }

    @Test
    void describeReportsStaticBrokerSynonyms() {
        BrokerConfig broker = BrokerConfig.fromProperties(Map.of("log.retention.hours", "24",
                "message.max.bytes", "2000000"));
        Map<String, ConfigEntryView> entries = byName(TopicConfigs.describe(Map.of(), broker, true));

        ConfigEntryView retention = entries.get("retention.ms");
        assertThat(retention.value()).isEqualTo("86400000");
        assertThat(retention.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(retention.synonyms()).containsExactly(
                new SynonymView("log.retention.hours", "24", ConfigSource.STATIC_BROKER_CONFIG),
                new SynonymView("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG));

        ConfigEntryView maxMessage = entries.get("max.message.bytes");
        assertThat(maxMessage.value()).isEqualTo("2000000");
        assertThat(maxMessage.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(maxMessage.synonyms()).extracting(SynonymView::name)
                .containsExactly("message.max.bytes", "message.max.bytes");
    }

    @Test
    void describeReportsTopicOverrideFirst() {
        BrokerConfig broker = BrokerConfig.fromProperties(Map.of("log.retention.hours", "24"));
        List<ConfigEntryView> described = TopicConfigs.describe(Map.of("retention.ms", "1000"), broker, true);
        ConfigEntryView retention = byName(described).get("retention.ms");

        assertThat(retention.value()).isEqualTo("1000");
        assertThat(retention.source()).isEqualTo(ConfigSource.TOPIC_CONFIG);
        assertThat(retention.source().id()).isEqualTo((byte) 1);
        assertThat(retention.synonyms()).containsExactly(
                new SynonymView("retention.ms", "1000", ConfigSource.TOPIC_CONFIG),
                new SynonymView("log.retention.hours", "24", ConfigSource.STATIC_BROKER_CONFIG),
                new SynonymView("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG));

        ConfigEntryView withoutSynonyms = byName(TopicConfigs.describe(Map.of("retention.ms", "1000"), broker, false))
                .get("retention.ms");
        assertThat(withoutSynonyms.source()).isEqualTo(ConfigSource.TOPIC_CONFIG);
        assertThat(withoutSynonyms.synonyms()).isEmpty();
    }

    @Test
    void effectiveValuesAreParsedAndFallBackToTheBroker() {
        BrokerConfig broker = BrokerConfig.fromProperties(Map.of("log.roll.hours", "1", "log.cleanup.policy", "compact"));
        Map<String, Object> effective = TopicConfigs.effective(Map.of("retention.ms", "5000",
                "segment.bytes", "2097152"), broker);

        assertThat(effective.keySet()).containsExactlyElementsOf(TopicConfigs.names());
        assertThat(effective)
                .containsEntry("retention.ms", 5000L)
                .containsEntry("segment.bytes", 2097152)
                .containsEntry("segment.ms", 3_600_000L)
                .containsEntry("cleanup.policy", List.of("compact"))
                .containsEntry("min.cleanable.dirty.ratio", 0.5d)
                .containsEntry("message.timestamp.type", "CreateTime")
                .containsEntry("max.message.bytes", 1048588)
                .containsEntry("unclean.leader.election.enable", false)
                .containsEntry("local.retention.ms", -2L);
    }

    private static Map<String, ConfigEntryView> byName(List<ConfigEntryView> entries) {
        Map<String, ConfigEntryView> map = new HashMap<>();
        entries.forEach(entry -> map.put(entry.name(), entry));
        return map;
    }
}
