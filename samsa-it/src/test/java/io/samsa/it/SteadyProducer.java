package io.samsa.it;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Produces a steady stream of small records (keys {@code r-0, r-1, …}, spread over the partitions in turn) while a
 * test does other things, and remembers where each acknowledged record landed. The stream is bounded by
 * {@link #MAX_RECORDS} whatever the test does.
 *
 * <p>Thread-safe: a scheduler thread sends; the test starts, stops and reads.
 */
final class SteadyProducer implements AutoCloseable {
    static final int BATCH = 5;
    static final long PERIOD_MS = 25;
    static final int MAX_RECORDS = 20_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int partitions;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "steady-producer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<TopicPartition, Map<Long, String>> acked = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    SteadyProducer(KafkaProducer<byte[], byte[]> producer, String topic, int partitions) {
        this.producer = producer;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Sends {@link #BATCH} records every {@link #PERIOD_MS} ms until {@link #stop()}. */
    void start() {
        scheduler.scheduleAtFixedRate(this::sendBatch, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void sendBatch() {
        for (int i = 0; i < BATCH && sent.get() < MAX_RECORDS; i++) {
            int n = sent.getAndIncrement();
            String key = "r-" + n;
            producer.send(new ProducerRecord<>(topic, n % partitions, key.getBytes(StandardCharsets.UTF_8),
                    ("value " + n).getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            acked.computeIfAbsent(new TopicPartition(m.topic(), m.partition()),
                                    tp -> new ConcurrentHashMap<>()).put(m.offset(), key);
                        }
                    });
        }
    }

    /** Stops sending and waits for the acknowledgements of what was sent. */
    void stop() throws InterruptedException {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        producer.flush();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Partition → offset → key of every acknowledged record; call after {@link #stop()}. */
    Map<TopicPartition, Map<Long, String>> acked() {
        Map<TopicPartition, Map<Long, String>> out = new HashMap<>();
        acked.forEach((tp, m) -> out.put(tp, Map.copyOf(m)));
        return out;
    }

    Set<String> ackedKeys() {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        acked.values().forEach(m -> keys.addAll(m.values()));
        return keys;
    }

    int sent() {
        return sent.get();
    }

    Exception failure() {
        return failure.get();
    }
}
