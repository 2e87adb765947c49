package io.samsa.replication.fetcher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.FetchRequestData;

/**
 * Opens the transport of each fetcher the {@link ReplicaFetcherManager} starts: {@code name} names its thread
 * ({@code samsa-replica-fetcher-<leader>-<n>}). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface FetcherTransportFactory {
    FetcherTransport open(int leaderId, String name);

    /**
     * Each fetcher on a plain thread of its own, sending through a shared {@code client} whose answers may complete
     * on any thread (the fetcher moves them onto its own). For tests and in-process clients.
     */
    static FetcherTransportFactory sharing(ReplicaFetchClient client) {
        return (leaderId, name) -> new SharedClientTransport(client, name);
    }

    /** See {@link #sharing}. */
    final class SharedClientTransport implements FetcherTransport {
        private final ReplicaFetchClient client;
        private final ScheduledThreadPoolExecutor executor;
        private volatile Thread thread;

        private SharedClientTransport(ReplicaFetchClient client, String name) {
            this.client = client;
            this.executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                thread = t;
                return t;
            });
            // Closing ends the thread after its current task, without waiting for a scheduled look to come due.
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        @Override
        public CompletableFuture<FetchedResponse> fetch(int leaderId, FetchRequestData request) {
            return client.fetch(leaderId, request);
        }

        @Override
        public ScheduledExecutorService executor() {
            return executor;
        }

        @Override
        public void close() {
            // Not shutdownNow: an interrupt would close the log files under an append.
            executor.shutdown();
            if (Thread.currentThread() == thread) {
                return;
            }
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
