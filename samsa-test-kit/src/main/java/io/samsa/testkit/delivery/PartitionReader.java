package io.samsa.testkit.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads partitions whole with an assigned consumer: from the beginning up to the end offsets (the high watermarks)
 * asked for at the start. Stateless; bounded in time and in polls.
 */
public final class PartitionReader {
    /** No read-back polls more often than this, whatever its deadline. */
    private static final int MAX_POLLS = 100_000;

    private PartitionReader() {
    }

    /**
     * Every record of {@code partitions}, in the consumer's order (offset order per partition).
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}, with each partition's
     *         position and end: a count of lost records would otherwise mean nothing
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer,
                                                               Collection<TopicPartition> partitions,
                                                               Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int polls = 0; polls < MAX_POLLS; polls++) {
            Map<TopicPartition, Long> behind = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
            // At least a second per lookup, so a deadline just passed ends in the message below, not a timeout here.
            Duration left = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
            for (TopicPartition tp : partitions) {
                long position = consumer.position(tp, left);
                if (position < end.get(tp)) {
                    behind.put(tp, position);
                }
            }
            if (behind.isEmpty()) {
                return out;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("read back only up to " + behind + " of " + end + " within "
                        + timeout);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        throw new IllegalStateException("read back not done after " + MAX_POLLS + " polls");
    }
}
