package io.samsa.replication;

import io.samsa.common.DelayTimer;
import io.samsa.storage.LogOffsetMetadata;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A fetch parked until enough bytes become visible ({@code fetch.min.bytes}) or its wait ({@code fetch.max.wait.ms})
 * ends. A consumer's becomes visible when the high watermark moves (read_committed: the last stable offset, which
 * only moves with the high watermark), a follower's when the log end moves.
 *
 * <p>Waking costs an offset comparison per watched partition, never a read of the log: each partition's visible
 * end is compared with where the fetch started, as positions in the log when both are in the same segment (a later
 * segment counts as enough). A change of leader epoch or role also completes it, so the client hears the error at
 * once. The one read happens when it completes, on the completion executor (in the broker the requesting
 * connection's own thread, as a task of its own), not in the call that appended or moved the high watermark.
 *
 * <p>Thread-safe: appends, high-watermark moves and the timer race to complete it, exactly once.
 */
final class DelayedFetch {
    /**
     * One partition the fetch waits on: where it started, in which leader epoch, and whether this broker led it
     * then (a consumer may wait on a follower, KIP-392).
     */
    record Watch(Partition partition, LogOffsetMetadata start, int leaderEpoch, boolean wasLeader) {
        Watch(Partition partition, LogOffsetMetadata start, int leaderEpoch) {
            this(partition, start, leaderEpoch, true);
        }
    }

    private final List<Watch> watched;
    private final boolean follower;
    private final boolean readCommitted;
    private final int minBytes;
    private final Predicate<Partition> countsBytes;
    private final Supplier<List<PartitionFetchResult>> read;
    private final Executor completion;
    private final CompletableFuture<List<PartitionFetchResult>> result = new CompletableFuture<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private final Runnable onChange = this::tryComplete;
    private volatile DelayTimer.Timeout timeout;

    /**
     * @param readCommitted a read_committed consumer's fetch: it waits for the last stable offset to move
     * @param countsBytes whether a partition's new bytes count towards {@code minBytes} now (false for a partition
     *                    the leader's replication throttle holds back)
     */
    DelayedFetch(List<Watch> watched, boolean follower, boolean readCommitted, int minBytes,
                 Predicate<Partition> countsBytes, Supplier<List<PartitionFetchResult>> read, Executor completion) {
        this.watched = watched;
        this.follower = follower;
        this.readCommitted = readCommitted;
        this.minBytes = minBytes;
        this.countsBytes = countsBytes;
        this.read = read;
        this.completion = completion;
    }

    CompletableFuture<List<PartitionFetchResult>> start(DelayTimer timer, long maxWaitMs) {
        for (Watch w : watched) {
            if (follower) {
                w.partition().addLogEndListener(onChange);
            } else {
                w.partition().addHighWatermarkListener(onChange);
            }
        }
        timeout = timer.schedule(maxWaitMs, this::finish);
        // Data may have become visible between the first read and registering the listeners.
        tryComplete();
        return result;
    }

    private void tryComplete() {
        if (completed.get()) {
            return;
        }
        long bytes = 0;
        for (Watch w : watched) {
            Partition p = w.partition();
            if (p.leaderEpoch() != w.leaderEpoch() || p.isLeader() != w.wasLeader()) {
                finish();
                return;
            }
            LogOffsetMetadata end = follower ? p.logEndOffsetMetadata() : visibleEnd(p);
            if (end.messageOffset() > w.start().messageOffset() && countsBytes.test(p)) {
                bytes += w.start().positionKnown() && end.positionKnown() ? end.bytesAfter(w.start())
                        : Integer.MAX_VALUE;
            }
            if (bytes >= minBytes) {
                finish();
                return;
            }
        }
    }

    private LogOffsetMetadata visibleEnd(Partition p) {
        LogOffsetMetadata hw = p.highWatermarkMetadata();
        if (!readCommitted) {
            return hw;
        }
        long lso = p.lastStableOffset();
        return lso >= hw.messageOffset() ? hw : LogOffsetMetadata.offsetOnly(lso);
    }

    private void finish() {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        for (Watch w : watched) {
            w.partition().removeLogEndListener(onChange);
            w.partition().removeHighWatermarkListener(onChange);
        }
        DelayTimer.Timeout t = timeout;
        if (t != null) {
            t.cancel();
        }
        try {
            completion.execute(() -> {
                try {
                    result.complete(read.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // The thread that was to answer has stopped (its connection or the server is going away); the appender
            // that woke this fetch must not see the refusal.
            result.completeExceptionally(e);
        }
    }
}
