package io.samsa.storage;

import java.io.Closeable;
import java.util.Collection;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import io.samsa.common.Scheduler;

/**
 * All logs of this broker across its log dirs. API CONTRACT (stub, to be implemented).
 *
 * <p>Owns per-log-dir files: {@code recovery-point-offset-checkpoint}, {@code log-start-offset-checkpoint},
 * {@code replication-offset-checkpoint} (high watermarks), {@code .kafka_cleanshutdown} marker, and
 * {@code meta.properties}. Thread-safe.
 */
public final class LogManager implements Closeable {

    public LogManager(LogManagerConfig config, Scheduler scheduler, Time time) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Loads every partition dir found (recovering after an unclean stop) and schedules background tasks. */
    public void startup() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Returns the log, creating it (in the log dir with fewest partitions) if absent. topicId goes to partition.metadata. */
    public Log getOrCreateLog(TopicPartition tp, Uuid topicId, LogConfig config) {
        throw new UnsupportedOperationException("TODO");
    }

    public Optional<Log> getLog(TopicPartition tp) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Topic id recorded in the partition's partition.metadata file, if any. */
    public Optional<Uuid> topicId(TopicPartition tp) {
        throw new UnsupportedOperationException("TODO");
    }

    public Collection<Log> allLogs() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Removes the log and its files (renamed to {@code <dir>.<uuid>-delete} first, deleted asynchronously). */
    public void deleteLog(TopicPartition tp) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The log dir holding a partition (for DescribeLogDirs). */
    public Optional<java.io.File> logDirOf(TopicPartition tp) {
        throw new UnsupportedOperationException("TODO");
    }

    public java.util.List<java.io.File> logDirs() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Writes checkpoints, closes all logs, writes the clean-shutdown marker. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
