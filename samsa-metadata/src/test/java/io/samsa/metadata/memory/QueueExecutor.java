package io.samsa.metadata.memory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * An executor that only queues: tasks run when the test says so, on the test's thread, in submission order.
 * The deterministic stand-in for a simulation's event queue.
 */
public final class QueueExecutor implements Executor {
    private static final int MAX_TASKS = 1_000_000;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs tasks, including those they submit, until none is left; returns how many ran. */
    public int runAll() {
        int ran = 0;
        while (!tasks.isEmpty()) {
            if (++ran > MAX_TASKS) {
                throw new IllegalStateException("Runaway task queue: more than " + MAX_TASKS + " tasks");
            }
            tasks.poll().run();
        }
        return ran;
    }

    public int pending() {
        return tasks.size();
    }
}
