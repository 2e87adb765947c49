package io.samsa.network.client;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * A response parsed in place from the frame it arrived in, so its records are views of that frame's memory: the
 * frame stays allocated until {@link #close()}. Returned by {@link InterBrokerClient#sendRetained}; whoever receives
 * one must close it exactly once after the last use of anything read from it (closing again does nothing).
 * Thread-safe.
 */
public final class RetainedResponse implements AutoCloseable {
    private static final Runnable NOTHING = () -> { };

    private final AbstractResponse response;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    RetainedResponse(AbstractResponse response, Runnable release) {
        this.response = response;
        this.release = release;
    }

    /** A response that holds no frame (it was parsed from a copy): closing it frees nothing. */
    static RetainedResponse unpooled(AbstractResponse response) {
        return new RetainedResponse(response, NOTHING);
    }

    public AbstractResponse response() {
        return response;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
