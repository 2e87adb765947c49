package io.samsa.storage.epoch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader epochs of one log: for each epoch, the first offset its leader wrote. Followers use it to find where
 * their log diverges from the leader's (the leader answers "epoch E ends at offset O" from its cache, see
 * {@link #endOffsetFor}), so it is what keeps replicas from diverging below the high watermark.
 *
 * <p>Invariants: epochs and start offsets both strictly increase. A new entry that breaks that (a follower
 * re-copying a truncated range, a leader elected again) first removes every entry at or after it, as Kafka's
 * cache does.
 *
 * <p>Persistence: {@code leader-epoch-checkpoint} (see {@link LeaderEpochCheckpointFile}). Every change is
 * written to the page cache at once; {@link #flush} makes it durable and is called when the log flushes, so the
 * entries of every record below the recovery point are on disk. Entries at or after the recovery point are
 * rebuilt from the batches' leader epochs when the log is recovered after a crash.
 *
 * <p>Thread-safe: every method is synchronized (the cache changes once per epoch, not per append, and lookups
 * happen per follower fetch with a divergence check, which is rare).
 */
public final class LeaderEpochCache {
    private static final Logger log = LoggerFactory.getLogger(LeaderEpochCache.class);

    private final TopicPartition topicPartition;
    private final LeaderEpochCheckpointFile checkpoint;
    private final TreeMap<Integer, EpochEntry> epochs = new TreeMap<>();
    private boolean dirty;

    /** An empty cache backed by {@code checkpoint}; load with {@link #assignAll}. */
    public LeaderEpochCache(TopicPartition topicPartition, LeaderEpochCheckpointFile checkpoint) {
        this.topicPartition = topicPartition;
        this.checkpoint = checkpoint;
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}. A no-op when the latest entry already is this epoch
     * at or before this offset (the common case: every append of a leader calls this). Returns whether it changed.
     */
    public synchronized boolean assign(int epoch, long startOffset) {
        if (epoch < 0 || startOffset < 0) {
            return false;
        }
        Map.Entry<Integer, EpochEntry> latest = epochs.lastEntry();
        if (latest != null && latest.getKey() == epoch && latest.getValue().startOffset() <= startOffset) {
            return false;
        }
        EpochEntry entry = new EpochEntry(epoch, startOffset);
        List<EpochEntry> removed = removeFromEnd(e -> e.epoch() >= epoch || e.startOffset() >= startOffset);
        if (removed.size() > 1 || (removed.size() == 1 && removed.get(0).startOffset() != startOffset)) {
            log.warn("{}: leader epoch entry {} replaced conflicting entries {}", topicPartition, entry, removed);
        }
        epochs.put(epoch, entry);
        writeQuietly();
        return true;
    }

    /** Loads entries (in order), as found in a checkpoint or rebuilt from the log. */
    public synchronized void assignAll(List<EpochEntry> entries) {
        for (EpochEntry e : entries) {
            assign(e.epoch(), e.startOffset());
        }
    }

    public synchronized OptionalInt latestEpoch() {
        return epochs.isEmpty() ? OptionalInt.empty() : OptionalInt.of(epochs.lastKey());
    }

    public synchronized Optional<EpochEntry> latestEntry() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.lastEntry().getValue());
    }

    /** The start offset of {@code epoch}, if this log has it. */
    public synchronized Optional<EpochEntry> entry(int epoch) {
        return Optional.ofNullable(epochs.get(epoch));
    }

    /** The epoch the record at {@code offset} was written in, if known. */
    public synchronized OptionalInt epochForOffset(long offset) {
        Integer found = null;
        for (EpochEntry e : epochs.values()) {
            if (e.startOffset() > offset) {
                break;
            }
            found = e.epoch();
        }
        return found == null ? OptionalInt.empty() : OptionalInt.of(found);
    }

    /**
     * Where {@code requestedEpoch} ends in this log, Kafka's semantics for OffsetForLeaderEpoch and for the diverging
     * epoch of a follower's fetch:
     * <ul>
     *   <li>the latest epoch ends at {@code logEndOffset};</li>
     *   <li>an earlier epoch E ends where the first epoch after it starts, and the answer names the largest epoch
     *       at or below E that this log has (it may be smaller than E: E never wrote here);</li>
     *   <li>an epoch below every known one answers (E, start of the first known epoch): its records were removed;</li>
     *   <li>an epoch above every known one, or an undefined one, is {@link EpochEndOffset#UNDEFINED}.</li>
     * </ul>
     */
    public synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch < 0 || epochs.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (requestedEpoch == epochs.lastKey()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, EpochEntry> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, EpochEntry> floor = epochs.floorEntry(requestedEpoch);
        if (floor == null) {
            return new EpochEndOffset(requestedEpoch, higher.getValue().startOffset());
        }
        return new EpochEndOffset(floor.getKey(), higher.getValue().startOffset());
    }

    /** Removes entries that start at or after {@code endOffset} (the log was truncated to it). */
    public synchronized void truncateFromEnd(long endOffset) {
        List<EpochEntry> removed = removeFromEnd(e -> e.startOffset() >= endOffset);
        if (!removed.isEmpty()) {
            log.debug("{}: truncated leader epochs {} at offset {}", topicPartition, removed, endOffset);
            writeQuietly();
        }
    }

    /**
     * The log now starts at {@code startOffset}: entries wholly below it go, and the last of them, if the epoch
     * still covers records, moves its start to {@code startOffset}.
     */
    public synchronized void truncateFromStart(long startOffset) {
        EpochEntry keep = null;
        Iterator<EpochEntry> it = epochs.values().iterator();
        boolean changed = false;
        while (it.hasNext()) {
            EpochEntry e = it.next();
            if (e.startOffset() >= startOffset) {
                break;
            }
            keep = e;
            it.remove();
            changed = true;
        }
        if (keep != null) {
            Map.Entry<Integer, EpochEntry> first = epochs.firstEntry();
            if (first == null || first.getValue().startOffset() > startOffset) {
                epochs.put(keep.epoch(), new EpochEntry(keep.epoch(), startOffset));
            }
        }
        if (changed) {
            writeQuietly();
        }
    }

    /** Drops every entry (the log restarted empty). */
    public synchronized void clear() {
        if (!epochs.isEmpty()) {
            epochs.clear();
            writeQuietly();
        }
    }

    public synchronized List<EpochEntry> entries() {
        return new ArrayList<>(epochs.values());
    }

    /** Makes the checkpoint durable if it changed since the last flush. */
    public synchronized void flush() throws IOException {
        if (dirty) {
            checkpoint.write(new ArrayList<>(epochs.values()), true);
            dirty = false;
        }
    }

    private List<EpochEntry> removeFromEnd(java.util.function.Predicate<EpochEntry> condition) {
        List<EpochEntry> removed = new ArrayList<>();
        while (!epochs.isEmpty() && condition.test(epochs.lastEntry().getValue())) {
            removed.add(0, epochs.pollLastEntry().getValue());
        }
        return removed;
    }

    /**
     * Writes the checkpoint to the page cache. A failure is logged, not thrown: the in-memory cache stays right, the
     * next change or flush writes again, and recovery rebuilds the entries the file misses from the log.
     */
    private void writeQuietly() {
        dirty = true;
        try {
            checkpoint.write(new ArrayList<>(epochs.values()), false);
        } catch (IOException e) {
            log.warn("{}: could not write {}: {}", topicPartition, checkpoint.file(), e.toString());
        }
    }
}
