package io.samsa.broker.sim;

import io.samsa.common.DelayTimer;
import java.util.PriorityQueue;
import org.apache.kafka.common.utils.MockTime;

/**
 * The simulation's only source of progress: events ordered by due time, ties broken by the order they were
 * scheduled, so that a run depends on nothing but its seed. Running an event first moves the mock clock to its due
 * time. Also the {@link DelayTimer} of the brokers' replica managers (acks=all timeouts), so those fire as events too.
 *
 * <p>Single-threaded.
 */
public final class SimEventQueue implements DelayTimer {

    /** One scheduled event. */
    private static final class Event implements Comparable<Event>, Timeout {
        final long dueMs;
        final long seq;
        final String label;
        final Runnable action;
        boolean cancelled;

        Event(long dueMs, long seq, String label, Runnable action) {
            this.dueMs = dueMs;
            this.seq = seq;
            this.label = label;
            this.action = action;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(dueMs, o.dueMs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel() {
            boolean was = !cancelled;
            cancelled = true;
            return was;
        }
    }

    private final MockTime time;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long seq;
    private String lastLabel = "";

    public SimEventQueue(MockTime time) {
        this.time = time;
    }

    public MockTime time() {
        return time;
    }

    public long now() {
        return time.milliseconds();
    }

    /** Schedules {@code action} to run {@code delayMs} from now; {@code label} names it in the replay log. */
    public Timeout after(long delayMs, String label, Runnable action) {
        Event e = new Event(now() + Math.max(0, delayMs), seq++, label, action);
        queue.add(e);
        return e;
    }

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        return after(delayMs, "timeout", task);
    }

    /** Runs the next event that is not cancelled; false if none is left. */
    public boolean runNext() {
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            if (e.cancelled) {
                continue;
            }
            e.cancelled = true; // a timeout that ran can no longer be cancelled
            if (e.dueMs > now()) {
                time.sleep(e.dueMs - now());
            }
            lastLabel = e.label;
            e.action.run();
            return true;
        }
        return false;
    }

    /** The label of the event run last, for the replay log and failure messages. */
    public String lastLabel() {
        return lastLabel;
    }
}
