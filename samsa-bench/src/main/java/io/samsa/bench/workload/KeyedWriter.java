package io.samsa.bench.workload;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;

/**
 * Writes one pass of a {@link KeyedDataSet} to partition 0 of a topic with the official Java producer, in the
 * harness's JVM, with W1's producer settings ({@link ProduceMeasurement#w1ProducerProps}) on both brokers.
 * ProducerPerformance cannot set keys, hence a producer of our own. Stateless.
 */
final class KeyedWriter {
    /** How often (in records) the send loop checks its deadline. */
    private static final int DEADLINE_CHECK_EVERY = 1_000;

    private KeyedWriter() {
    }

    /**
     * A finished pass.
     *
     * @param startNanos when the first record was sent ({@link Time#nanoseconds})
     * @param endNanos   when the last one was acknowledged
     */
    record Pass(long startNanos, long endNanos, long payloadBytes) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        /** Value MB (2^20 bytes) per second from the first send to the last acknowledgement. */
        double mbPerSec() {
            return payloadBytes / ProduceMeasurement.BYTES_PER_MB / seconds();
        }
    }

    /** Sends every record of {@code data}, waits for every acknowledgement; fails after {@code timeoutMs}. */
    static Pass write(String bootstrap, String topic, KeyedDataSet data, Time time, long timeoutMs)
            throws WorkloadException {
        Map<String, Object> props = new HashMap<>(ProduceMeasurement.w1ProducerProps());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(data.batchBytes()));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(timeoutMs, 60_000L));
        byte[] value = new byte[data.valueBytes()];
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long deadline = time.milliseconds() + timeoutMs;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // Metadata first, so the pass's time is the data's and not the producer's start-up.
            producer.partitionsFor(topic);
            long start = time.nanoseconds();
            for (long n = 0; n < data.records() && failure.get() == null; n++) {
                if (n % DEADLINE_CHECK_EVERY == 0 && time.milliseconds() > deadline) {
                    throw new WorkloadException("Writing " + topic + " took over " + timeoutMs + " ms; " + n
                            + " of " + data.records() + " records sent");
                }
                producer.send(new ProducerRecord<>(topic, 0, data.key(n), value), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
            long end = time.nanoseconds();
            if (failure.get() != null) {
                throw new WorkloadException("Writing " + topic + " failed after " + acked.get() + " acknowledged"
                        + " records: " + failure.get());
            }
            return new Pass(start, end, data.payloadBytes());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new WorkloadException("Writing " + topic + " failed: " + e);
        }
    }
}
