package io.samsa.storage;

import io.samsa.storage.epoch.LeaderEpochCache;
import java.io.File;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * The durability side of one {@link Log}: its recovery point (every offset below it is fsynced, with its leader
 * epochs and the directory entries of its segments), when the next flush is due ({@code flush.messages},
 * {@code flush.ms}), and the fsyncs themselves.
 *
 * <p>Fsyncs run outside the log's append lock, since one can take long; they are serialized among themselves by
 * this object's monitor, which close and delete also hold so that no fsync runs on a closing file. The recovery
 * point itself moves only under the log's lock: a flush raises it to at most the log end it sees there, and a
 * truncation lowers it there, so a flush racing a truncation can never leave it above the log end.
 *
 * <p>Owned by its {@link Log}; nothing else calls it. Thread-safe.
 */
final class LogFlusher {
    private final Object flushMonitor = new Object();
    private final TopicPartition topicPartition;
    private final ReentrantLock logLock;
    private final LogSegments segments;
    private final LeaderEpochCache epochCache;
    private final Supplier<File> dir;
    private final Supplier<LogOffsetMetadata> logEnd;
    private final BooleanSupplier closed;
    private final Time time;
    private volatile long recoveryPoint;
    private volatile long lastFlushMs;
    /** A segment file was created or removed since the directory was last fsynced. */
    private volatile boolean dirNeedsFlush = true;

    LogFlusher(TopicPartition topicPartition, ReentrantLock logLock, LogSegments segments, LeaderEpochCache epochCache,
               Supplier<File> dir, Supplier<LogOffsetMetadata> logEnd, BooleanSupplier closed, Time time,
               long recoveryPoint) {
        this.topicPartition = topicPartition;
        this.logLock = logLock;
        this.segments = segments;
        this.epochCache = epochCache;
        this.dir = dir;
        this.logEnd = logEnd;
        this.closed = closed;
        this.time = time;
        this.recoveryPoint = recoveryPoint;
        this.lastFlushMs = time.milliseconds();
    }

    long recoveryPoint() {
        return recoveryPoint;
    }

    /** A segment file was created or deleted: the next flush fsyncs the directory too. */
    void markDirDirty() {
        dirNeedsFlush = true;
    }

    /** After an append: whether {@code flush.messages} unflushed records have piled up. */
    boolean dueByMessages(long logEndOffset, long flushMessages) {
        return logEndOffset - recoveryPoint >= flushMessages;
    }

    /**
     * For the periodic check: the offset to flush up to, or -1. Everything when {@code flush.ms} passed since the
     * last flush; otherwise the rolled segments still unflushed (no scheduler, or its flush is still pending).
     */
    long periodicTarget(long logEndOffset, long activeBaseOffset, long nowMs, long flushMs) {
        if (logEndOffset > recoveryPoint && nowMs - lastFlushMs >= flushMs) {
            return logEndOffset;
        }
        return recoveryPoint < activeBaseOffset ? activeBaseOffset : -1;
    }

    /** Under the log's lock, after a truncation to {@code newEnd}. */
    void onTruncation(long newEnd) {
        recoveryPoint = Math.min(recoveryPoint, newEnd);
    }

    /** Under the log's lock, once a clean close has fsynced everything up to {@code logEndOffset}. */
    void onCleanClose(long logEndOffset) {
        recoveryPoint = logEndOffset;
    }

    /** Runs {@code action} with no fsync in progress or able to start (close, delete). */
    void exclusively(Runnable action) {
        synchronized (flushMonitor) {
            action.run();
        }
    }

    /**
     * Fsyncs the segments holding offsets below {@code offset}, the leader epochs and, if it changed, the directory,
     * then advances the recovery point to {@code offset} (at most the log end).
     */
    void flushUpTo(long offset) {
        synchronized (flushMonitor) {
            long from = recoveryPoint;
            if (offset <= from || closed.getAsBoolean()) {
                return;
            }
            LogSegment first = segments.floor(from);
            long fromBase = first == null ? Long.MIN_VALUE : first.baseOffset();
            try {
                for (LogSegment s : segments.range(fromBase, offset)) {
                    try {
                        s.flush();
                    } catch (ClosedChannelException e) {
                        if (segments.get(s.baseOffset()) == s) {
                            throw e;
                        }
                        // Deleted by retention or truncation meanwhile: nothing left to flush.
                    }
                }
                // The epochs of every record below the recovery point must be durable: recovery only rebuilds
                // the entries from the recovery point on.
                epochCache.flush();
                if (dirNeedsFlush) {
                    dirNeedsFlush = false;
                    Utils.flushDir(dir.get().toPath());
                }
            } catch (IOException e) {
                throw StorageErrors.storageError("flushing", topicPartition, e);
            }
            logLock.lock();
            try {
                recoveryPoint = Math.max(recoveryPoint, Math.min(offset, logEnd.get().messageOffset()));
                lastFlushMs = time.milliseconds();
            } finally {
                logLock.unlock();
            }
        }
    }
}
