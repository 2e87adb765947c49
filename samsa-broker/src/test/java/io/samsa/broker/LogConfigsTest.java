package io.samsa.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.common.config.BrokerConfig;
import io.samsa.storage.LogConfig;
import java.util.Map;
import org.apache.kafka.common.record.CompressionType;
import org.junit.jupiter.api.Test;

/** A topic's compaction settings reach its log config: topic overrides over the broker's log.cleaner.* defaults. */
class LogConfigsTest {
    @Test
    void compactionSettingsComeFromTheTopicOverBrokerDefaults() {
        BrokerConfig broker = BrokerConfig.fromProperties(Map.of(
                "log.cleaner.min.cleanable.ratio", "0.3",
                "log.cleaner.delete.retention.ms", "5000"));
        LogConfig config = LogConfigs.forTopic(Map.of(
                "cleanup.policy", "compact",
                "min.compaction.lag.ms", "100",
                "max.compaction.lag.ms", "200"), broker);

        assertThat(config.compact()).isTrue();
        assertThat(config.delete()).isFalse();
        assertThat(config.compaction()).isEqualTo(new LogConfig.Compaction(5000L, 100L, 200L, 0.3));
        assertThat(config.maxSegmentMs()).isEqualTo(200L);
    }

    @Test
    void compressionTypeAndItsLevelComeFromTheTopicOverTheBrokerDefault() {
        BrokerConfig broker = BrokerConfig.fromProperties(Map.of(
                "compression.type", "lz4",
                "compression.lz4.level", "5",
                "compression.zstd.level", "7"));

        assertThat(LogConfigs.forTopic(Map.of(), broker).compression())
                .isEqualTo(new LogConfig.TargetCompression(CompressionType.LZ4, 5));
        assertThat(LogConfigs.forTopic(Map.of("compression.type", "zstd"), broker).compression())
                .isEqualTo(new LogConfig.TargetCompression(CompressionType.ZSTD, 7));
        assertThat(LogConfigs.forTopic(Map.of("compression.type", "gzip", "compression.gzip.level", "2"), broker)
                .compression()).isEqualTo(new LogConfig.TargetCompression(CompressionType.GZIP, 2));
        assertThat(LogConfigs.forTopic(Map.of("compression.type", "uncompressed"), broker).compression().codec())
                .isEqualTo(CompressionType.NONE);
        assertThat(LogConfigs.forTopic(Map.of("compression.type", "producer"), broker).compression())
                .isEqualTo(LogConfig.TargetCompression.producer());
    }

    @Test
    void kafkaDefaultsWithoutOverrides() {
        LogConfig config = LogConfigs.forTopic(Map.of(), BrokerConfig.fromProperties(Map.of()));

        assertThat(config.compaction()).isEqualTo(LogConfig.Compaction.defaults());
        assertThat(config.compression()).isEqualTo(LogConfig.TargetCompression.producer());
        assertThat(config.maxSegmentMs()).isEqualTo(config.segmentMs());
    }
}
