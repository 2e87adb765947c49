package io.samsa.storage;

import io.samsa.storage.producer.ProducerStateManager;
import java.io.File;
import java.util.List;

/**
 * Broker-level settings of the {@link LogManager}.
 *
 * @param logDirs                    {@code log.dirs}
 * @param defaults                   topic config defaults from broker settings ({@code log.*})
 * @param retentionCheckIntervalMs   {@code log.retention.check.interval.ms}
 * @param flushCheckIntervalMs       {@code log.flush.scheduler.interval.ms} (also drives segment.ms rolls)
 * @param flushOffsetCheckpointIntervalMs {@code log.flush.offset.checkpoint.interval.ms} (all three checkpoints)
 * @param recoveryThreadsPerDataDir  {@code num.recovery.threads.per.data.dir}
 * @param producerIdExpirationMs     {@code producer.id.expiration.ms}
 * @param producerIdExpirationCheckIntervalMs {@code producer.id.expiration.check.interval.ms}
 */
public record LogManagerConfig(List<File> logDirs, LogConfig defaults, long retentionCheckIntervalMs,
                               long flushCheckIntervalMs, long flushOffsetCheckpointIntervalMs,
                               int recoveryThreadsPerDataDir, long producerIdExpirationMs,
                               long producerIdExpirationCheckIntervalMs) {

    /** Kafka's default for {@code producer.id.expiration.check.interval.ms}: ten minutes. */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = 600_000L;

    /** With Kafka's defaults for the producer-id expiration settings. */
    public LogManagerConfig(List<File> logDirs, LogConfig defaults, long retentionCheckIntervalMs,
                            long flushCheckIntervalMs, long flushOffsetCheckpointIntervalMs,
                            int recoveryThreadsPerDataDir) {
        this(logDirs, defaults, retentionCheckIntervalMs, flushCheckIntervalMs, flushOffsetCheckpointIntervalMs,
                recoveryThreadsPerDataDir, ProducerStateManager.DEFAULT_PRODUCER_ID_EXPIRATION_MS,
                DEFAULT_PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS);
    }
}
