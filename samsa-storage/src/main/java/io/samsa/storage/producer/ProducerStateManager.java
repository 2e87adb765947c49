package io.samsa.storage.producer;

import io.samsa.storage.LogFileNames;
import io.samsa.storage.txn.AbortedTxn;
import io.samsa.storage.txn.CompletedTxn;
import io.samsa.storage.txn.TransactionIndex;
import io.samsa.storage.txn.TransactionTracker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer state of one partition: a {@link ProducerStateEntry} per producer id, covering every batch below
 * {@link #mapEndOffset}, and the snapshots of it in the partition directory.
 *
 * <p>On disk: {@code <20-digit offset>.snapshot} files in the partition directory (format in
 * {@link ProducerStateSnapshot}); the log writes one at each segment roll (named by the new segment's base
 * offset) and one on close (named by the log end offset).
 *
 * <p>Crash behaviour: on open the log calls {@link #loadLatestSnapshot} with its (recovered) end offset, which
 * deletes snapshots above that offset and corrupt ones, loads the newest remaining one, and returns the offset
 * from which the log replays its batch headers (through {@link #prepareUpdate} and
 * {@link ProducerAppendInfo#appendReplicatedBatch}) to bring the state up to its end. With no snapshot
 * the state is rebuilt from the first segment. Producers idle for {@code producer.id.expiration.ms} (judged by
 * the batch timestamps, as Kafka does) are dropped on load and by {@link #removeExpiredProducers}.
 *
 * <p>Transactions: the entries' open transactions are mirrored in a {@link TransactionTracker} (rebuilt from a
 * loaded snapshot, since each entry keeps its open transaction's first offset); {@link #completeTxns} closes them
 * and writes aborted ones to the segment's {@link TransactionIndex}. Producers with an open transaction never
 * expire (Kafka's rule: it would leave the transaction open forever).
 *
 * <p>Not thread-safe, apart from {@link #transactions()}: the owning log calls it under its lock.
 */
public final class ProducerStateManager {
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000L;
    private static final Logger log = LoggerFactory.getLogger(ProducerStateManager.class);

    private final TopicPartition topicPartition;
    private final long producerIdExpirationMs;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    private final NavigableSet<Long> snapshotOffsets = new TreeSet<>();
    private final TransactionTracker transactions = new TransactionTracker();
    private File logDir;
    private long mapEndOffset;

    /** Indexes the snapshot files already in {@code logDir}. */
    public ProducerStateManager(TopicPartition topicPartition, File logDir, long producerIdExpirationMs) {
        this.topicPartition = topicPartition;
        this.logDir = logDir;
        this.producerIdExpirationMs = producerIdExpirationMs;
        File[] files = logDir.listFiles((dir, name) -> name.endsWith(ProducerStateSnapshot.SUFFIX));
        if (files != null) {
            for (File f : files) {
                String prefix = f.getName().substring(0, f.getName().length() - ProducerStateSnapshot.SUFFIX.length());
                try {
                    snapshotOffsets.add(Long.parseLong(prefix));
                } catch (NumberFormatException e) {
                    log.warn("Ignoring unexpected file {} in {}", f.getName(), logDir);
                }
            }
        }
    }

    public static File snapshotFile(File dir, long offset) {
        return new File(dir, LogFileNames.prefix(offset) + ProducerStateSnapshot.SUFFIX);
    }

    /** The state of a producer, or null if there is none. */
    public ProducerStateEntry entry(long producerId) {
        return producers.get(producerId);
    }

    /** A copy of the state of every known producer. */
    public Map<Long, ProducerStateEntry> activeProducers() {
        return Collections.unmodifiableMap(new HashMap<>(producers));
    }

    /** Starts collecting the producer-state changes of one append. */
    public ProducerAppendInfo prepareUpdate() {
        return new ProducerAppendInfo(topicPartition, this);
    }

    /**
     * Commits the changes of an append that has been written. The caller then passes
     * {@link ProducerAppendInfo#completedTxns} to {@link #completeTxns}.
     */
    public void update(ProducerAppendInfo appendInfo) {
        for (ProducerStateEntry next : appendInfo.updatedEntries().values()) {
            ProducerStateEntry previous = producers.put(next.producerId(), next);
            boolean started = next.hasOngoingTxn()
                    && (previous == null || previous.currentTxnFirstOffset() != next.currentTxnFirstOffset());
            if (started) {
                transactions.start(next.producerId(), next.currentTxnFirstOffset());
            }
        }
    }

    /**
     * Closes transactions whose markers were just written to the segment of {@code index}: aborted ones go into
     * that index with the last stable offset after their marker (Kafka's order: the index entry first, then the
     * transaction leaves the open ones).
     */
    public void completeTxns(List<CompletedTxn> completed, TransactionIndex index) throws IOException {
        for (CompletedTxn txn : completed) {
            if (txn.aborted()) {
                index.append(new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.lastOffset(),
                        transactions.lastStableOffsetAfter(txn)));
            }
            transactions.complete(txn);
        }
    }

    /** The open and unreplicated transactions; thread-safe. */
    public TransactionTracker transactions() {
        return transactions;
    }

    /** Every batch below {@code offset} is reflected in the state. */
    public void updateMapEndOffset(long offset) {
        mapEndOffset = offset;
    }

    public long mapEndOffset() {
        return mapEndOffset;
    }

    private boolean isExpired(ProducerStateEntry entry, long nowMs) {
        return !entry.hasOngoingTxn() && nowMs - entry.lastTimestamp() >= producerIdExpirationMs;
    }

    /** Forgets producers idle for {@code producer.id.expiration.ms}. Returns how many. */
    public int removeExpiredProducers(long nowMs) {
        int removed = 0;
        for (Iterator<ProducerStateEntry> it = producers.values().iterator(); it.hasNext(); ) {
            if (isExpired(it.next(), nowMs)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /**
     * Writes the state as of {@link #mapEndOffset} to its snapshot file, unless a snapshot for that offset exists.
     * With {@code sync} false the file is left to the page cache: a snapshot lost in a crash is only a slower
     * start-up, because its CRC fails and an older one or the log is used instead.
     */
    public void takeSnapshot(boolean sync) throws IOException {
        if (snapshotOffsets.contains(mapEndOffset)) {
            return;
        }
        ProducerStateSnapshot.write(snapshotFile(logDir, mapEndOffset), producers.values(), sync);
        snapshotOffsets.add(mapEndOffset);
    }

    public OptionalLong latestSnapshotOffset() {
        return snapshotOffsets.isEmpty() ? OptionalLong.empty() : OptionalLong.of(snapshotOffsets.last());
    }

    public List<Long> snapshotOffsets() {
        return new ArrayList<>(snapshotOffsets);
    }

    /** Deletes snapshots below {@code offset}, except the newest one. */
    public void deleteSnapshotsBelow(long offset) throws IOException {
        Long newest = snapshotOffsets.isEmpty() ? null : snapshotOffsets.last();
        for (Long o : new ArrayList<>(snapshotOffsets.headSet(offset, false))) {
            if (!o.equals(newest)) {
                deleteSnapshot(o);
            }
        }
    }

    /** Deletes snapshots above {@code offset} (they describe batches no longer in the log). */
    public void deleteSnapshotsAbove(long offset) throws IOException {
        for (Long o : new ArrayList<>(snapshotOffsets.tailSet(offset, false))) {
            deleteSnapshot(o);
        }
    }

    private void deleteSnapshot(long offset) throws IOException {
        snapshotOffsets.remove(offset);
        Files.deleteIfExists(snapshotFile(logDir, offset).toPath());
    }

    /** Forgets everything and deletes every snapshot: the log restarts empty at {@code offset}. */
    public void truncateFullyAndStartAt(long offset) throws IOException {
        producers.clear();
        transactions.clear();
        for (Long o : new ArrayList<>(snapshotOffsets)) {
            deleteSnapshot(o);
        }
        mapEndOffset = offset;
    }

    /**
     * Replaces the state with the newest valid snapshot at or below {@code logEndOffset}, deleting newer and
     * corrupt snapshots. Returns the snapshot's offset, from which the caller replays the log's batches, or
     * empty if there is none (replay the whole log).
     */
    public OptionalLong loadLatestSnapshot(long logEndOffset, long nowMs) throws IOException {
        deleteSnapshotsAbove(logEndOffset);
        producers.clear();
        transactions.clear();
        while (!snapshotOffsets.isEmpty()) {
            long offset = snapshotOffsets.last();
            File file = snapshotFile(logDir, offset);
            try {
                for (ProducerStateEntry e : ProducerStateSnapshot.read(file)) {
                    if (!isExpired(e, nowMs)) {
                        producers.put(e.producerId(), e);
                        if (e.hasOngoingTxn()) {
                            transactions.start(e.producerId(), e.currentTxnFirstOffset());
                        }
                    }
                }
                mapEndOffset = offset;
                return OptionalLong.of(offset);
            } catch (IOException e) {
                log.warn("Deleting unreadable producer snapshot {} of {}: {}", file, topicPartition, e.getMessage());
                producers.clear();
                transactions.clear();
                deleteSnapshot(offset);
            }
        }
        mapEndOffset = 0;
        return OptionalLong.empty();
    }

    /** The partition directory was renamed (deletion); snapshots now live there. */
    public void updateLogDir(File dir) {
        this.logDir = dir;
    }
}
