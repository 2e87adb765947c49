package io.samsa.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Every delivery and every commit that the members of one group reported, in the order the test received them, and
 * the two checks an application relies on: no acknowledged record is skipped, and a record is delivered again only
 * within the at-least-once window.
 *
 * <p>The window, precisely: a second delivery of the record at (partition, offset) is explained when the member that
 * had it before did not report a commit past that offset on that partition between the two deliveries. That member
 * died (a killed process reports nothing more), or its commit was refused and the partition moved on. A redelivery
 * after a reported commit past the record means the group resumed below a committed offset: a lost commit.
 *
 * <p>A child process's events arrive through a pipe, a little after they happened; a commit it made just before it
 * was killed may never be reported. Both only widen the window, so the check never blames the broker for them.
 *
 * <p>Thread-safe.
 */
final class DeliveryLog {
    /** One delivery, or one partition's part of a commit ({@code offset} is then the next offset to consume). */
    private record Event(long seq, String member, boolean commit, TopicPartition tp, long offset, String key) {
    }

    private final List<Event> events = new ArrayList<>();
    private final Set<String> deliveredKeys = new HashSet<>();

    synchronized void delivered(String member, TopicPartition tp, long offset, String key) {
        events.add(new Event(events.size(), member, false, tp, offset, key));
        deliveredKeys.add(key);
    }

    synchronized void committed(String member, Map<TopicPartition, Long> offsets) {
        offsets.forEach((tp, next) -> events.add(new Event(events.size(), member, true, tp, next, null)));
    }

    synchronized boolean deliveredAll(Set<String> keys) {
        return deliveredKeys.containsAll(keys);
    }

    synchronized long deliveries() {
        return events.stream().filter(e -> !e.commit()).count();
    }

    /**
     * Fails unless every record in {@code acked} (partition → offset → key, from the producer's acknowledgements) was
     * delivered with its key, and every redelivery falls in the at-least-once window. Returns how many deliveries
     * were redeliveries.
     */
    synchronized int assertAtLeastOnce(Map<TopicPartition, Map<Long, String>> acked) {
        List<String> problems = new ArrayList<>();
        Map<TopicPartition, Map<Long, Event>> lastDelivery = new HashMap<>();
        Map<String, Map<TopicPartition, List<Event>>> commits = new HashMap<>();
        int redeliveries = 0;
        for (Event e : events) {
            if (e.commit()) {
                commits.computeIfAbsent(e.member(), m -> new HashMap<>())
                        .computeIfAbsent(e.tp(), tp -> new ArrayList<>()).add(e);
                continue;
            }
            String expectedKey = acked.getOrDefault(e.tp(), Map.of()).get(e.offset());
            if (expectedKey != null && !expectedKey.equals(e.key())) {
                problems.add(e.member() + " got key " + e.key() + " at " + e.tp() + "@" + e.offset()
                        + ", but the producer's acknowledgement put " + expectedKey + " there");
            }
            Event before = lastDelivery.computeIfAbsent(e.tp(), tp -> new HashMap<>()).put(e.offset(), e);
            if (before == null) {
                continue;
            }
            redeliveries++;
            for (Event c : commits.getOrDefault(before.member(), Map.of()).getOrDefault(e.tp(), List.of())) {
                if (c.seq() > before.seq() && c.offset() > e.offset()) {
                    problems.add(e.tp() + "@" + e.offset() + " (" + e.key() + ") delivered again to " + e.member()
                            + " although " + before.member() + ", which had it, then committed " + c.offset());
                    break;
                }
            }
        }
        acked.forEach((tp, byOffset) -> byOffset.forEach((offset, key) -> {
            if (!lastDelivery.getOrDefault(tp, Map.of()).containsKey(offset)) {
                problems.add("skipped: " + tp + "@" + offset + " (" + key + ") was acknowledged but never delivered");
            }
        }));
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " problems in " + events.size() + " events; the first ones:\n"
                    + String.join("\n", problems.subList(0, Math.min(30, problems.size()))));
        }
        return redeliveries;
    }
}
