package io.samsa.storage;

import io.samsa.storage.index.OffsetIndex;
import io.samsa.storage.index.OffsetPosition;
import io.samsa.storage.index.TimeIndex;
import io.samsa.storage.txn.TransactionIndex;
import io.samsa.storage.index.TimestampOffset;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * One segment of a partition's log: the batches from {@code baseOffset} up to the next segment's base offset,
 * with their offset and time indexes.
 *
 * <p>On disk: {@code <20-digit base offset>.log} (record batches back to back, exactly as produced, offsets
 * assigned), {@code .index} ({@link OffsetIndex}) and {@code .timeindex} ({@link TimeIndex}). Only the last
 * (active) segment is appended to; the others are immutable until deleted or truncated.
 *
 * <p>Crash behaviour: the {@code .log} file is the truth. A crash can leave a torn batch at its end, and indexes
 * that are stale or untrimmed; {@link #recover} validates every batch, truncates at the first invalid one and
 * rebuilds both indexes.
 *
 * <p>Threading: appends, truncation, recovery, roll and close are called under the owning log's lock. Reads
 * ({@link #read}, {@link #translateOffset}, timestamp lookups) run concurrently without a lock and are bounded
 * by a byte position the log published after a completed append, so they never see a partial batch.
 */
final class LogSegment implements Closeable {
    private static final TimestampOffset NO_TIMESTAMP = new TimestampOffset(RecordBatch.NO_TIMESTAMP, -1L);
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final long baseOffset;
    private final FileRecords log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final TransactionIndex txnIndex;
    private final int indexIntervalBytes;
    /** Set by {@link #recover}: its aborted-transaction index was emptied and must be replayed from its markers. */
    private boolean recovered;
    private volatile long createdMs;
    /** Largest batch timestamp so far and the last offset of its batch. */
    private volatile TimestampOffset maxTimestampAndOffset = NO_TIMESTAMP;
    /** Max timestamp of the first batch, the reference point of segment.ms; {@link #UNKNOWN} until read. */
    private volatile long rollingBasedTimestamp = UNKNOWN;
    private int bytesSinceLastIndexEntry;

    private LogSegment(long baseOffset, FileRecords log, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       TransactionIndex txnIndex, int indexIntervalBytes, long createdMs) {
        this.txnIndex = txnIndex;
        this.baseOffset = baseOffset;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.createdMs = createdMs;
    }

    /**
     * Opens the segment's files in {@code dir}, creating missing ones; a missing index is created empty (and
     * must then be rebuilt by {@link #recover}). Index files of existing segments keep their length.
     */
    static LogSegment open(File dir, long baseOffset, LogConfig config, Time time) throws IOException {
        return open(dir, baseOffset, config, time, "");
    }

    /**
     * As {@link #open(File, long, LogConfig, Time)}, for files named with {@code fileSuffix} after their usual
     * name (a compaction writes {@code .cleaned} files, see {@link SegmentSwap}).
     */
    static LogSegment open(File dir, long baseOffset, LogConfig config, Time time, String fileSuffix)
            throws IOException {
        FileRecords records = FileRecords.open(withSuffix(LogFileNames.logFile(dir, baseOffset), fileSuffix), true,
                false, 0, false);
        OffsetIndex offsetIndex = null;
        try {
            offsetIndex = new OffsetIndex(withSuffix(LogFileNames.offsetIndexFile(dir, baseOffset), fileSuffix),
                    baseOffset, config.segmentIndexBytes());
            TimeIndex timeIndex = new TimeIndex(withSuffix(LogFileNames.timeIndexFile(dir, baseOffset), fileSuffix),
                    baseOffset, config.segmentIndexBytes());
            TransactionIndex txnIndex = new TransactionIndex(
                    withSuffix(LogFileNames.txnIndexFile(dir, baseOffset), fileSuffix));
            return new LogSegment(baseOffset, records, offsetIndex, timeIndex, txnIndex, config.indexIntervalBytes(),
                    time.milliseconds());
        } catch (IOException | RuntimeException e) {
            Utils.closeQuietly(offsetIndex, "offset index");
            Utils.closeQuietly(records, "log file");
            throw e;
        }
    }

    private static File withSuffix(File file, String suffix) {
        return suffix.isEmpty() ? file : new File(file.getPath() + suffix);
    }

    long baseOffset() {
        return baseOffset;
    }

    int size() {
        return log.sizeInBytes();
    }

    FileRecords records() {
        return log;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    /** The aborted transactions whose ABORT marker is in this segment. */
    TransactionIndex txnIndex() {
        return txnIndex;
    }

    /** Whether {@link #recover} ran since open (or the index was unreadable): its index must be replayed. */
    boolean wasRecovered() {
        return recovered || txnIndex.lostEntries();
    }

    File logFile() {
        return log.file();
    }

    /** Largest batch timestamp in the segment, or -1 if none is known. */
    long maxTimestampSoFar() {
        return maxTimestampAndOffset.timestamp();
    }

    /** For time-based retention: the largest timestamp, or the file's modification time if none is known. */
    long largestTimestamp() {
        long ts = maxTimestampSoFar();
        return ts >= 0 ? ts : log.file().lastModified();
    }

    /**
     * Appends batches whose offsets are already assigned, with one write, then adds index entries: an offset
     * index entry (and a time index entry) for a batch when more than {@code index.interval.bytes} were
     * appended since the last entry. {@code batches} are the batches of {@code records}, in order.
     */
    void append(long largestOffset, MemoryRecords records, List<? extends RecordBatch> batches) throws IOException {
        if (largestOffset - baseOffset > Integer.MAX_VALUE || largestOffset < baseOffset) {
            throw new IllegalArgumentException("Offset " + largestOffset + " does not fit in segment " + baseOffset);
        }
        int position = log.sizeInBytes();
        if (position == 0) {
            rollingBasedTimestamp = batches.get(0).maxTimestamp();
        }
        log.append(records);
        TimestampOffset max = maxTimestampAndOffset;
        for (RecordBatch batch : batches) {
            if (batch.maxTimestamp() > max.timestamp()) {
                max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
            }
            if (bytesSinceLastIndexEntry > indexIntervalBytes && !offsetIndex.isFull()) {
                offsetIndex.append(batch.lastOffset(), position);
                timeIndex.maybeAppend(max.timestamp(), max.offset(), false);
                bytesSinceLastIndexEntry = 0;
            }
            int size = batch.sizeInBytes();
            position += size;
            bytesSinceLastIndexEntry += size;
        }
        maxTimestampAndOffset = max;
    }

    /**
     * The batch holding {@code offset}, or the first batch after it if it falls into a gap, among the batches
     * starting before {@code maxPosition}; null if there is none. Costs an index lookup and a scan of at most
     * about {@code index.interval.bytes}.
     */
    FileChannelRecordBatch translateOffset(long offset, int maxPosition) {
        OffsetPosition start = offsetIndex.lookup(offset);
        FileChannelRecordBatch previous = null;
        for (FileChannelRecordBatch batch : log.batchesFrom(start.position())) {
            if (batch.position() >= maxPosition) {
                break;
            }
            // baseOffset() comes with the batch's first 17 bytes; lastOffset() needs the full header, so it is
            // only asked of the one batch that may hold the offset.
            if (batch.baseOffset() == offset) {
                return batch;
            }
            if (batch.baseOffset() > offset) {
                return previous != null && previous.lastOffset() >= offset ? previous : batch;
            }
            previous = batch;
        }
        return previous != null && previous.lastOffset() >= offset ? previous : null;
    }

    /**
     * Position of the first batch whose last offset is at least {@code offset}, or {@code maxPosition} if no
     * batch before {@code maxPosition} has one: the end of what a read bounded by {@code offset} may return.
     */
    int positionOfBatchContaining(long offset, int maxPosition) {
        FileChannelRecordBatch batch = translateOffset(offset, maxPosition);
        return batch == null ? maxPosition : batch.position();
    }

    /**
     * Reads whole batches from the one holding {@code startOffset}, up to {@code maxBytes}, none starting at or
     * after {@code maxPosition} ({@code maxPosition} is always a batch boundary). Returns null if no batch
     * before {@code maxPosition} holds {@code startOffset} or a later offset.
     */
    FetchDataInfo read(long startOffset, int maxBytes, int maxPosition, boolean minOneMessage) {
        FileChannelRecordBatch first = translateOffset(startOffset, maxPosition);
        if (first == null) {
            return null;
        }
        int startPosition = first.position();
        LogOffsetMetadata at = new LogOffsetMetadata(startOffset, baseOffset, startPosition);
        int firstSize = first.sizeInBytes();
        int available = maxPosition - startPosition;
        if (firstSize > maxBytes) {
            return minOneMessage ? slice(at, firstSize) : FetchDataInfo.empty(at);
        }
        if (available <= maxBytes) {
            return slice(at, available);
        }
        // Cut at the last batch boundary within maxBytes: jump close to it with the index (positions are sorted
        // too), then scan the batch sizes forward.
        int limit = startPosition + maxBytes;
        int end = Math.max(offsetIndex.lookupByPosition(limit).position(), startPosition);
        for (FileChannelRecordBatch batch : log.batchesFrom(end)) {
            int batchEnd = batch.position() + batch.sizeInBytes();
            if (batchEnd > limit) {
                break;
            }
            end = batchEnd;
        }
        return slice(at, end - startPosition);
    }

    private FetchDataInfo slice(LogOffsetMetadata at, int size) {
        return new FetchDataInfo(log.slice(at.relativePositionInSegment(), size), size, at);
    }

    /**
     * The first record at or after {@code startingOffset} whose timestamp is at least {@code timestamp}, or null.
     * Uses the time index to skip batches that only hold smaller timestamps.
     */
    FileRecords.TimestampAndOffset findOffsetByTimestamp(long timestamp, long startingOffset) {
        TimestampOffset indexed = timeIndex.lookup(timestamp);
        int position = offsetIndex.lookup(Math.max(indexed.offset(), startingOffset)).position();
        return log.searchForTimestamp(timestamp, position, startingOffset);
    }

    /** The record with this segment's largest timestamp (the first such record), or empty if there is none. */
    Optional<FileRecords.TimestampAndOffset> maxTimestampRecord() {
        TimestampOffset max = maxTimestampAndOffset;
        if (max.timestamp() < 0 || log.sizeInBytes() == 0) {
            return Optional.empty();
        }
        int position = offsetIndex.lookup(max.offset()).position();
        for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
            if (batch.maxTimestamp() == max.timestamp()) {
                int epoch = batch.partitionLeaderEpoch();
                return batch.offsetOfMaxTimestamp().map(offset -> new FileRecords.TimestampAndOffset(
                        max.timestamp(), offset, epoch >= 0 ? Optional.of(epoch) : Optional.empty()));
            }
        }
        return Optional.empty();
    }

    /**
     * How long the segment has been collecting data for {@code segment.ms}: the incoming batch's timestamp minus
     * the first batch's (Kafka's rule, so a segment covers a bounded span of record time), or, without
     * timestamps, the time since the segment was created or loaded.
     */
    long timeWaitedForRoll(long nowMs, long messageTimestamp) {
        long first = firstBatchTimestamp();
        return first >= 0 ? messageTimestamp - first : nowMs - createdMs;
    }

    /** The first batch's max timestamp, or {@link RecordBatch#NO_TIMESTAMP} if none; read once, then kept. */
    long firstBatchTimestamp() {
        long first = rollingBasedTimestamp;
        if (first == UNKNOWN) {
            first = RecordBatch.NO_TIMESTAMP;
            for (FileChannelRecordBatch batch : log.batches()) {
                first = batch.maxTimestamp();
                break;
            }
            rollingBasedTimestamp = first;
        }
        return first;
    }

    /** Whether an append of {@code appendSize} bytes must go to a new segment. Never for an empty segment. */
    boolean shouldRoll(LogConfig config, int appendSize, long maxTimestampInAppend, long lastOffsetInAppend,
                       long nowMs) {
        if (log.sizeInBytes() == 0) {
            return false;
        }
        return (long) log.sizeInBytes() + appendSize > config.segmentBytes()
                || timeWaitedForRoll(nowMs, maxTimestampInAppend) > config.maxSegmentMs()
                || offsetIndex.isFull() || timeIndex.isFull()
                || lastOffsetInAppend - baseOffset > Integer.MAX_VALUE;
    }

    /**
     * Validates every batch (structure, magic, CRC, increasing offsets) and rebuilds both indexes, sized to {@code maxIndexBytes}
     * (the caller trims them if the segment is not the active one). Truncates the file at the first invalid or
     * torn batch.
     */
    RecoveryResult recover(int maxIndexBytes) throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        txnIndex.reset();
        recovered = true;
        offsetIndex.resize(maxIndexBytes);
        timeIndex.resize(maxIndexBytes);
        bytesSinceLastIndexEntry = 0;
        int validBytes = 0;
        int lastIndexEntry = 0;
        long nextOffset = baseOffset;
        TimestampOffset max = NO_TIMESTAMP;
        long firstTimestamp = RecordBatch.NO_TIMESTAMP;
        String invalidReason = null;
        try {
            for (FileChannelRecordBatch batch : log.batches()) {
                invalidReason = invalidReason(batch, nextOffset);
                if (invalidReason != null) {
                    break;
                }
                if (validBytes == 0) {
                    firstTimestamp = batch.maxTimestamp();
                }
                if (batch.maxTimestamp() > max.timestamp()) {
                    max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
                }
                if (validBytes - lastIndexEntry > indexIntervalBytes && !offsetIndex.isFull()) {
                    offsetIndex.append(batch.lastOffset(), validBytes);
                    timeIndex.maybeAppend(max.timestamp(), max.offset(), false);
                    lastIndexEntry = validBytes;
                }
                validBytes += batch.sizeInBytes();
                nextOffset = batch.lastOffset() + 1;
            }
        } catch (org.apache.kafka.common.errors.CorruptRecordException
                 | org.apache.kafka.common.InvalidRecordException e) {
            invalidReason = e.getMessage();
        }
        int truncated = log.sizeInBytes() - validBytes;
        if (truncated > 0) {
            log.truncateTo(validBytes);
        }
        timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        maxTimestampAndOffset = max;
        rollingBasedTimestamp = validBytes == 0 ? UNKNOWN : firstTimestamp;
        bytesSinceLastIndexEntry = validBytes - lastIndexEntry;
        return new RecoveryResult(nextOffset, truncated, invalidReason);
    }

    private String invalidReason(FileChannelRecordBatch batch, long nextOffset) {
        byte magic = batch.magic();
        if (magic < RecordBatch.MAGIC_VALUE_V0 || magic > RecordBatch.MAGIC_VALUE_V2) {
            return "unknown magic " + magic + " at position " + batch.position();
        }
        // The base offset is outside the CRC: check it against the previous batch. Gaps are allowed whatever the
        // cleanup policy is now: a log compacted once keeps its gaps after its policy changes to delete.
        long base = batch.baseOffset();
        if (base < nextOffset) {
            return "batch at position " + batch.position() + " has base offset " + base + ", expected at least "
                    + nextOffset;
        }
        if (!batch.isValid()) {
            return "CRC mismatch or bad size in batch at position " + batch.position();
        }
        long last = batch.lastOffset();
        if (last < base || last - baseOffset > Integer.MAX_VALUE) {
            return "batch at position " + batch.position() + " has bad offset range " + base + ".." + last;
        }
        return null;
    }

    /**
     * What a segment recovery found.
     *
     * @param nextOffset     the offset after the last valid batch (the base offset if none)
     * @param truncatedBytes bytes cut off the end of the file
     * @param invalidReason  why the scan stopped early, or null if it reached the end of the file
     */
    record RecoveryResult(long nextOffset, int truncatedBytes, String invalidReason) {
    }

    /**
     * After a clean shutdown: checks both index files without mapping them and loads the largest timestamp
     * from the time index. Throws {@link io.samsa.storage.index.CorruptIndexException} if either is bad.
     */
    void sanityCheck() throws IOException {
        offsetIndex.sanityCheck(log.sizeInBytes());
        TimestampOffset last = timeIndex.sanityCheckAndReadLast();
        if (last.timestamp() >= 0 && last.offset() >= baseOffset) {
            maxTimestampAndOffset = last;
        }
    }

    /**
     * The offset after the last batch, found by scanning from the last index entry (cheap). Returns empty if the
     * scan does not end exactly at the end of the file (trailing garbage): the segment then needs recovery.
     */
    Optional<Long> readNextOffset() {
        int position = offsetIndex.lastEntry().position();
        FileChannelRecordBatch last = null;
        int end = position;
        for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
            last = batch;
            end = batch.position() + batch.sizeInBytes();
        }
        if (end != log.sizeInBytes()) {
            return Optional.empty();
        }
        return Optional.of(last == null ? baseOffset : last.lastOffset() + 1);
    }

    /**
     * Removes every batch from the one holding {@code offset} on. Returns the bytes removed.
     */
    int truncateTo(long offset) throws IOException {
        FileChannelRecordBatch batch = translateOffset(offset, log.sizeInBytes());
        if (batch == null) {
            return 0;
        }
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        txnIndex.truncateTo(offset);
        int removed = log.truncateTo(batch.position());
        bytesSinceLastIndexEntry = 0;
        if (log.sizeInBytes() == 0) {
            rollingBasedTimestamp = UNKNOWN;
            maxTimestampAndOffset = NO_TIMESTAMP;
        } else {
            loadLargestTimestamp();
        }
        return removed;
    }

    /** Recomputes the largest timestamp from the last time index entry and the batches after it. */
    private void loadLargestTimestamp() {
        TimestampOffset max = timeIndex.lastEntry();
        if (max.timestamp() < 0) {
            max = NO_TIMESTAMP;
        }
        int position = offsetIndex.lookup(Math.max(max.offset(), baseOffset)).position();
        for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
            if (batch.maxTimestamp() > max.timestamp()) {
                max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
            }
        }
        maxTimestampAndOffset = max;
    }

    /** Prepares the segment to be the active one: indexes get room up to {@code segment.index.bytes}. */
    void makeActive(int maxIndexBytes) throws IOException {
        offsetIndex.resize(maxIndexBytes);
        timeIndex.resize(maxIndexBytes);
    }

    /** The segment stops being active: final time index entry, indexes trimmed to their entries. */
    void onBecomeInactive() throws IOException {
        TimestampOffset max = maxTimestampAndOffset;
        timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
        log.trim();
    }

    void flush() throws IOException {
        log.flush();
        offsetIndex.flush();
        timeIndex.flush();
        txnIndex.flush();
    }

    /** Renames all files by adding {@code suffix} (e.g. {@code .deleted}); open handles keep working. */
    void addSuffix(String suffix) throws IOException {
        log.renameTo(new File(log.file().getPath() + suffix));
        offsetIndex.renameTo(new File(offsetIndex.file().getPath() + suffix));
        timeIndex.renameTo(new File(timeIndex.file().getPath() + suffix));
        txnIndex.renameTo(new File(txnIndex.file().getPath() + suffix));
    }

    /**
     * Renames all files from {@code <name><from>} to {@code <name><to>} (either suffix may be empty); open handles
     * keep working. A lazily created index that has no file yet only changes its name.
     */
    void changeFileSuffixes(String from, String to) throws IOException {
        log.renameTo(changeSuffix(log.file(), from, to));
        offsetIndex.renameTo(changeSuffix(offsetIndex.file(), from, to));
        timeIndex.renameTo(changeSuffix(timeIndex.file(), from, to));
        txnIndex.renameTo(changeSuffix(txnIndex.file(), from, to));
    }

    private static File changeSuffix(File file, String from, String to) {
        String path = file.getPath();
        if (!path.endsWith(from)) {
            throw new IllegalStateException("File " + file + " does not end with " + from);
        }
        return new File(path.substring(0, path.length() - from.length()) + to);
    }

    /** Modification time of the {@code .log} file; time retention falls back to it when no timestamp is known. */
    long lastModified() {
        return log.file().lastModified();
    }

    /**
     * Sets the modification time of the {@code .log} and {@code .timeindex} files: a cleaned copy keeps the
     * time of the segment it replaces, so that time retention treats the data as just as old.
     */
    void setLastModified(long ms) throws IOException {
        if (!log.file().setLastModified(ms) || (timeIndex.file().exists() && !timeIndex.file().setLastModified(ms))) {
            throw new IOException("Cannot set the modification time of " + log.file());
        }
    }

    /** The partition directory was renamed. */
    void updateParentDir(File dir) {
        log.updateParentDir(dir);
        offsetIndex.updateParentDir(dir);
        timeIndex.updateParentDir(dir);
        txnIndex.updateParentDir(dir);
    }

    /** Adds the final time index entry, trims and closes the files. */
    @Override
    public void close() throws IOException {
        TimestampOffset max = maxTimestampAndOffset;
        if (max.timestamp() >= 0) {
            timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        }
        Utils.closeAll(offsetIndex, timeIndex, txnIndex, log);
    }

    /** Closes handles and deletes the files. */
    void deleteIfExists() throws IOException {
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        txnIndex.deleteIfExists();
        log.deleteIfExists();
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + log.sizeInBytes() + ", file=" + log.file() + ")";
    }
}
