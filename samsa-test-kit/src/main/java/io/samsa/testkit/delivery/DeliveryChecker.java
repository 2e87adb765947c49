package io.samsa.testkit.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts what happened to every record a test produced. Each record's value starts with a unique sequence number
 * ({@link #value}); the producer's callbacks report each acknowledgement (partition, offset) or failure here, and
 * at the end {@link #check} compares them with the records read back from the beginning of every partition:
 * acknowledged, lost (acknowledged, never read), duplicated (read more than once), moved (read, but never where it
 * was acknowledged). A durable, idempotent cluster loses, duplicates and moves nothing.
 *
 * <p>Thread-safe: producer callbacks report from the producer's I/O thread while the test reads counts.
 */
public final class DeliveryChecker {
    private static final byte[] PREFIX = "seq=".getBytes(StandardCharsets.US_ASCII);
    /** Enough lines to see a pattern in a failure message without drowning it. */
    private static final int MAX_EXAMPLES = 20;

    private record Placement(TopicPartition tp, long offset) {
        @Override
        public String toString() {
            return tp + "@" + offset;
        }
    }

    private final AtomicLong nextSequence = new AtomicLong();
    private final Map<Long, Placement> acked = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Long> failuresByType = new ConcurrentHashMap<>();

    /**
     * The value of record {@code seq}: {@code seq=<n>;} padded with filler to {@code size} bytes (or longer when
     * the prefix needs it).
     */
    public static byte[] value(long seq, int size) {
        byte[] head = ("seq=" + seq + ";").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, Math.max(size, head.length));
        Arrays.fill(out, head.length, out.length, (byte) 'x');
        return out;
    }

    /** The sequence number in a value made by {@link #value}, or empty for any other value. */
    public static OptionalLong sequenceOf(byte[] value) {
        if (value == null || value.length <= PREFIX.length
                || !Arrays.equals(value, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            return OptionalLong.empty();
        }
        long n = 0;
        int i = PREFIX.length;
        for (; i < value.length && value[i] != ';'; i++) {
            if (value[i] < '0' || value[i] > '9' || i - PREFIX.length > 18) {
                return OptionalLong.empty();
            }
            n = n * 10 + (value[i] - '0');
        }
        return i > PREFIX.length && i < value.length ? OptionalLong.of(n) : OptionalLong.empty();
    }

    /** A sequence number no record of this checker had before: several producers may share one checker. */
    public long nextSequence() {
        return nextSequence.getAndIncrement();
    }

    /** The producer acknowledged record {@code seq} at {@code offset} of {@code tp}. */
    public void acknowledged(long seq, TopicPartition tp, long offset) {
        Placement before = acked.put(seq, new Placement(tp, offset));
        if (before != null) {
            throw new IllegalStateException("record " + seq + " acknowledged twice: " + before + " and " + tp + "@"
                    + offset);
        }
    }

    /** The producer gave up on record {@code seq}. */
    public void failed(long seq, Exception e) {
        failed.incrementAndGet();
        failuresByType.merge(e.getClass().getSimpleName(), 1L, Long::sum);
    }

    public long acknowledgedCount() {
        return acked.size();
    }

    public long failedCount() {
        return failed.get();
    }

    /** Failed sends by exception class, e.g. {@code {TimeoutException=3}}. */
    public Map<String, Long> failuresByType() {
        return Map.copyOf(failuresByType);
    }

    /** Compares the acknowledgements so far with {@code read}: every record read back, in any order. */
    public DeliveryReport check(List<ConsumerRecord<byte[], byte[]>> read) {
        Map<Long, List<Placement>> seen = new HashMap<>();
        List<String> examples = new ArrayList<>();
        long foreign = 0;
        for (ConsumerRecord<byte[], byte[]> r : read) {
            OptionalLong seq = sequenceOf(r.value());
            if (seq.isEmpty()) {
                foreign++;
                continue;
            }
            seen.computeIfAbsent(seq.getAsLong(), s -> new ArrayList<>())
                    .add(new Placement(new TopicPartition(r.topic(), r.partition()), r.offset()));
        }
        if (foreign > 0) {
            example(examples, foreign + " records read back were not made by this checker");
        }
        long duplicated = 0;
        long unacknowledgedRead = 0;
        for (Map.Entry<Long, List<Placement>> e : seen.entrySet()) {
            if (e.getValue().size() > 1) {
                duplicated++;
                example(examples, "duplicated: record " + e.getKey() + " read at " + e.getValue());
            }
            if (!acked.containsKey(e.getKey())) {
                unacknowledgedRead++;
            }
        }
        long lost = 0;
        long moved = 0;
        for (Map.Entry<Long, Placement> e : new HashMap<>(acked).entrySet()) {
            List<Placement> where = seen.get(e.getKey());
            if (where == null) {
                lost++;
                example(examples, "lost: record " + e.getKey() + " acknowledged at " + e.getValue());
            } else if (!where.contains(e.getValue())) {
                moved++;
                example(examples, "moved: record " + e.getKey() + " acknowledged at " + e.getValue()
                        + ", read at " + where);
            }
        }
        if (failed.get() > 0) {
            example(examples, "failed sends by type: " + failuresByType());
        }
        return new DeliveryReport(acked.size(), failed.get(), read.size(), lost, duplicated, moved,
                unacknowledgedRead, List.copyOf(examples));
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(line);
        }
    }
}
