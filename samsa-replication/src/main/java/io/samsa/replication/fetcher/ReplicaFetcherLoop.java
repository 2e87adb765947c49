package io.samsa.replication.fetcher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link ReplicaFetcher} on the one thread of its {@link FetcherTransport}: prepare a Fetch, send it,
 * apply the answer when it comes and send the next one at once, all on that thread. In the broker that thread also
 * reads the leader's connection, so an answer goes from the socket into the log without a hand-off between threads,
 * and the next request leaves without waking another thread. (The first design parked a fetcher thread on every
 * answer and woke the connection's thread for every request; under replicated load those sleeps and wake-ups were a
 * fifth of a follower's CPU.)
 *
 * <p>With nothing ready it looks again when the earliest back-off ends, at most a second later; {@link #wake()} (a
 * partition was added) looks at once. A fetch not answered within the request's wait plus
 * {@code replica.socket.timeout.ms} counts as failed, as does one the transport fails; either way the partitions it
 * asked for back off and the loop goes on.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #shutdown()} once (returns after the thread ends, so no append runs
 * after it). Thread-safe: the state below is touched on the transport's thread only.
 */
final class ReplicaFetcherLoop {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcherLoop.class);
    /** Longest idle wait, so a fetcher notices newly ready partitions promptly even without a wake-up. */
    private static final long MAX_IDLE_WAIT_MS = 1_000;

    private final ReplicaFetcher fetcher;
    private final FetcherTransport transport;
    private final FetcherConfig config;
    private final Time time;
    private final String name;
    private final ScheduledExecutorService executor;
    private volatile boolean running = true;
    /** The transport's thread, once the loop has run on it: answers completing there are applied in place. */
    private volatile Thread loopThread;

    // On the transport's thread only.
    /** The fetch in flight (a count), or 0 if none. */
    private long inFlight;
    private long rounds;
    /** True while a request is being handed to the transport: an answer completing then must not recurse. */
    private boolean sending;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> nextLook;

    ReplicaFetcherLoop(ReplicaFetcher fetcher, FetcherTransport transport, FetcherConfig config, Time time,
                       String name) {
        this.fetcher = fetcher;
        this.transport = transport;
        this.config = config;
        this.time = time;
        this.name = name;
        this.executor = transport.executor();
    }

    ReplicaFetcher fetcher() {
        return fetcher;
    }

    void start() {
        submit(this::look);
    }

    /** A partition was added: fetch it now rather than at the next scheduled look (unless a fetch is out). */
    void wake() {
        submit(() -> {
            if (inFlight == 0) {
                look();
            }
        });
    }

    /** Stops fetching: what is in flight is dropped, the thread ends after its current task. */
    void shutdown() {
        running = false;
        transport.close();
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            if (running) {
                log.warn("{}: its thread has stopped", name);
            }
        }
    }

    /** Sends the next fetch, or schedules the next look if no partition is ready. */
    private void look() {
        loopThread = Thread.currentThread();
        if (!running) {
            return;
        }
        cancel(nextLook);
        nextLook = null;
        long now = time.milliseconds();
        ReplicaFetcher.PreparedFetch prepared;
        try {
            prepared = fetcher.prepare(now);
        } catch (RuntimeException e) {
            log.error("{}: could not prepare a fetch; trying again later", name, e);
            lookIn(config.backoffMs());
            return;
        }
        if (prepared == null) {
            lookIn(Math.min(fetcher.nextReadyTimeMs(), now + MAX_IDLE_WAIT_MS) - now);
            return;
        }
        long round = ++rounds;
        inFlight = round;
        try {
            timeout = executor.schedule(() -> answered(round, prepared, null,
                            new TimeoutException("Fetch from broker " + fetcher.leaderId() + " not answered")),
                    config.maxWaitMs() + config.socketTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return; // stopping
        }
        CompletableFuture<FetchedResponse> pending;
        sending = true;
        try {
            pending = transport.fetch(fetcher.leaderId(), prepared.request());
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        } finally {
            sending = false;
        }
        pending.whenComplete((response, error) -> {
            if (Thread.currentThread() == loopThread && !sending) {
                answered(round, prepared, response, error);
            } else {
                try {
                    executor.execute(() -> answered(round, prepared, response, error));
                } catch (RejectedExecutionException e) {
                    if (response != null) {
                        response.close();
                    }
                }
            }
        });
    }

    /** On the transport's thread: applies the answer to {@code round} and sends the next fetch. */
    private void answered(long round, ReplicaFetcher.PreparedFetch prepared, FetchedResponse response,
                          Throwable error) {
        if (round != inFlight || !running) {
            // Timed out earlier, or stopping: the answer's memory goes now.
            if (response != null) {
                response.close();
            }
            return;
        }
        inFlight = 0;
        cancel(timeout);
        timeout = null;
        try {
            if (error != null) {
                fetcher.handleFailure(prepared, cause(error), time.milliseconds());
            } else {
                try (response) {
                    fetcher.handle(prepared, response.data(), time.milliseconds());
                }
            }
        } catch (RuntimeException e) {
            log.error("{}: unexpected error; continuing", name, e);
        }
        look();
    }

    private void lookIn(long delayMs) {
        try {
            nextLook = executor.schedule(this::look, Math.max(1L, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping.
        }
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static Throwable cause(Throwable error) {
        return (error instanceof CompletionException || error instanceof ExecutionException)
                && error.getCause() != null ? error.getCause() : error;
    }
}
