package io.samsa.storage;

import io.samsa.common.Scheduler;
import io.samsa.storage.producer.ProducerStateManager;
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
 * @param highWatermark  checkpointed high watermark (0 if none); clamped to [log start offset, log end offset]
 * @param producerIdExpirationMs {@code producer.id.expiration.ms}: producers idle this long are forgotten
 * @param scheduler      runs delayed file deletions ({@code file.delete.delay.ms}) and the flush after a roll;
 *                       null to do both synchronously (deletions at once, flushes in {@link Log#maybeRollOrFlush})
 */
public record LogParams(File dir, TopicPartition topicPartition, LogConfig config, Time time, long recoveryPoint,
                        long logStartOffset, boolean hadCleanShutdown, long highWatermark,
                        long producerIdExpirationMs, Scheduler scheduler) {

    /** Without a checkpointed high watermark, with the default producer expiration and no scheduler. */
    public LogParams(File dir, TopicPartition topicPartition, LogConfig config, Time time, long recoveryPoint,
                     long logStartOffset, boolean hadCleanShutdown) {
        this(dir, topicPartition, config, time, recoveryPoint, logStartOffset, hadCleanShutdown, 0L,
                ProducerStateManager.DEFAULT_PRODUCER_ID_EXPIRATION_MS, null);
    }

    public LogParams withHighWatermark(long hw) {
        return new LogParams(dir, topicPartition, config, time, recoveryPoint, logStartOffset, hadCleanShutdown, hw,
                producerIdExpirationMs, scheduler);
    }

    public LogParams withProducerIdExpirationMs(long ms) {
        return new LogParams(dir, topicPartition, config, time, recoveryPoint, logStartOffset, hadCleanShutdown,
                highWatermark, ms, scheduler);
    }

    public LogParams withScheduler(Scheduler s) {
        return new LogParams(dir, topicPartition, config, time, recoveryPoint, logStartOffset, hadCleanShutdown,
                highWatermark, producerIdExpirationMs, s);
    }
}
