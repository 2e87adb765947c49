package io.samsa.replication;

import io.samsa.common.DelayTimer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A fetch parked until enough bytes arrive ({@code fetch.min.bytes}) or its wait ({@code fetch.max.wait.ms}) ends.
 * It listens for appends on each partition it reads; whichever of "enough data" and "timeout" comes first completes
 * it, exactly once, with a fresh read.
 *
 * <p>Thread-safe: appends on any thread and the timer may race to complete it.
 */
final class DelayedFetch {
    private final List<Partition> watched;
    private final int minBytes;
    private final Supplier<List<PartitionFetchResult>> read;
    private final CompletableFuture<List<PartitionFetchResult>> result = new CompletableFuture<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private final Runnable onAppend = this::tryComplete;
    private volatile DelayTimer.Timeout timeout;

    DelayedFetch(List<Partition> watched, int minBytes, Supplier<List<PartitionFetchResult>> read) {
        this.watched = watched;
        this.minBytes = minBytes;
        this.read = read;
    }

    CompletableFuture<List<PartitionFetchResult>> start(DelayTimer timer, long maxWaitMs) {
        for (Partition p : watched) {
            p.addAppendListener(onAppend);
        }
        timeout = timer.schedule(maxWaitMs, this::forceComplete);
        // Data may have arrived between the first read and registering the listeners.
        tryComplete();
        return result;
    }

    private void tryComplete() {
        if (completed.get()) {
            return;
        }
        List<PartitionFetchResult> r = read.get();
        int bytes = 0;
        for (PartitionFetchResult p : r) {
            bytes += p.sizeInBytes();
            if (p.error() != org.apache.kafka.common.protocol.Errors.NONE) {
                bytes = Integer.MAX_VALUE;
                break;
            }
        }
        if (bytes >= minBytes) {
            finish(r);
        }
    }

    private void forceComplete() {
        if (!completed.get()) {
            finish(read.get());
        }
    }

    private void finish(List<PartitionFetchResult> r) {
        if (completed.compareAndSet(false, true)) {
            for (Partition p : watched) {
                p.removeAppendListener(onAppend);
            }
            DelayTimer.Timeout t = timeout;
            if (t != null) {
                t.cancel();
            }
            result.complete(r);
        }
    }
}
