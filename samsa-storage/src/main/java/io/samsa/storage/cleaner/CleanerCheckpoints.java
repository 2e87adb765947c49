package io.samsa.storage.cleaner;

import io.samsa.storage.checkpoint.OffsetCheckpointFile;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A log dir's {@code cleaner-offset-checkpoint}: each compacted partition's first dirty offset, in Kafka's text
 * format (readable by Kafka's tools), rewritten atomically on every change. Thread-safe: changes are serialized.
 */
public final class CleanerCheckpoints {
    private final OffsetCheckpointFile file;

    public CleanerCheckpoints(File logDir) {
        this.file = new OffsetCheckpointFile(new File(logDir, OffsetCheckpointFile.CLEANER_OFFSET));
    }

    /** Every partition's first dirty offset; empty if the file does not exist yet. */
    public synchronized Map<TopicPartition, Long> read() throws IOException {
        return file.file().exists() ? file.read() : Map.of();
    }

    /** The first dirty offset of {@code tp}, or {@code logStartOffset} when unknown or out of [start, end]. */
    public synchronized long firstDirtyOffset(TopicPartition tp, long logStartOffset, long logEndOffset)
            throws IOException {
        return firstDirtyOffset(read().get(tp), logStartOffset, logEndOffset);
    }

    /**
     * Kafka's rule: a checkpointed offset outside [log start, log end] (after DeleteRecords, retention or a
     * truncation) restarts cleaning at the log start; so does a missing one.
     */
    static long firstDirtyOffset(Long checkpointed, long logStartOffset, long logEndOffset) {
        return checkpointed == null || checkpointed < logStartOffset || checkpointed > logEndOffset
                ? logStartOffset : checkpointed;
    }

    public synchronized void update(TopicPartition tp, long firstDirtyOffset) throws IOException {
        Map<TopicPartition, Long> offsets = new HashMap<>(read());
        offsets.put(tp, firstDirtyOffset);
        file.write(offsets);
    }

    /**
     * Sets the first dirty offset of {@code tp} and drops the entries of partitions not in {@code live} (deleted
     * or moved away since), so that a partition created again under the same name starts from its log start.
     */
    public synchronized void update(TopicPartition tp, long firstDirtyOffset, Set<TopicPartition> live)
            throws IOException {
        Map<TopicPartition, Long> offsets = new HashMap<>(read());
        offsets.keySet().retainAll(live);
        offsets.put(tp, firstDirtyOffset);
        file.write(offsets);
    }

    /** Lowers the first dirty offset of {@code tp} to {@code offset} if it is above; no entry stays none. */
    public synchronized void lower(TopicPartition tp, long offset) throws IOException {
        Map<TopicPartition, Long> offsets = new HashMap<>(read());
        Long current = offsets.get(tp);
        if (current != null && current > offset) {
            offsets.put(tp, offset);
            file.write(offsets);
        }
    }

    public synchronized void remove(TopicPartition tp) throws IOException {
        Map<TopicPartition, Long> offsets = new HashMap<>(read());
        if (offsets.remove(tp) != null) {
            file.write(offsets);
        }
    }
}
