package io.samsa.common;

/**
 * Runs background tasks (retention checks, flushes, checkpoints) once or periodically.
 *
 * <p>Owned by the broker, which starts it before and stops it after every component that schedules on it.
 * Tests use a scheduler driven by {@code MockTime} so that no test waits for a real period to pass.
 * Implementations are thread-safe.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Runs {@code task} after {@code delayMs}, then every {@code periodMs} if {@code periodMs > 0}.
     * A task that throws is logged and, if periodic, keeps its schedule.
     */
    void schedule(String name, Runnable task, long delayMs, long periodMs);

    /** Stops running tasks; waits for a running one to finish. */
    @Override
    void close();
}
