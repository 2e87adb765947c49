package io.samsa.storage;

import io.samsa.storage.epoch.EpochEntry;
import io.samsa.storage.epoch.LeaderEpochCache;
import io.samsa.storage.epoch.LeaderEpochCheckpointFile;
import io.samsa.storage.index.CorruptIndexException;
import io.samsa.storage.producer.ProducerAppendInfo;
import io.samsa.storage.producer.ProducerStateManager;
import io.samsa.storage.txn.TransactionIndex;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory and brings it to a consistent state: the recovery half of {@link Log#open}.
 *
 * <p>Steps: delete {@code .deleted} files; finish or discard a segment replacement a crash interrupted
 * ({@code .cleaned}, {@code .swap}, see {@link SegmentSwap}); delete {@code .tmp} files and index files without a
 * {@code .log}; open every segment; then
 * <ul>
 *   <li>after an unclean stop, recover (validate every batch, truncate at the first bad or torn one, rebuild
 *       both indexes) every segment from the one holding the recovery point; the first segment that had to be
 *       truncated becomes the last, later ones are deleted;</li>
 *   <li>otherwise, and for segments below the recovery point, trust the {@code .log} files but sanity-check the
 *       indexes, recovering a segment whose index is missing or fails the check;</li>
 * </ul>
 * then fix the log start offset (at least the first segment's base offset; if it is beyond the recovered log
 * end the log restarts empty there, as Kafka does) and load the producer state: the newest valid snapshot at or
 * below the log end, plus a replay of the batch headers after it.
 *
 * <p>Crash behaviour: every step is idempotent, so a crash during loading is recovered by loading again.
 * Single-threaded: runs before the log is published.
 */
final class LogLoader {
    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    /**
     * The loaded state.
     *
     * @param segments       the segments, the last one active
     * @param logStartOffset the log start offset
     * @param logEnd         the log end offset and where it is
     * @param recoveryPoint  offset below which data is known flushed
     * @param producerState  loaded producer state, covering every batch
     * @param epochCache     leader epochs, covering every batch
     */
    record LoadedLog(LogSegments segments, long logStartOffset, LogOffsetMetadata logEnd, long recoveryPoint,
                     ProducerStateManager producerState, LeaderEpochCache epochCache) {
    }

    private LogLoader() {
    }

    static LoadedLog load(LogParams params) throws IOException {
        File dir = params.dir();
        Files.createDirectories(dir.toPath());
        LogConfig config = params.config();
        deleteFilesPendingDeletion(dir);
        SegmentSwap.recoverInterrupted(dir);
        TreeMap<Long, Boolean> bases = scanDirectory(dir);
        LogSegments segments = new LogSegments();
        try {
            long nextOffset = openAndRecover(params, bases, segments);
            LogSegment active = segments.last();
            long logStartOffset = Math.max(params.logStartOffset(), segments.first().baseOffset());
            ProducerStateManager producerState = new ProducerStateManager(params.topicPartition(), dir,
                    params.producerIdExpirationMs());
            if (logStartOffset > nextOffset) {
                log.warn("{}: log start offset {} is beyond the recovered log end {}; restarting the log empty there",
                        params.topicPartition(), logStartOffset, nextOffset);
                for (LogSegment s : new ArrayList<>(segments.values())) {
                    s.deleteIfExists();
                    segments.remove(s.baseOffset());
                }
                active = LogSegment.open(dir, logStartOffset, config, params.time());
                segments.add(active);
                nextOffset = logStartOffset;
                producerState.truncateFullyAndStartAt(logStartOffset);
            }
            active.makeActive(config.segmentIndexBytes());
            long recoveryPoint = params.hadCleanShutdown() ? nextOffset : Math.min(params.recoveryPoint(), nextOffset);
            // Recovered segments lost their aborted-transaction index: replay at least from the first of them.
            long replayBound = nextOffset;
            for (LogSegment s : segments.values()) {
                if (s.wasRecovered()) {
                    replayBound = Math.min(replayBound, s.baseOffset());
                    break;
                }
            }
            rebuildProducerState(producerState, segments, nextOffset, replayBound, params.time().milliseconds());
            producerState.deleteSnapshotsBelow(segments.first().baseOffset());
            LogOffsetMetadata logEnd = new LogOffsetMetadata(nextOffset, active.baseOffset(), active.size());
            LeaderEpochCache epochCache = loadEpochCache(params, segments, logStartOffset, nextOffset,
                    Math.max(0, recoveryPoint));
            return new LoadedLog(segments, logStartOffset, logEnd, Math.max(0, recoveryPoint), producerState,
                    epochCache);
        } catch (IOException | RuntimeException e) {
            for (LogSegment s : segments.values()) {
                org.apache.kafka.common.utils.Utils.closeQuietly(s, "segment");
            }
            throw e;
        }
    }

    /**
     * Deletes the {@code .deleted} files first: a replacement interrupted by a crash is judged by the files that
     * remain (see {@link SegmentSwap#recoverInterrupted}).
     */
    private static void deleteFilesPendingDeletion(File dir) throws IOException {
        File[] files = dir.listFiles((d, name) -> name.endsWith(LogFileNames.DELETED_SUFFIX));
        if (files == null) {
            throw new IOException("Cannot list partition directory " + dir);
        }
        for (File f : files) {
            Files.deleteIfExists(f.toPath());
        }
    }

    /**
     * Deletes leftovers and returns the base offsets of the segments found, each mapped to whether both of its
     * index files exist.
     */
    private static TreeMap<Long, Boolean> scanDirectory(File dir) throws IOException {
        File[] files = dir.listFiles();
        if (files == null) {
            throw new IOException("Cannot list partition directory " + dir);
        }
        TreeMap<Long, Boolean> bases = new TreeMap<>();
        List<File> indexFiles = new ArrayList<>();
        for (File f : files) {
            String name = f.getName();
            if (f.isDirectory()) {
                continue;
            }
            if (LogFileNames.isLeftover(name)) {
                log.info("Deleting leftover file {}", f);
                Files.deleteIfExists(f.toPath());
                continue;
            }
            OptionalLong base = LogFileNames.offsetFromFileName(name, LogFileNames.LOG_SUFFIX);
            if (base.isPresent()) {
                bases.put(base.getAsLong(), false);
            } else if (name.endsWith(LogFileNames.INDEX_SUFFIX) || name.endsWith(LogFileNames.TIME_INDEX_SUFFIX)
                    || name.endsWith(TransactionIndex.SUFFIX)) {
                indexFiles.add(f);
            }
        }
        for (File f : indexFiles) {
            String name = f.getName();
            String suffix = name.endsWith(LogFileNames.INDEX_SUFFIX) ? LogFileNames.INDEX_SUFFIX
                    : name.endsWith(TransactionIndex.SUFFIX) ? TransactionIndex.SUFFIX : LogFileNames.TIME_INDEX_SUFFIX;
            OptionalLong base = LogFileNames.offsetFromFileName(name, suffix);
            if (base.isEmpty() || !bases.containsKey(base.getAsLong())) {
                log.info("Deleting index file {} that has no log file", f);
                Files.deleteIfExists(f.toPath());
            }
        }
        for (Long base : bases.keySet()) {
            bases.put(base, LogFileNames.offsetIndexFile(dir, base).exists()
                    && LogFileNames.timeIndexFile(dir, base).exists());
        }
        return bases;
    }

    /** Opens the segments, recovering as needed. Returns the log end offset. */
    private static long openAndRecover(LogParams params, TreeMap<Long, Boolean> bases, LogSegments segments)
            throws IOException {
        File dir = params.dir();
        LogConfig config = params.config();
        if (bases.isEmpty()) {
            LogSegment segment = LogSegment.open(dir, Math.max(0, params.logStartOffset()), config, params.time());
            segments.add(segment);
            return segment.baseOffset();
        }
        for (Long base : bases.keySet()) {
            segments.add(LogSegment.open(dir, base, config, params.time()));
        }
        long recoverFrom = Long.MAX_VALUE;
        if (!params.hadCleanShutdown()) {
            Long floor = bases.floorKey(Math.max(0, params.recoveryPoint()));
            recoverFrom = floor == null ? bases.firstKey() : floor;
        }
        long nextOffset = -1;
        List<LogSegment> all = new ArrayList<>(segments.values());
        for (int i = 0; i < all.size(); i++) {
            LogSegment segment = all.get(i);
            boolean last = i == all.size() - 1;
            boolean recover = segment.baseOffset() >= recoverFrom || !bases.get(segment.baseOffset());
            if (nextOffset >= 0 && segment.baseOffset() < nextOffset) {
                log.warn("{}: segment {} overlaps the previous one, which ends at {}; deleting it and later segments",
                        params.topicPartition(), segment.baseOffset(), nextOffset);
                deleteFrom(all, i, segments);
                break;
            }
            if (!recover) {
                try {
                    segment.sanityCheck();
                    if (last) {
                        Optional<Long> next = segment.readNextOffset();
                        recover = next.isEmpty();
                        nextOffset = next.orElse(-1L);
                    } else {
                        nextOffset = -1;
                    }
                } catch (CorruptIndexException e) {
                    log.warn("{}: {}; rebuilding the indexes of segment {}", params.topicPartition(), e.getMessage(),
                            segment.baseOffset());
                    recover = true;
                }
            }
            if (recover) {
                LogSegment.RecoveryResult result = segment.recover(config.segmentIndexBytes());
                nextOffset = result.nextOffset();
                if (!last) {
                    segment.onBecomeInactive();
                }
                if (result.invalidReason() != null || result.truncatedBytes() > 0) {
                    // As Kafka: whatever follows damaged data is not trusted either.
                    log.warn("{}: recovery of segment {} stopped at offset {} ({}), {} bytes truncated",
                            params.topicPartition(), segment.baseOffset(), nextOffset,
                            result.invalidReason() == null ? "torn batch at the end" : result.invalidReason(),
                            result.truncatedBytes());
                    deleteFrom(all, i + 1, segments);
                    break;
                }
            }
        }
        return nextOffset;
    }

    private static void deleteFrom(List<LogSegment> all, int from, LogSegments segments) throws IOException {
        for (int j = from; j < all.size(); j++) {
            LogSegment s = all.get(j);
            segments.remove(s.baseOffset());
            s.deleteIfExists();
        }
        if (segments.isEmpty()) {
            throw new IllegalStateException("Every segment was deleted");
        }
    }

    /**
     * Loads {@code leader-epoch-checkpoint} and completes it from the batches' leader epochs from the recovery point
     * on (after a crash the file may miss entries written since the last flush), or from the log start when there
     * is no usable file (a log written before Samsa kept epochs). Entries beyond the recovered log end go.
     */
    private static LeaderEpochCache loadEpochCache(LogParams params, LogSegments segments, long logStartOffset,
                                                   long logEndOffset, long recoveryPoint) throws IOException {
        LeaderEpochCheckpointFile file = new LeaderEpochCheckpointFile(params.dir());
        LeaderEpochCache cache = new LeaderEpochCache(params.topicPartition(), file);
        Optional<List<EpochEntry>> stored;
        try {
            stored = file.read();
        } catch (IOException e) {
            log.warn("{}: {}; rebuilding the leader epochs from the log", params.topicPartition(), e.getMessage());
            stored = Optional.empty();
        }
        long rebuildFrom = logStartOffset;
        if (stored.isPresent()) {
            cache.assignAll(stored.get());
            rebuildFrom = Math.max(logStartOffset, recoveryPoint);
            // Entries from there on are recomputed from the batches themselves.
            cache.truncateFromEnd(rebuildFrom);
        }
        if (rebuildFrom < logEndOffset) {
            LogSegment first = segments.floor(rebuildFrom);
            long from = first == null ? segments.first().baseOffset() : first.baseOffset();
            for (LogSegment segment : segments.from(from)) {
                int position = segment.offsetIndex().lookup(Math.max(rebuildFrom, segment.baseOffset())).position();
                for (FileChannelRecordBatch batch : segment.records().batchesFrom(position)) {
                    if (batch.lastOffset() >= rebuildFrom && batch.partitionLeaderEpoch() >= 0) {
                        cache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
                    }
                }
            }
        }
        cache.truncateFromEnd(logEndOffset);
        cache.truncateFromStart(logStartOffset);
        cache.flush();
        return cache;
    }

    /**
     * Loads the newest usable producer snapshot at or below {@code logEndOffset} and replays the batch headers
     * from there to the log end (from the first segment without a snapshot).
     */
    static void rebuildProducerState(ProducerStateManager producerState, LogSegments segments, long logEndOffset,
                                     long nowMs) throws IOException {
        rebuildProducerState(producerState, segments, logEndOffset, logEndOffset, nowMs);
    }

    /**
     * As above, but replaying at least from {@code replayBound}: snapshots above it are dropped. Markers replayed
     * also restore their segment's aborted-transaction index entries (appending is idempotent).
     */
    static void rebuildProducerState(ProducerStateManager producerState, LogSegments segments, long logEndOffset,
                                     long replayBound, long nowMs) throws IOException {
        OptionalLong snapshot = producerState.loadLatestSnapshot(Math.min(logEndOffset, replayBound), nowMs);
        long from = snapshot.isPresent() ? snapshot.getAsLong() : segments.first().baseOffset();
        if (from < logEndOffset) {
            for (LogSegment segment : segments.from(from)) {
                int position = segment.offsetIndex().lookup(from).position();
                for (FileChannelRecordBatch batch : segment.records().batchesFrom(position)) {
                    if (batch.baseOffset() >= from && batch.hasProducerId()) {
                        // One batch at a time: a marker's last stable offset depends on the batches before it.
                        ProducerAppendInfo replay = producerState.prepareUpdate();
                        replay.appendReplicatedBatch(batch);
                        producerState.update(replay);
                        producerState.completeTxns(replay.completedTxns(), segment.txnIndex());
                    }
                }
            }
            producerState.removeExpiredProducers(nowMs);
        }
        producerState.updateMapEndOffset(logEndOffset);
    }
}
