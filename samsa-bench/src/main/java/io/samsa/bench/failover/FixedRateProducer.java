package io.samsa.bench.failover;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;

/**
 * A Kafka producer in this JVM that sends records of one random payload at a fixed rate, record i to partition
 * i mod n so every partition gets the same steady stream, and records every send's {@link Ack}.
 *
 * <p>The rate is kept against the clock, not against a sleep per record: each tick sends what is due since the
 * start, so a late tick catches up (up to {@link #MAX_BURST} records) and the rate stays fixed while a partition is
 * stalled. The producer is W1's ({@code acks=all}, {@code linger.ms=5}, {@code batch.size=131072}) with idempotence
 * on, plus two settings so the sender never blocks during a failover: a buffer that holds a minute of records for
 * every partition, and {@code max.block.ms} of 5 s, after which a send fails and is counted instead of stopping
 * the stream.
 *
 * <p>{@link #start} and {@link #close} are called from one thread; acks are recorded from the producer's I/O thread
 * and read from any thread.
 */
public final class FixedRateProducer implements AutoCloseable {
    /** The most records one tick sends, so a scheduler hiccup turns into a short burst rather than a flood. */
    static final int MAX_BURST = 1_000;
    private static final long TICK_MICROS = 1_000;
    private static final long SEND_BUFFER_BYTES = 128L * 1024 * 1024;
    private static final int MAX_BLOCK_MS = 5_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int partitions;
    private final int recordsPerSec;
    private final byte[] payload;
    private final Time time;
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "samsa-bench-fixed-rate-producer");
        t.setDaemon(true);
        return t;
    });
    private long startNanos;
    private long sent;

    public FixedRateProducer(String bootstrap, String topic, int partitions, int recordsPerSec, int recordSize,
                             Time time) {
        this.topic = topic;
        this.partitions = partitions;
        this.recordsPerSec = recordsPerSec;
        this.time = time;
        this.payload = new byte[recordSize];
        new Random(42).nextBytes(payload);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "samsa-bench-failover");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, SEND_BUFFER_BYTES);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Starts sending. */
    public void start() {
        startNanos = time.nanoseconds();
        ticker.scheduleAtFixedRate(this::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
    }

    private void tick() {
        long due = (time.nanoseconds() - startNanos) * recordsPerSec / 1_000_000_000L;
        for (int i = 0; i < MAX_BURST && sent < due; i++, sent++) {
            int partition = (int) (sent % partitions);
            long sentNanos = time.nanoseconds();
            try {
                producer.send(new ProducerRecord<>(topic, partition, null, payload), (metadata, e) ->
                        acks.add(new Ack(partition, sentNanos, time.nanoseconds(), e == null ? null : describe(e))));
            } catch (RuntimeException e) {
                acks.add(new Ack(partition, sentNanos, time.nanoseconds(), describe(e)));
            }
        }
        if (sent < due - MAX_BURST) {
            // Behind by more than a burst (the JVM was stalled): skip what cannot be caught up at the fixed rate.
            sent = due;
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Every outcome recorded so far. */
    public List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** Stops sending, leaving sends in flight to finish or fail; waits at most a second for the ticker. */
    public void stopSending() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sending and closes the producer, abandoning whatever is unsent after {@code timeout}. */
    public void close(Duration timeout) {
        stopSending();
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
