package io.samsa.storage;

import io.samsa.common.Scheduler;
import io.samsa.storage.epoch.EpochEndOffset;
import io.samsa.storage.epoch.LeaderEpochCache;
import io.samsa.storage.producer.BatchMetadata;
import io.samsa.storage.producer.ProducerAppendInfo;
import io.samsa.storage.producer.ProducerStateEntry;
import io.samsa.storage.producer.ProducerStateManager;
import io.samsa.storage.txn.AbortedTxn;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition's log: an ordered list of {@link LogSegment}s in the partition directory, the last one active,
 * plus the partition's producer state, log start offset, high watermark and recovery point.
 *
 * <p>On disk: the segment files (each with its aborted-transaction {@code .txnindex}), the producer
 * {@code .snapshot} files (with the open transactions, which set the last stable offset); the offsets
 * (recovery point, log start offset, high watermark) are checkpointed per log dir by the {@link LogManager}.
 *
 * <p>Crash behaviour: only batches below the recovery point are known to be on disk. {@link #open} recovers
 * everything after it (see {@link LogLoader}). The recovery point advances when segments are flushed: after
 * {@code flush.messages} messages, every {@code flush.ms}, and (asynchronously) for each rolled segment.
 *
 * <p>Thread-safety: appends, roll, truncation, retention, flush bookkeeping and config changes are serialized
 * on an internal lock, held only around the write itself (validation, CRC checks and header stamping happen
 * before it). {@link #read} and the offset lookups take no lock: the log end offset and the end position in
 * the active segment are published together through a volatile field after each write, and readers never go
 * past it, so they only ever see fully appended batches. Segments removed while a read may still be sending
 * them (zero copy) are renamed to {@code .deleted} and closed after {@code file.delete.delay.ms}.
 */
public final class Log implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Log.class);

    private final TopicPartition topicPartition;
    private final Time time;
    private final Scheduler scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private final LogSegments segments;
    private final ProducerStateManager producerState;
    private final LeaderEpochCache epochCache;
    private final LogFlusher flusher;
    private volatile File dir;
    private volatile LogConfig config;
    private volatile LogOffsetMetadata logEnd;
    private volatile long logStartOffset;
    private volatile long highWatermark;
    /** Leader epoch of the last batch, or -1. */
    private volatile int latestEpoch;
    private volatile boolean closed;
    /** Set after a failed write: the files may no longer match the in-memory state. */
    private volatile boolean offline;
    /** Bumped by every truncation, so a segment replacement planned before one is refused. */
    private volatile long truncations;
    private volatile LogChangeListener changeListener = LogChangeListener.NONE;

    private Log(LogParams params, LogLoader.LoadedLog loaded) {
        this.topicPartition = params.topicPartition();
        this.time = params.time();
        this.scheduler = params.scheduler();
        this.dir = params.dir();
        this.config = params.config();
        this.segments = loaded.segments();
        this.producerState = loaded.producerState();
        this.epochCache = loaded.epochCache();
        this.logEnd = loaded.logEnd();
        this.logStartOffset = loaded.logStartOffset();
        this.highWatermark = clamp(params.highWatermark(), logStartOffset, logEnd.messageOffset());
        this.latestEpoch = OffsetLookup.latestEpoch(segments);
        producerState.transactions().onHighWatermarkUpdated(highWatermark);
        this.flusher = new LogFlusher(topicPartition, lock, segments, epochCache, () -> dir, () -> logEnd,
                () -> closed, time, loaded.recoveryPoint());
    }

    /** Opens the log in {@code params.dir()}, recovering it if needed (see {@link LogParams}). */
    public static Log open(LogParams params) throws IOException {
        Log opened = new Log(params, LogLoader.load(params));
        log.debug("Opened {} with log start offset {}, log end offset {}, {} segments", opened.topicPartition,
                opened.logStartOffset, opened.logEndOffset(), opened.numberOfSegments());
        return opened;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /** The partition directory. */
    public File dir() {
        return dir;
    }

    /**
     * Validates every record of every batch (see {@link BatchValidator}) and appends the batches produced by a
     * client, assigning offsets. Nothing is appended if anything fails.
     * Throws (kafka-clients {@code ApiException}s, so the handler maps them with {@code Errors.forException}):
     * CorruptRecordException (bad CRC, bad sizes, unknown magic, not whole batches);
     * RecordTooLargeException when a batch exceeds {@code max.message.bytes}, RecordBatchTooLargeException when
     * the request exceeds {@code segment.bytes}; InvalidRecordException (magic below 2, inconsistent record
     * count, control batch, missing sequence, malformed records, a compressed payload that does not decompress);
     * {@link RecordValidationException}, an InvalidRecordException whose {@code error()} (INVALID_RECORD or
     * INVALID_TIMESTAMP) and record errors the handler should answer instead (null key on a compacted topic,
     * offset delta, timestamps);
     * OutOfOrderSequenceException, InvalidProducerEpochException for idempotence;
     * KafkaStorageException on an I/O error.
     * A retried idempotent batch (one of the last five per producer) returns the original offsets with
     * duplicate=true and appends nothing.
     * The batches' headers are rewritten in place (offsets, leader epoch, LogAppendTime). A batch whose codec is
     * not the topic's {@code compression.type} (unless {@code producer}) is written rebuilt in that codec instead
     * (see {@link BatchRecompressor}); RecordTooLargeException if the rebuilt batch exceeds
     * {@code max.message.bytes}.
     */
    public LogAppendInfo appendAsLeader(MemoryRecords records, int leaderEpoch) {
        LogConfig cfg = config;
        long now = time.milliseconds();
        // Validation and any recompression are CPU work on this request's bytes only, so they run before the lock.
        ValidatedRecords validated = BatchRecompressor.apply(
                BatchValidator.validate(records, cfg, topicPartition, now), cfg, topicPartition, now);
        boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
        // Header stamping touches no shared state, so it happens before taking the lock. Setting the leader
        // epoch needs no new CRC (the field is outside it); LogAppendTime does, once per batch. With CreateTime
        // the max timestamp becomes the records' largest, as in Kafka; setMaxTimestamp leaves the batch (and its
        // CRC) alone when the producer got it right already.
        List<MutableRecordBatch> batches = validated.batches();
        for (int i = 0; i < batches.size(); i++) {
            MutableRecordBatch batch = batches.get(i);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (logAppendTime) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
            } else {
                batch.setMaxTimestamp(TimestampType.CREATE_TIME, validated.maxTimestamp(i));
            }
        }
        long maxTimestamp = logAppendTime ? now : validated.maxTimestamp();
        LogAppendInfo info;
        lock.lock();
        try {
            ensureWritable();
            long firstOffset = logEnd.messageOffset();
            ProducerAppendInfo producerAppend = null;
            if (validated.hasProducerIds()) {
                producerAppend = producerState.prepareUpdate();
                long next = firstOffset;
                for (MutableRecordBatch batch : validated.batches()) {
                    long count = batch.lastOffset() - batch.baseOffset() + 1;
                    if (batch.hasProducerId()) {
                        Optional<BatchMetadata> duplicate = producerAppend.findDuplicate(batch);
                        if (duplicate.isPresent()) {
                            BatchMetadata d = duplicate.get();
                            return new LogAppendInfo(d.firstOffset(), d.lastOffset(),
                                    logAppendTime ? d.timestamp() : RecordBatch.NO_TIMESTAMP, logStartOffset, true);
                        }
                        producerAppend.appendClientBatch(batch, next, next + count - 1);
                    }
                    next += count;
                }
            }
            long next = firstOffset;
            for (MutableRecordBatch batch : validated.batches()) {
                long lastOffsetDelta = batch.lastOffset() - batch.baseOffset();
                batch.setLastOffset(next + lastOffsetDelta);
                next += lastOffsetDelta + 1;
            }
            long lastOffset = next - 1;
            LogSegment segment = maybeRoll(validated.sizeInBytes(), maxTimestamp, lastOffset, now);
            segment.append(lastOffset, validated.records(), validated.batches());
            epochCache.assign(leaderEpoch, firstOffset);
            if (producerAppend != null) {
                producerState.update(producerAppend);
                producerState.completeTxns(producerAppend.completedTxns(), segment.txnIndex());
            }
            producerState.updateMapEndOffset(next);
            latestEpoch = leaderEpoch;
            logEnd = new LogOffsetMetadata(next, segment.baseOffset(), segment.size());
            info = new LogAppendInfo(firstOffset, lastOffset, logAppendTime ? now : RecordBatch.NO_TIMESTAMP,
                    logStartOffset, false);
        } catch (IOException e) {
            offline = true;
            throw StorageErrors.storageError("appending", topicPartition, e);
        } finally {
            lock.unlock();
        }
        maybeFlushAfterAppend(cfg);
        return info;
    }

    /**
     * Appends batches copied from the leader, keeping their offsets: the follower side of replication. Checks
     * structure and CRCs and that offsets increase from the log end offset; updates producer state without
     * validating sequences (the leader did). Throws CorruptRecordException or InvalidRecordException.
     */
    public LogAppendInfo appendAsFollower(MemoryRecords records) {
        List<MutableRecordBatch> batches = BatchValidator.replicatedBatches(records);
        if (batches.isEmpty()) {
            return new LogAppendInfo(-1L, -1L, RecordBatch.NO_TIMESTAMP, logStartOffset, false);
        }
        int size = records.sizeInBytes();
        LogAppendInfo info;
        lock.lock();
        try {
            ensureWritable();
            long next = logEnd.messageOffset();
            long maxTimestamp = RecordBatch.NO_TIMESTAMP;
            for (MutableRecordBatch batch : batches) {
                if (batch.baseOffset() < next || batch.lastOffset() < batch.baseOffset()) {
                    throw new InvalidRecordException("Replicated batch " + batch.baseOffset() + ".."
                            + batch.lastOffset() + " does not follow offset " + (next - 1) + " in " + topicPartition);
                }
                next = batch.lastOffset() + 1;
                maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            }
            long firstOffset = batches.get(0).baseOffset();
            long lastOffset = next - 1;
            LogSegment segment = maybeRoll(size, maxTimestamp, lastOffset, time.milliseconds());
            segment.append(lastOffset, records, batches);
            ProducerAppendInfo producerAppend = producerState.prepareUpdate();
            for (MutableRecordBatch batch : batches) {
                epochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
                if (batch.hasProducerId()) {
                    producerAppend.appendReplicatedBatch(batch);
                }
            }
            producerState.update(producerAppend);
            producerState.completeTxns(producerAppend.completedTxns(), segment.txnIndex());
            producerState.updateMapEndOffset(next);
            latestEpoch = batches.get(batches.size() - 1).partitionLeaderEpoch();
            logEnd = new LogOffsetMetadata(next, segment.baseOffset(), segment.size());
            info = new LogAppendInfo(firstOffset, lastOffset, RecordBatch.NO_TIMESTAMP, logStartOffset, false);
        } catch (IOException e) {
            offline = true;
            throw StorageErrors.storageError("appending replicated records", topicPartition, e);
        } finally {
            lock.unlock();
        }
        maybeFlushAfterAppend(config);
        return info;
    }

    /**
     * Writes a COMMIT or ABORT marker for {@code producerId} as the transaction coordinator asks the leader to: the
     * only way a control batch enters a leader's log. Throws InvalidProducerEpochException (epoch older than the
     * producer's), TransactionCoordinatorFencedException (coordinator epoch older than its last marker's).
     */
    public LogAppendInfo appendMarker(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
                                      int leaderEpoch) {
        long now = time.milliseconds();
        EndTransactionMarker marker = new EndTransactionMarker(commit ? ControlRecordType.COMMIT
                : ControlRecordType.ABORT, coordinatorEpoch);
        MemoryRecords records = MemoryRecords.withEndTransactionMarker(now, producerId, producerEpoch, marker);
        MutableRecordBatch batch = records.batches().iterator().next();
        batch.setPartitionLeaderEpoch(leaderEpoch);
        lock.lock();
        try {
            ensureWritable();
            long offset = logEnd.messageOffset();
            ProducerAppendInfo producerAppend = producerState.prepareUpdate();
            producerAppend.appendMarker(producerId, producerEpoch, marker, offset, now);
            batch.setLastOffset(offset);
            LogSegment segment = maybeRoll(records.sizeInBytes(), now, offset, now);
            segment.append(offset, records, List.of(batch));
            epochCache.assign(leaderEpoch, offset);
            producerState.update(producerAppend);
            producerState.completeTxns(producerAppend.completedTxns(), segment.txnIndex());
            producerState.updateMapEndOffset(offset + 1);
            latestEpoch = leaderEpoch;
            logEnd = new LogOffsetMetadata(offset + 1, segment.baseOffset(), segment.size());
        } catch (IOException e) {
            offline = true;
            throw StorageErrors.storageError("appending a transaction marker", topicPartition, e);
        } finally {
            lock.unlock();
        }
        maybeFlushAfterAppend(config);
        return new LogAppendInfo(batch.baseOffset(), batch.lastOffset(), RecordBatch.NO_TIMESTAMP, logStartOffset,
                false);
    }

    private void maybeFlushAfterAppend(LogConfig cfg) {
        if (flusher.dueByMessages(logEnd.messageOffset(), cfg.flushMessages())) {
            flusher.flushUpTo(logEnd.messageOffset());
        }
    }

    /** Rolls first if the append does not fit the active segment. Under the lock. */
    private LogSegment maybeRoll(int size, long maxTimestamp, long lastOffset, long nowMs) throws IOException {
        LogSegment active = segments.last();
        if (active.shouldRoll(config, size, maxTimestamp, lastOffset, nowMs)) {
            return roll();
        }
        return active;
    }

    /**
     * Starts a new active segment at the log end offset: trims the old one, snapshots the producer state, and
     * schedules a flush of the old segment. Under the lock.
     */
    private LogSegment roll() throws IOException {
        LogSegment active = segments.last();
        long newBase = logEnd.messageOffset();
        if (active.baseOffset() == newBase) {
            return active;
        }
        active.onBecomeInactive();
        producerState.updateMapEndOffset(newBase);
        producerState.takeSnapshot(false);
        LogSegment segment = LogSegment.open(dir, newBase, config, time);
        segments.add(segment);
        logEnd = new LogOffsetMetadata(newBase, newBase, 0);
        flusher.markDirDirty();
        log.debug("Rolled {} to a new segment at offset {}", topicPartition, newBase);
        if (scheduler != null) {
            scheduler.schedule("flush-log-" + topicPartition, () -> {
                if (!closed && !offline) {
                    flusher.flushUpTo(newBase);
                }
            }, 0L, 0L);
        }
        return segment;
    }

    /**
     * Reads whole batches starting with the one that contains {@code startOffset}, up to {@code maxBytes},
     * and never at or beyond {@code maxOffsetExclusive} (the high watermark for consumers).
     * With {@code minOneMessage}, the first batch is returned even if larger than maxBytes (KIP-74).
     * Reading at the log end (or at {@code maxOffsetExclusive}) returns empty records.
     * Throws OffsetOutOfRangeException if startOffset is below the log start offset or above the log end offset.
     */
    public FetchDataInfo read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) {
        if (offline) {
            throw new KafkaStorageException("Log of " + topicPartition + " is offline after an I/O error");
        }
        LogOffsetMetadata end = logEnd;
        long start = logStartOffset;
        if (startOffset < start || startOffset > end.messageOffset()) {
            throw new OffsetOutOfRangeException("Offset " + startOffset + " is out of range for " + topicPartition
                    + ": log start offset " + start + ", log end offset " + end.messageOffset());
        }
        long limit = Math.min(maxOffsetExclusive, end.messageOffset());
        if (startOffset == end.messageOffset()) {
            return FetchDataInfo.empty(end);
        }
        if (startOffset >= limit || maxBytes < 0) {
            return FetchDataInfo.EMPTY;
        }
        return SegmentReads.read(segments, end, startOffset, maxBytes, limit, minOneMessage);
    }

    /**
     * ListOffsets: -2 earliest (log start offset), -1 latest (log end offset), -3 max timestamp (KIP-734: the
     * offset and timestamp of the record with the largest timestamp), -4 earliest local (= earliest here),
     * -5 latest tiered (-1: no tiered storage); otherwise the first offset whose timestamp is at or after
     * {@code timestamp}. The leader epoch is that of the batch found. Empty if none.
     */
    public Optional<FileRecords.TimestampAndOffset> fetchOffsetByTimestamp(long timestamp) {
        return OffsetLookup.byTimestamp(segments, timestamp, logStartOffset, logEnd, latestEpoch);
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    /** The log end offset with its segment and byte position. */
    public LogOffsetMetadata logEndOffsetMetadata() {
        return logEnd;
    }

    public long logEndOffset() {
        return logEnd.messageOffset();
    }

    /** The high watermark (set by replication; for a single replica it follows the log end offset). */
    public long highWatermark() {
        return highWatermark;
    }

    /** Sets the high watermark, clamped to [log start offset, log end offset]. */
    public void updateHighWatermark(long hw) {
        highWatermark = clamp(hw, logStartOffset, logEndOffset());
        producerState.transactions().onHighWatermarkUpdated(highWatermark);
    }

    /** The last stable offset (see {@link io.samsa.storage.txn.TransactionTracker}): read_committed's limit. */
    public long lastStableOffset() {
        // Retention may delete an open transaction's first batch: the LSO never drops below the log start (Kafka's).
        return Math.max(logStartOffset, producerState.transactions().lastStableOffset(highWatermark));
    }

    /** The aborted transactions overlapping [startOffset, upperBoundOffset): read_committed fetches need them. */
    public List<AbortedTxn> collectAbortedTransactions(long startOffset, long upperBoundOffset) {
        return SegmentReads.abortedTransactions(segments, startOffset, upperBoundOffset);
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(value, max));
    }

    /**
     * Where {@code epoch} ends in this log (see {@link LeaderEpochCache#endOffsetFor}): what a leader answers a
     * follower's diverging-epoch check and OffsetForLeaderEpoch with.
     */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        return epochCache.endOffsetFor(epoch, logEnd.messageOffset());
    }

    /**
     * Records that this replica leads from {@code epoch} on, starting at the current log end offset, before it
     * appends anything: followers' divergence checks and the ISR rule "caught up to the start of the leader's
     * epoch" rely on the entry being there from the moment of the election. Returns that start offset.
     */
    public long startLeaderEpoch(int epoch) {
        lock.lock();
        try {
            long start = logEnd.messageOffset();
            epochCache.assign(epoch, start);
            return start;
        } finally {
            lock.unlock();
        }
    }

    /** The leader epochs of this log; for followers planning a truncation. */
    public LeaderEpochCache epochCache() {
        return epochCache;
    }

    public long recoveryPoint() {
        return flusher.recoveryPoint();
    }

    /**
     * DeleteRecords: moves the log start offset to {@code offset} (must be &lt;= high watermark, else
     * OffsetOutOfRangeException; -1 means the high watermark) and deletes segments entirely below it. Returns
     * the new log start offset. The {@link LogManager} persists it in the log-start-offset checkpoint.
     */
    public long deleteRecordsBefore(long offset) {
        lock.lock();
        try {
            ensureWritable();
            long target = offset == -1L ? highWatermark : offset;
            if (target < 0 || target > highWatermark) {
                throw new OffsetOutOfRangeException("Cannot move the log start offset of " + topicPartition + " to "
                        + offset + ": it must be between 0 and the high watermark " + highWatermark);
            }
            if (target > logStartOffset) {
                logStartOffset = target;
                epochCache.truncateFromStart(target);
                log.info("Log start offset of {} moved to {} by DeleteRecords", topicPartition, target);
            }
            deleteSegments(RetentionPolicy.logStartOffsetBreached(logStartOffset), "log start offset");
            return logStartOffset;
        } catch (IOException e) {
            offline = true;
            throw StorageErrors.storageError("deleting records", topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes whole segments past retention.ms / beyond retention.bytes, and segments below the log start
     * offset. Only segments wholly below the high watermark go. If every segment goes, including the active
     * one, the log rolls first (Kafka's behaviour), so the log always keeps an (empty) active segment.
     * Returns how many segments were deleted.
     */
    public int deleteRetentionExceededSegments() {
        lock.lock();
        try {
            if (closed || offline) {
                return 0;
            }
            LogConfig cfg = config;
            int deleted = deleteSegments(RetentionPolicy.logStartOffsetBreached(logStartOffset), "log start offset");
            if (cfg.delete()) {
                deleted += deleteSegments(RetentionPolicy.retentionSizeBreached(cfg.retentionBytes(),
                        segments.sizeInBytes()), "retention.bytes");
                deleted += deleteSegments(RetentionPolicy.retentionMsBreached(cfg.retentionMs(),
                        time.milliseconds()), "retention.ms");
            }
            return deleted;
        } catch (IOException e) {
            offline = true;
            throw StorageErrors.storageError("deleting segments", topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private int deleteSegments(RetentionPolicy.DeletionRule rule, String reason) throws IOException {
        List<LogSegment> deletable = RetentionPolicy.deletableSegments(segments, rule, highWatermark,
                logEnd.messageOffset());
        if (deletable.isEmpty()) {
            return 0;
        }
        if (deletable.size() == segments.numberOfSegments()) {
            roll();
        }
        for (LogSegment s : deletable) {
            segments.remove(s.baseOffset());
        }
        long firstBase = segments.first().baseOffset();
        if (firstBase > logStartOffset) {
            logStartOffset = firstBase;
            epochCache.truncateFromStart(firstBase);
        }
        log.info("Deleting {} segment(s) of {} ({}); log start offset is now {}", deletable.size(), topicPartition,
                reason, logStartOffset);
        deleteSegmentFiles(deletable);
        producerState.deleteSnapshotsBelow(firstBase);
        return deletable.size();
    }

    private void deleteSegmentFiles(List<LogSegment> removed) throws IOException {
        SegmentDeleter.deleteLater(removed, scheduler, config.fileDeleteDelayMs(), topicPartition);
    }

    /**
     * Removes every batch from the one holding {@code targetOffset} on (a follower diverged from the leader).
     * Returns false if {@code targetOffset} is at or beyond the log end offset (nothing to do). The high
     * watermark and recovery point are lowered if needed and the producer state is rebuilt.
     */
    public boolean truncateTo(long targetOffset) {
        lock.lock();
        try {
            ensureWritable();
            if (targetOffset < 0) {
                throw new IllegalArgumentException("Cannot truncate " + topicPartition + " to " + targetOffset);
            }
            if (targetOffset >= logEnd.messageOffset()) {
                return false;
            }
            if (targetOffset < segments.first().baseOffset()) {
                truncateFullyAndStartAt(targetOffset);
                return true;
            }
            truncations++;
            List<LogSegment> removed = new ArrayList<>();
            for (LogSegment s : segments.values()) {
                if (s.baseOffset() > targetOffset) {
                    removed.add(s);
                }
            }
            for (LogSegment s : removed) {
                segments.remove(s.baseOffset());
            }
            deleteSegmentFiles(removed);
            LogSegment active = segments.last();
            active.truncateTo(targetOffset);
            active.makeActive(config.segmentIndexBytes());
            // Whole batches only: a target inside a batch removes that batch too.
            long newEnd = Math.min(targetOffset, active.readNextOffset().orElse(targetOffset));
            logEnd = new LogOffsetMetadata(newEnd, active.baseOffset(), active.size());
            afterTruncation(newEnd);
            LogLoader.rebuildProducerState(producerState, segments, newEnd, time.milliseconds());
            producerState.transactions().onHighWatermarkUpdated(highWatermark);
            changeListener.onTruncated(this, active.baseOffset());
            return true;
        } catch (IOException e) {
            offline = true;
            throw StorageErrors.storageError("truncating", topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes every segment and restarts the log empty at {@code newOffset}, which becomes the log start offset
     * (a follower far behind a leader whose log start offset passed its end).
     */
    public void truncateFullyAndStartAt(long newOffset) {
        lock.lock();
        try {
            ensureWritable();
            truncations++;
            List<LogSegment> removed = new ArrayList<>(segments.values());
            segments.clear();
            // Renamed to .deleted first, so a segment with the same base offset can be created fresh.
            deleteSegmentFiles(removed);
            segments.add(LogSegment.open(dir, newOffset, config, time));
            logStartOffset = newOffset;
            logEnd = new LogOffsetMetadata(newOffset, newOffset, 0);
            afterTruncation(newOffset);
            producerState.truncateFullyAndStartAt(newOffset);
            epochCache.clear();
            flusher.markDirDirty();
            changeListener.onTruncated(this, newOffset);
        } catch (IOException e) {
            offline = true;
            throw StorageErrors.storageError("truncating", topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    private void afterTruncation(long newEnd) throws IOException {
        epochCache.truncateFromEnd(newEnd);
        highWatermark = clamp(highWatermark, logStartOffset, newEnd);
        flusher.onTruncation(newEnd);
        latestEpoch = OffsetLookup.latestEpoch(segments);
        producerState.deleteSnapshotsAbove(newEnd);
    }

    /** Rolls the active segment if segment.ms elapsed, and fsyncs if flush.ms elapsed. Called periodically. */
    public void maybeRollOrFlush() {
        long now = time.milliseconds();
        long flushTarget = -1;
        lock.lock();
        try {
            if (closed || offline) {
                return;
            }
            LogConfig cfg = config;
            LogSegment active = segments.last();
            if (active.size() > 0 && active.timeWaitedForRoll(now, now) > cfg.maxSegmentMs()) {
                roll();
            }
            flushTarget = flusher.periodicTarget(logEnd.messageOffset(), segments.last().baseOffset(), now,
                    cfg.flushMs());
        } catch (IOException e) {
            offline = true;
            throw StorageErrors.storageError("rolling", topicPartition, e);
        } finally {
            lock.unlock();
        }
        if (flushTarget >= 0) {
            flusher.flushUpTo(flushTarget);
        }
    }

    /** Fsyncs everything up to the log end offset and advances the recovery point. */
    public void flush() {
        flusher.flushUpTo(logEndOffset());
    }

    /** Forgets producers idle for {@code producer.id.expiration.ms}. Returns how many. Called periodically. */
    public int removeExpiredProducers() {
        lock.lock();
        try {
            return closed ? 0 : producerState.removeExpiredProducers(time.milliseconds());
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the producer state (for DescribeProducers and tests). */
    /**
     * True if {@code producerId} has a transaction open here at {@code producerEpoch}: a partition leader need not
     * ask the coordinator about its next batch (KIP-890).
     */
    public boolean hasOngoingTransaction(long producerId, short producerEpoch) {
        lock.lock();
        try {
            ProducerStateEntry entry = producerState.entry(producerId);
            return entry != null && entry.hasOngoingTxn() && entry.producerEpoch() == producerEpoch;
        } finally {
            lock.unlock();
        }
    }

    public Map<Long, ProducerStateEntry> activeProducers() {
        lock.lock();
        try {
            return producerState.activeProducers();
        } finally {
            lock.unlock();
        }
    }

    public LogConfig config() {
        return config;
    }

    /** Takes effect for the next append, roll and retention check. */
    public void updateConfig(LogConfig config) {
        lock.lock();
        try {
            this.config = config;
        } finally {
            lock.unlock();
        }
    }

    /** Total bytes of all segment .log files. */
    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    /** Snapshot of the non-active segments whose base offset is in [from, to), for the cleaner. Lock-free. */
    public List<SegmentView> segmentViews(long from, long to) {
        List<SegmentView> views = new ArrayList<>();
        for (LogSegment s : segments.range(from, Math.min(to, segments.last().baseOffset()))) {
            views.add(new SegmentView(s));
        }
        return views;
    }

    /** Base offset of the active segment, the end of what the cleaner may touch. */
    public long activeSegmentBaseOffset() {
        return segments.last().baseOffset();
    }

    /** Who is told of this log's truncations (under its lock); set by {@link LogManager}. */
    void setChangeListener(LogChangeListener listener) {
        this.changeListener = listener;
    }

    /** How many truncations this log went through; {@link #replaceSegments} refuses if it changed. */
    public long truncations() {
        return truncations;
    }

    /** Starts a cleaned copy at {@code baseOffset}, deleting the files of an abandoned earlier one. */
    public CleanedSegment createCleanedSegment(long baseOffset) throws IOException {
        return CleanedSegment.create(dir, baseOffset, config, time);
    }

    /**
     * Replaces {@code old} (consecutive non-active segments, oldest first) by the finished {@code cleaned} copy,
     * crash-safely (see {@link SegmentSwap}); the old files are deleted after {@code file.delete.delay.ms}.
     * Throws {@link LogCleaningAbortedException} if the log was truncated since {@code expectedTruncations} was
     * read, if any old segment is no longer in the log, or if the log is closed or offline.
     */
    public void replaceSegments(CleanedSegment cleaned, List<SegmentView> old, long expectedTruncations) {
        replaceSegments(cleaned, old, expectedTruncations, SegmentSwap.Steps.NONE);
    }

    void replaceSegments(CleanedSegment cleaned, List<SegmentView> old, long expectedTruncations,
                         SegmentSwap.Steps steps) {
        if (!cleaned.isFinished()) {
            throw new IllegalStateException(cleaned + " is not finished");
        }
        lock.lock();
        try {
            List<LogSegment> replaced = SegmentReplacementCheck.currentSegments(segments, old);
            if (closed || offline) {
                throw new LogCleaningAbortedException("Log of " + topicPartition + " is closed or offline");
            }
            if (truncations != expectedTruncations || replaced == null) {
                throw new LogCleaningAbortedException("Log of " + topicPartition + " changed since segments "
                        + old + " were read");
            }
            SegmentSwap.replace(dir, segments, cleaned.segment(), replaced, this::deleteSegmentFiles, steps);
        } catch (IOException e) {
            offline = true;
            throw StorageErrors.storageError("replacing segments of", topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    public int numberOfSegments() {
        return segments.numberOfSegments();
    }

    /** Base offsets of the segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        List<Long> bases = new ArrayList<>();
        for (LogSegment s : segments.values()) {
            bases.add(s.baseOffset());
        }
        return bases;
    }

    private void ensureWritable() {
        if (offline) {
            throw new KafkaStorageException("Log of " + topicPartition + " is offline after an I/O error");
        }
        if (closed) {
            throw new KafkaStorageException("Log of " + topicPartition + " is closed");
        }
    }

    /** Flushes, writes the producer-state snapshot, closes files. */
    @Override
    public void close() {
        flusher.exclusively(this::closeUnderFlushLock);
    }

    private void closeUnderFlushLock() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!offline) {
                producerState.updateMapEndOffset(logEnd.messageOffset());
                producerState.takeSnapshot(true);
                epochCache.flush();
            }
            IOException failure = null;
            for (LogSegment s : segments.values()) {
                try {
                    s.close();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            closed = true;
            if (failure != null) {
                throw failure;
            }
            flusher.onCleanClose(logEnd.messageOffset());
            Utils.flushDirIfExists(dir.toPath());
        } catch (IOException e) {
            closed = true;
            throw StorageErrors.storageError("closing", topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /** Closes and removes all files of this log, and its directory. */
    public void delete() {
        flusher.exclusively(this::deleteUnderFlushLock);
    }

    private void deleteUnderFlushLock() {
        lock.lock();
        try {
            closed = true;
            for (LogSegment s : segments.values()) {
                try {
                    s.deleteIfExists();
                } catch (IOException e) {
                    log.warn("Failed to delete {}: {}", s, e.getMessage());
                }
            }
            segments.clear();
            Utils.delete(dir);
        } catch (IOException e) {
            throw StorageErrors.storageError("deleting", topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Renames the partition directory (used by {@link LogManager#deleteLog}); open files keep working and
     * further appends are refused.
     */
    void renameDirAndStopWrites(File target) throws IOException {
        lock.lock();
        try {
            closed = true;
            Utils.atomicMoveWithFallback(dir.toPath(), target.toPath(), true);
            dir = target;
            for (LogSegment s : segments.values()) {
                s.updateParentDir(target);
            }
            producerState.updateLogDir(target);
        } finally {
            lock.unlock();
        }
    }

    /** Closes file handles without flushing (after {@link #renameDirAndStopWrites}, before deleting files). */
    void closeHandlesAndDelete() {
        flusher.exclusively(this::deleteUnderFlushLock);
    }

    @Override
    public String toString() {
        return "Log(" + topicPartition + ", dir=" + dir + ", logStartOffset=" + logStartOffset + ", logEndOffset="
                + logEndOffset() + ", highWatermark=" + highWatermark + ")";
    }
}
