package io.samsa.metadata.controller;

import io.samsa.common.Scheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Scheduler} on virtual time: tasks run when the test advances the clock past them, in due order. */
final class ManualScheduler implements Scheduler {
    private record Task(String name, Runnable task, long dueMs, long periodMs, long seq) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long nowMs;
    private long seq;

    @Override
    public synchronized void schedule(String name, Runnable task, long delayMs, long periodMs) {
        tasks.add(new Task(name, task, nowMs + delayMs, periodMs, seq++));
    }

    /** Moves time forward by {@code ms}, running every task that falls due. */
    void advance(long ms) {
        long target;
        synchronized (this) {
            target = nowMs + ms;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.dueMs() <= target)
                    .min(Comparator.comparingLong(Task::dueMs).thenComparingLong(Task::seq)).orElse(null);
                if (next == null) {
                    nowMs = target;
                    return;
                }
                tasks.remove(next);
                nowMs = next.dueMs();
                if (next.periodMs() > 0) {
                    tasks.add(new Task(next.name(), next.task(), next.dueMs() + next.periodMs(), next.periodMs(),
                        seq++));
                }
            }
            next.task().run();
        }
    }

    @Override
    public void close() {
    }
}
