package io.samsa.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link DelayTimer} on one daemon thread ({@code samsa-delay-timer}). Tasks must be short: they only complete
 * futures. Thread-safe.
 */
public final class ExecutorDelayTimer implements DelayTimer, AutoCloseable {
    private final ScheduledExecutorService executor;

    public ExecutorDelayTimer() {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "samsa-delay-timer");
            t.setDaemon(true);
            return t;
        });
        ((java.util.concurrent.ScheduledThreadPoolExecutor) executor).setRemoveOnCancelPolicy(true);
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
