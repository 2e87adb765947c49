package io.samsa.network;

import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker-wide budget of {@code queued.max.request.bytes}: bytes of requests being received or waiting for their
 * response, across every connection.
 *
 * <p>Accounting is logical. A frame's whole announced size is reserved when its 4-byte size is read, before any of
 * its bytes are buffered, and released when the frame is released (its response sequenced, or its connection
 * closed). A frame that holds a reservation can therefore always be received to its end and processed, so honest
 * clients cannot deadlock one another the way they could if budget were taken as bytes arrive (several half-received
 * requests, each waiting for budget the others hold). A connection whose reservation is refused holds nothing: it
 * stops reading and {@link #awaitRelease waits} for the next release.
 *
 * <p>A reservation succeeds when it fits under the limit, or when nothing at all is reserved; so the bound is
 * {@code max(limit, one frame)} and a frame larger than the limit (possible only with the derived default) still
 * gets through on its own. The price of "fits" over Kafka's "any memory left" rule is that a large frame may wait
 * while a stream of small ones keeps the budget nearly full.
 *
 * <p>Thread-safe: reserve and release are one compare-and-set or add each; waiters are woken on their own threads.
 */
final class RequestMemory {
    /** The share of the JVM's maximum direct memory that the derived default bound allows requests to hold. */
    private static final int DERIVED_FRACTION = 4;

    /** Someone to tell when memory has been released. */
    interface Waiter {
        /** Called on the releasing thread; must only schedule work, never run it. */
        void wake();
    }

    private final long limit;
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final ConcurrentLinkedQueue<Queued> waiters = new ConcurrentLinkedQueue<>();

    /** A waiter in the queue at most once: a connection waits for one reservation at a time. */
    static final class Queued {
        private final Waiter waiter;
        private final AtomicBoolean queued = new AtomicBoolean();

        Queued(Waiter waiter) {
            this.waiter = waiter;
        }
    }

    RequestMemory(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /**
     * The bound for a configured {@code queued.max.request.bytes}: the value itself when positive; otherwise a
     * quarter of the JVM's maximum direct memory, since Kafka's "unbounded" default is how issue 8's client ran the
     * broker out of memory. The other three quarters are left for response buffers, read buffers and the pool's own
     * chunks.
     */
    static long limitFor(long configured) {
        if (configured > 0) {
            return configured;
        }
        long max = PlatformDependent.maxDirectMemory();
        if (max <= 0) {
            max = Runtime.getRuntime().maxMemory();
        }
        return Math.max(1, max / DERIVED_FRACTION);
    }

    /** Reserves {@code bytes}, or returns false (reserving nothing) when they do not fit. */
    boolean tryReserve(int bytes) {
        for (;;) {
            long current = reserved.get();
            long next = current + bytes;
            if (next > limit && current != 0) {
                return false;
            }
            if (reserved.compareAndSet(current, next)) {
                if (next > peak.get()) {
                    peak.accumulateAndGet(next, Math::max);
                }
                return true;
            }
        }
    }

    /** Returns {@code bytes} reserved earlier and wakes every waiter, each of which will try again. */
    void release(int bytes) {
        if (bytes == 0) {
            return;
        }
        reserved.addAndGet(-bytes);
        if (!waiters.isEmpty()) {
            wakeAll();
        }
    }

    /**
     * Asks for {@code q}'s waiter to be woken at the next release. A caller must try to reserve again after this
     * call, because a release may have happened between its refused reservation and this call.
     */
    void awaitRelease(Queued q) {
        if (q.queued.compareAndSet(false, true)) {
            waiters.add(q);
        }
    }

    private void wakeAll() {
        Queued q;
        while ((q = waiters.poll()) != null) {
            q.queued.set(false);
            q.waiter.wake();
        }
    }

    long limit() {
        return limit;
    }

    long reserved() {
        return reserved.get();
    }

    long peak() {
        return peak.get();
    }

    int waiting() {
        return waiters.size();
    }
}
