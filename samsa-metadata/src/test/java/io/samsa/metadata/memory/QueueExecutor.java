package io.samsa.metadata.memory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * An executor that only queues: tasks run when the test says so, on the test's thread, in submission order.
 * The deterministic stand-in for a simulation's event queue. Thread-safe, so that another thread may submit.
 */
public final class QueueExecutor implements Executor {
    private static final int MAX_TASKS = 1_000_000;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs tasks, including those they submit, until none is left; returns how many ran. */
    public int runAll() {
        int ran = 0;
        for (Runnable task = poll(); task != null; task = poll()) {
            if (++ran > MAX_TASKS) {
                throw new IllegalStateException("Runaway task queue: more than " + MAX_TASKS + " tasks");
            }
            task.run();
        }
        return ran;
    }

    /** Drops every queued task (a crashed process runs nothing more). */
    public synchronized void clear() {
        tasks.clear();
    }

    public synchronized int pending() {
        return tasks.size();
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }
}
