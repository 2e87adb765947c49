package io.samsa.storage;

import java.io.File;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

/**
 * What {@link Log#open} needs to open or recover one partition's log.
 *
 * @param dir            the partition directory, {@code <log.dir>/<topic>-<partition>}; created if missing
 * @param topicPartition the partition
 * @param config         its settings
 * @param time           the clock for segment ages, retention and flush intervals
 * @param recoveryPoint  offset below which data is known flushed; recovery scans segments from here.
 *                       Pass 0 after an unclean shutdown with no checkpoint, Long.MAX_VALUE-like values are clamped.
 * @param logStartOffset checkpointed log start offset (0 if none)
 * @param hadCleanShutdown true if the log dir carried the clean-shutdown marker: skip CRC recovery
 */
public record LogParams(File dir, TopicPartition topicPartition, LogConfig config, Time time, long recoveryPoint,
                        long logStartOffset, boolean hadCleanShutdown) {
}
