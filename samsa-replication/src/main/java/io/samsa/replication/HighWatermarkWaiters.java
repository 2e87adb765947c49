package io.samsa.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;

/**
 * The acks=all produces of one partition waiting for the high watermark to pass their last offset, ordered by that
 * offset so an advance completes exactly the satisfied ones without looking at the others.
 *
 * <p>Each waiter is a future completed once: NONE when the high watermark reaches its offset,
 * NOT_LEADER_OR_FOLLOWER when this broker stops leading. A caller that gives up (its request timed out) completes
 * it itself; a completed future is simply dropped here on the next pass. Futures are completed outside the lock,
 * so whatever runs on completion cannot deadlock with the partition.
 *
 * <p>Thread-safe.
 */
final class HighWatermarkWaiters {
    private final TreeMap<Long, List<CompletableFuture<Errors>>> byOffset = new TreeMap<>();

    /** A future completed when the high watermark reaches {@code requiredOffset}. */
    CompletableFuture<Errors> await(long requiredOffset) {
        CompletableFuture<Errors> f = new CompletableFuture<>();
        synchronized (this) {
            byOffset.computeIfAbsent(requiredOffset, k -> new ArrayList<>(2)).add(f);
        }
        return f;
    }

    /** Forgets a waiter its caller gave up on (its request timed out), so waiters cannot pile up. */
    void cancel(long requiredOffset, CompletableFuture<Errors> waiter) {
        synchronized (this) {
            List<CompletableFuture<Errors>> l = byOffset.get(requiredOffset);
            if (l != null && l.remove(waiter) && l.isEmpty()) {
                byOffset.remove(requiredOffset);
            }
        }
    }

    /** Completes every waiter whose offset is at or below {@code highWatermark}. */
    void highWatermarkAdvanced(long highWatermark) {
        List<CompletableFuture<Errors>> done = new ArrayList<>();
        synchronized (this) {
            Map<Long, List<CompletableFuture<Errors>>> head = byOffset.headMap(highWatermark, true);
            head.values().forEach(done::addAll);
            head.clear();
        }
        for (CompletableFuture<Errors> f : done) {
            f.complete(Errors.NONE);
        }
    }

    /** Completes every waiter with {@code error} (leadership moved). */
    void failAll(Errors error) {
        List<CompletableFuture<Errors>> done = new ArrayList<>();
        synchronized (this) {
            byOffset.values().forEach(done::addAll);
            byOffset.clear();
        }
        for (CompletableFuture<Errors> f : done) {
            f.complete(error);
        }
    }

    synchronized int size() {
        int n = 0;
        for (List<CompletableFuture<Errors>> l : byOffset.values()) {
            n += l.size();
        }
        return n;
    }
}
