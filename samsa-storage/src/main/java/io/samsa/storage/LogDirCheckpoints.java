package io.samsa.storage;

import io.samsa.storage.checkpoint.AtomicFileWriter;
import io.samsa.storage.checkpoint.OffsetCheckpointFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-log-dir files outside partition directories: the three offset checkpoints
 * ({@code recovery-point-offset-checkpoint}, {@code log-start-offset-checkpoint},
 * {@code replication-offset-checkpoint}) and the {@code .kafka_cleanshutdown} marker.
 *
 * <p>Crash behaviour: checkpoints are replaced atomically. The marker is written last by a clean shutdown and
 * deleted once start-up has loaded the dir, so its presence at start-up means every log in the dir was
 * flushed and closed. An unreadable checkpoint reads as empty (with a warning): recovery then starts from
 * offset 0 and the log start offset and high watermark fall back to safe values.
 *
 * <p>Thread-safe (each checkpoint file serializes its own writes).
 */
final class LogDirCheckpoints {
    static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    private static final Logger log = LoggerFactory.getLogger(LogDirCheckpoints.class);

    private final File logDir;
    private final OffsetCheckpointFile recoveryPoints;
    private final OffsetCheckpointFile logStartOffsets;
    private final OffsetCheckpointFile highWatermarks;

    LogDirCheckpoints(File logDir) {
        this.logDir = logDir;
        this.recoveryPoints = new OffsetCheckpointFile(new File(logDir, OffsetCheckpointFile.RECOVERY_POINT));
        this.logStartOffsets = new OffsetCheckpointFile(new File(logDir, OffsetCheckpointFile.LOG_START_OFFSET));
        this.highWatermarks = new OffsetCheckpointFile(new File(logDir, OffsetCheckpointFile.REPLICATION_OFFSET));
    }

    File logDir() {
        return logDir;
    }

    Map<TopicPartition, Long> readRecoveryPoints() {
        return readSafely(recoveryPoints);
    }

    Map<TopicPartition, Long> readLogStartOffsets() {
        return readSafely(logStartOffsets);
    }

    Map<TopicPartition, Long> readHighWatermarks() {
        return readSafely(highWatermarks);
    }

    void writeRecoveryPoints(Map<TopicPartition, Long> offsets) throws IOException {
        recoveryPoints.write(offsets);
    }

    void writeLogStartOffsets(Map<TopicPartition, Long> offsets) throws IOException {
        logStartOffsets.write(offsets);
    }

    void writeHighWatermarks(Map<TopicPartition, Long> offsets) throws IOException {
        highWatermarks.write(offsets);
    }

    private Map<TopicPartition, Long> readSafely(OffsetCheckpointFile file) {
        try {
            return file.read();
        } catch (IOException e) {
            log.warn("Ignoring unreadable checkpoint: {}", e.getMessage());
            return Map.of();
        }
    }

    boolean hadCleanShutdown() {
        return new File(logDir, CLEAN_SHUTDOWN_FILE).exists();
    }

    void writeCleanShutdownMarker() throws IOException {
        // Kafka 3.7+ writes this JSON (KIP-966) and treats any content, even none, as a clean shutdown.
        AtomicFileWriter.write(new File(logDir, CLEAN_SHUTDOWN_FILE), "{\"version\":0,\"BrokerEpoch\":-1}");
    }

    void deleteCleanShutdownMarker() throws IOException {
        Files.deleteIfExists(new File(logDir, CLEAN_SHUTDOWN_FILE).toPath());
    }
}
