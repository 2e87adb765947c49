package io.samsa.replication.fetcher;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.message.FetchResponseData;

/**
 * A leader's answer to a follower's fetch, with the memory its records live in: the broker's client parses the
 * response in place, so the records are views of the received frame until {@link #close()}. The fetcher thread that
 * asked closes it once the records are in the log, or as soon as it arrives if the fetcher stopped waiting for it.
 * Closing twice does nothing. Thread-safe.
 */
public final class FetchedResponse implements AutoCloseable {
    private static final Runnable NOTHING = () -> { };

    private final FetchResponseData data;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** {@code release} frees the memory {@code data}'s records are read from; run once, on close. */
    public FetchedResponse(FetchResponseData data, Runnable release) {
        this.data = data;
        this.release = release;
    }

    /** A response that owns its memory (a copy, or an in-process answer): closing it frees nothing. */
    public static FetchedResponse owned(FetchResponseData data) {
        return new FetchedResponse(data, NOTHING);
    }

    public FetchResponseData data() {
        return data;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
