package io.samsa.storage;

import io.samsa.common.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.common.utils.MockTime;

/**
 * Test-only {@link Scheduler} driven by {@link MockTime}: tasks run on the test's thread when the test calls
 * {@link #tick} or {@link #advance}, never on their own. Not thread-safe.
 */
public final class ManualScheduler implements Scheduler {
    private record Task(String name, Runnable runnable, long dueMs, long periodMs, long seq)
            implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(dueMs, o.dueMs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final MockTime time;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long seq;
    private boolean closed;

    public ManualScheduler(MockTime time) {
        this.time = time;
    }

    @Override
    public void schedule(String name, Runnable task, long delayMs, long periodMs) {
        if (!closed) {
            tasks.add(new Task(name, task, saturatedAdd(time.milliseconds(), delayMs), periodMs, seq++));
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < a ? Long.MAX_VALUE : r;
    }

    /** Runs every task due now (periodic tasks at most once per call). Returns the names run. */
    public List<String> tick() {
        List<String> ran = new ArrayList<>();
        List<Task> again = new ArrayList<>();
        long now = time.milliseconds();
        while (!tasks.isEmpty() && tasks.peek().dueMs() <= now) {
            Task t = tasks.poll();
            t.runnable().run();
            ran.add(t.name());
            if (t.periodMs() > 0) {
                again.add(new Task(t.name(), t.runnable(), saturatedAdd(t.dueMs(), t.periodMs()), t.periodMs(), seq++));
            }
        }
        tasks.addAll(again);
        return ran;
    }

    /** Moves the clock forward and runs what became due. */
    public List<String> advance(long ms) {
        time.sleep(ms);
        return tick();
    }

    public int pendingTasks() {
        return tasks.size();
    }

    @Override
    public void close() {
        closed = true;
        tasks.clear();
    }
}
