package io.samsa.broker.txn;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps the appends of one producer in the order its requests arrived while some of them wait for the transaction
 * coordinator. A producer pipelines up to five Produce requests on its connection, and the broker handles them
 * concurrently; when the first must be verified with the coordinator before it is appended, the ones behind it must
 * not be appended first (the leader would see a sequence gap). A request whose producer has nothing waiting is
 * appended at once, with no cost beyond one map lookup.
 *
 * <p>Used by the Produce handler, keyed by producer id. Thread-safe.
 */
public final class ProducerSequencer {
    private final Map<Long, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    /** True if no step of {@code producerId} is waiting or running: an append may go ahead at once. */
    public boolean isIdle(long producerId) {
        return !tails.containsKey(producerId);
    }

    /**
     * Runs {@code step} once every step of {@code producerId} submitted before it has completed (whatever their
     * outcome); the returned future completes as the step's does.
     */
    public <T> CompletableFuture<T> after(long producerId, Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<?>[] previous = new CompletableFuture<?>[1];
        tails.compute(producerId, (id, tail) -> {
            previous[0] = tail;
            return mine;
        });
        CompletableFuture<?> start = previous[0] == null ? CompletableFuture.completedFuture(null)
                : previous[0].handle((r, e) -> null);
        start.thenCompose(ignored -> step.get()).whenComplete((result, failure) -> {
            tails.remove(producerId, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(result);
            }
        });
        return mine;
    }

    /** Producers with steps waiting or running (for tests and metrics). */
    int waitingProducers() {
        return tails.size();
    }
}
