package io.samsa.broker.txn;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/**
 * Keeps the appends of one producer in the order its requests arrived while some of them wait for the transaction
 * coordinator. A producer pipelines up to five Produce requests on its connection, and the broker handles them
 * concurrently; when the first must be verified with the coordinator before it is appended, the ones behind it must
 * not be appended first (the leader would see a sequence gap). A request whose producer has nothing waiting is
 * appended at once, with no cost beyond one map lookup.
 *
 * <p>It also remembers, per producer, the partitions whose first batch could not be verified ({@link #settle}): a
 * later batch of the same epoch there must not be appended before that one is, or the partition would hold a sequence
 * gap that the retried first batch can never fill (a producer new to a partition is accepted at any sequence). Such a
 * batch gets NOT_ENOUGH_REPLICAS, which producers retry in order. Kafka gets this for free by reading one request per
 * connection at a time. The memory is dropped after {@link #HOLD_MS}, or when the producer moves to a new epoch.
 *
 * <p>Used by the Produce handler, keyed by producer id. Thread-safe.
 */
public final class ProducerSequencer {
    /** How long a failed first batch holds back the producer's later batches in its partition. */
    static final long HOLD_MS = 5 * 60_000L;
    /** Producers remembered before expired ones are looked for. */
    private static final int SWEEP_AT = 1_000;

    private final Map<Long, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final Map<Long, Held> held = new ConcurrentHashMap<>();

    /** The partitions of one producer epoch whose first batch failed verification, with that batch's sequence. */
    private record Held(short epoch, long sinceMs, Map<TopicPartition, Integer> firstSequences) {
    }

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

    /**
     * Called in a producer's step once its verification answered: {@code asked} are the partitions verified with the
     * base sequence of their first batch, {@code failed} the coordinator's errors. Returns the errors to answer with:
     * {@code failed}, plus NOT_ENOUGH_REPLICAS for a batch that comes after an earlier first batch here which failed
     * and was not appended since. Remembers this call's failures, and forgets a partition whose held-back first batch
     * (or an earlier one) now passed.
     */
    public Map<TopicPartition, Errors> settle(long producerId, short epoch, Map<TopicPartition, Integer> asked,
                                              Map<TopicPartition, Errors> failed, long nowMs) {
        Held h = held.get(producerId);
        if (h != null && (h.epoch() != epoch || nowMs - h.sinceMs() > HOLD_MS)) {
            held.remove(producerId, h);
            h = null;
        }
        if (h == null && failed.isEmpty()) {
            return failed;
        }
        Map<TopicPartition, Errors> out = new HashMap<>(failed);
        Map<TopicPartition, Integer> sequences = h == null ? new HashMap<>() : new HashMap<>(h.firstSequences());
        asked.forEach((tp, sequence) -> {
            Integer first = sequences.get(tp);
            if (failed.containsKey(tp)) {
                sequences.put(tp, first == null ? sequence : Math.min(first, sequence));
            } else if (first != null && sequence > first) {
                out.put(tp, Errors.NOT_ENOUGH_REPLICAS);
            } else if (first != null) {
                sequences.remove(tp);
            }
        });
        if (sequences.isEmpty()) {
            held.remove(producerId);
        } else {
            held.put(producerId, new Held(epoch, h == null ? nowMs : h.sinceMs(), sequences));
            if (held.size() > SWEEP_AT) {
                held.values().removeIf(x -> nowMs - x.sinceMs() > HOLD_MS);
            }
        }
        return out;
    }

    /** Producers with steps waiting or running (for tests and metrics). */
    int waitingProducers() {
        return tails.size();
    }
}
