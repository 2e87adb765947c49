package io.samsa.replication.fetcher;

import java.util.concurrent.ScheduledExecutorService;

/**
 * One fetcher's own way to its leader: a {@link ReplicaFetchClient} with a single thread of its own, on which the
 * fetcher runs ({@link ReplicaFetcherLoop}). In the broker the thread is the event loop that reads the leader's
 * connection, so responses complete on it and go into the log without changing threads, as Kafka's fetcher thread
 * reads its own socket.
 *
 * <p>Opened by a {@link FetcherTransportFactory} when a fetcher starts, closed when it stops. Thread-safe.
 */
public interface FetcherTransport extends ReplicaFetchClient, AutoCloseable {
    /** The fetcher's one thread. It may refuse tasks once the transport is closed. */
    ScheduledExecutorService executor();

    /**
     * Stops the thread and fails what is in flight. Returns once the thread has ended (a task running on it, such as
     * an append, has finished), unless called on that thread itself.
     */
    @Override
    void close();
}
