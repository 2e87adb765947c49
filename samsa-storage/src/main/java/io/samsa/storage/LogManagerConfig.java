package io.samsa.storage;

import java.io.File;
import java.util.List;

/**
 * Broker-level settings of the {@link LogManager}.
 *
 * @param logDirs                    {@code log.dirs}
 * @param defaults                   topic config defaults from broker settings ({@code log.*})
 * @param retentionCheckIntervalMs   {@code log.retention.check.interval.ms}
 * @param flushCheckIntervalMs       {@code log.flush.scheduler.interval.ms} (also drives segment.ms rolls)
 * @param flushOffsetCheckpointIntervalMs {@code log.flush.offset.checkpoint.interval.ms}
 * @param recoveryThreadsPerDataDir  {@code num.recovery.threads.per.data.dir}
 */
public record LogManagerConfig(List<File> logDirs, LogConfig defaults, long retentionCheckIntervalMs,
                               long flushCheckIntervalMs, long flushOffsetCheckpointIntervalMs,
                               int recoveryThreadsPerDataDir) {
}
