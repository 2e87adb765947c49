package io.samsa.common;

/**
 * Runs a task once after a delay, cancellable: the timeouts of long-poll fetches and delayed produces.
 * Production uses a timing wheel (the broker's {@code WheelDelayTimer}); tests drive a manual implementation with
 * {@code MockTime}.
 * Implementations are thread-safe.
 */
public interface DelayTimer {

    /** A scheduled task that may still be cancelled. */
    interface Timeout {
        /** Returns false if the task already ran or was cancelled. */
        boolean cancel();
    }

    Timeout schedule(long delayMs, Runnable task);
}
