package io.samsa.replication.fetcher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link ReplicaFetcher} on its own thread ({@code samsa-replica-fetcher-<leader>-<n>}): prepare a Fetch,
 * send it, wait for the answer (bounded by the request's wait plus {@code replica.socket.timeout.ms}), apply it,
 * repeat. With nothing ready it waits, through the injected clock, until a partition is added or a back-off ends.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #shutdown()} once (waits for the loop to end). Thread-safe.
 */
final class ReplicaFetcherThread implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcherThread.class);
    /** Longest idle wait, so a fetcher notices shutdown and newly ready partitions promptly. */
    private static final long MAX_IDLE_WAIT_MS = 1_000;

    private final ReplicaFetcher fetcher;
    private final ReplicaFetchClient client;
    private final FetcherConfig config;
    private final Time time;
    private final Thread thread;
    private volatile boolean running = true;

    ReplicaFetcherThread(ReplicaFetcher fetcher, ReplicaFetchClient client, FetcherConfig config, Time time,
                         String name) {
        this.fetcher = fetcher;
        this.client = client;
        this.config = config;
        this.time = time;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    ReplicaFetcher fetcher() {
        return fetcher;
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            try {
                runOnce();
            } catch (InterruptedException e) {
                if (running) {
                    log.warn("{} interrupted while running", thread.getName());
                }
                return;
            } catch (RuntimeException e) {
                log.error("{}: unexpected error; continuing", thread.getName(), e);
            }
        }
    }

    private void runOnce() throws InterruptedException {
        long now = time.milliseconds();
        ReplicaFetcher.PreparedFetch prepared = fetcher.prepare(now);
        if (prepared == null) {
            long wake = Math.min(fetcher.nextReadyTimeMs(), now + MAX_IDLE_WAIT_MS);
            synchronized (fetcher) {
                if (running && fetcher.prepare(time.milliseconds()) == null) {
                    long waitMs = wake - time.milliseconds();
                    if (waitMs > 0) {
                        try {
                            time.waitObject(fetcher, () -> !running || fetcher.prepare(time.milliseconds()) != null,
                                    time.milliseconds() + waitMs);
                        } catch (org.apache.kafka.common.errors.TimeoutException e) {
                            // The wait ended with nothing to fetch (a throttle still exceeded): look again.
                        }
                    }
                }
            }
            return;
        }
        CompletableFuture<FetchedResponse> pending = client.fetch(fetcher.leaderId(), prepared.request());
        FetchedResponse response;
        try {
            response = pending.get(config.maxWaitMs() + config.socketTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            closeWhenAnswered(pending);
            fetcher.handleFailure(prepared, e.getCause() == null ? e : e.getCause(), time.milliseconds());
            return;
        } catch (InterruptedException e) {
            closeWhenAnswered(pending);
            throw e;
        }
        try (response) {
            fetcher.handle(prepared, response.data(), time.milliseconds());
        }
    }

    /** A response this thread stopped waiting for still holds memory when it comes: free it then. */
    private static void closeWhenAnswered(CompletableFuture<FetchedResponse> abandoned) {
        abandoned.whenComplete((response, error) -> {
            if (response != null) {
                response.close();
            }
        });
    }

    void shutdown() {
        running = false;
        synchronized (fetcher) {
            fetcher.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
