package io.samsa.coordinator.runtime;

import io.samsa.common.DelayTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.common.utils.MockTime;

/**
 * A {@link DelayTimer} driven by {@link MockTime}: a task runs, on the thread that advances the clock, once the mock
 * time reaches its deadline; a task without delay runs at once. Thread-safe.
 */
public final class ManualDelayTimer implements DelayTimer, MockTime.Listener {
    private final MockTime time;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long sequence;

    private final class Task implements Comparable<Task>, Timeout {
        final long deadlineMs;
        final long seq;
        final Runnable action;
        boolean done;

        Task(long deadlineMs, long seq, Runnable action) {
            this.deadlineMs = deadlineMs;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(deadlineMs, o.deadlineMs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel() {
            synchronized (ManualDelayTimer.this) {
                if (done) {
                    return false;
                }
                done = true;
                tasks.remove(this);
                return true;
            }
        }
    }

    public ManualDelayTimer(MockTime time) {
        this.time = time;
        time.addListener(this);
    }

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        Task t;
        synchronized (this) {
            t = new Task(time.milliseconds() + delayMs, sequence++, task);
            if (delayMs > 0) {
                tasks.add(t);
                return t;
            }
            t.done = true;
        }
        task.run();
        return t;
    }

    @Override
    public void onTimeUpdated() {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            long now = time.milliseconds();
            while (!tasks.isEmpty() && tasks.peek().deadlineMs <= now) {
                Task t = tasks.poll();
                t.done = true;
                due.add(t.action);
            }
        }
        due.forEach(Runnable::run);
    }

    public synchronized int pending() {
        return tasks.size();
    }
}
