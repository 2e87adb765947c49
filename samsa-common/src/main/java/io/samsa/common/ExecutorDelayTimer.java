package io.samsa.common;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link DelayTimer} on one daemon thread ({@code samsa-delay-timer}). Tasks must be short: they only complete
 * futures. Thread-safe.
 */
public final class ExecutorDelayTimer implements DelayTimer, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    public ExecutorDelayTimer() {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "samsa-delay-timer");
            t.setDaemon(true);
            return t;
        });
        // Long-poll fetches are usually completed by data, not by their timeout: drop cancelled timeouts at once.
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
