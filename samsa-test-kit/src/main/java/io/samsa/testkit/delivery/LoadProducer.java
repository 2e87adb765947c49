package io.samsa.testkit.delivery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;

/**
 * A steady stream of records, numbered by the {@link DeliveryChecker} ({@link DeliveryChecker#value}) and sent to
 * the partitions in turn (by number), at a fixed rate while a test injects faults; every acknowledgement and failure
 * goes to the checker. The stream stops by itself after {@code maxRecords} or {@code maxDuration}, whatever the test
 * does.
 *
 * <p>Thread-safe: one scheduler thread sends; the producer's I/O thread reports; the test starts, watches and stops.
 *
 * @see Settings
 */
public final class LoadProducer implements AutoCloseable {
    /** Sends happen on ticks this far apart; the rate is spread over them. */
    private static final long TICK_MS = 10;

    /**
     * What to send.
     *
     * @param topic             the topic
     * @param partitions        records go to partitions 0..partitions-1 in turn (record n to n % partitions)
     * @param recordsPerSecond  the rate
     * @param maxRecords        never more than this many records
     * @param maxDuration       never send for longer than this
     * @param valueSize         bytes per value
     */
    public record Settings(String topic, int partitions, int recordsPerSecond, long maxRecords,
                           Duration maxDuration, int valueSize) {
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final Settings settings;
    private final DeliveryChecker checker;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "samsa-load-producer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean done;
    private volatile ScheduledFuture<?> ticker;
    private long ticks;
    private long deadlineNanos;

    public LoadProducer(KafkaProducer<byte[], byte[]> producer, Settings settings, DeliveryChecker checker) {
        this.producer = producer;
        this.settings = settings;
        this.checker = checker;
    }

    /** Starts sending; returns at once. */
    public void start() {
        deadlineNanos = System.nanoTime() + settings.maxDuration().toNanos();
        ticker = scheduler.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (done) {
            ticker.cancel(false);
            return;
        }
        ticks++;
        long due = Math.min(settings.maxRecords(), settings.recordsPerSecond() * ticks * TICK_MS / 1000);
        if (System.nanoTime() - deadlineNanos > 0) {
            due = sent.get();
        }
        while (sent.get() < due) {
            sent.incrementAndGet();
            if (!send(checker.nextSequence())) {
                break;
            }
        }
        if (sent.get() >= settings.maxRecords() || System.nanoTime() - deadlineNanos > 0) {
            done = true;
            // Cancelled on the next tick if the assignment in start() has not happened yet.
            if (ticker != null) {
                ticker.cancel(false);
            }
        }
    }

    /** Sends record {@code seq}; false when sending must stop (interrupted). */
    private boolean send(long seq) {
        int partition = (int) (seq % settings.partitions());
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.topic(), partition, null,
                DeliveryChecker.value(seq, settings.valueSize()));
        try {
            producer.send(record, (m, e) -> {
                if (e != null) {
                    checker.failed(seq, e);
                } else {
                    checker.acknowledged(seq, new TopicPartition(m.topic(), m.partition()), m.offset());
                }
            });
            return true;
        } catch (InterruptException e) {
            checker.failed(seq, e);
            return false;
        } catch (RuntimeException e) {
            // Blocked past max.block.ms on a full buffer or missing metadata: the record was never sent.
            checker.failed(seq, e);
            return true;
        }
    }

    /** How many records were handed to the producer. */
    public long sent() {
        return sent.get();
    }

    /** True once the stream reached {@code maxRecords} or {@code maxDuration}. */
    public boolean isDone() {
        return done;
    }

    /**
     * Stops sending and waits until every record sent is acknowledged or failed: the producer's flush, bounded by
     * its {@code delivery.timeout.ms}.
     */
    public void stop() throws InterruptedException {
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the load producer's thread did not stop within 30 s");
        }
        producer.flush();
    }

    /**
     * Stops sending without waiting for acknowledgements: for a test that failed, whose cluster may never answer.
     * Whoever made the producer closes it.
     */
    public void abort() {
        scheduler.shutdownNow();
    }

    /** {@link #abort()}: closing must not wait out the producer's delivery timeout. */
    @Override
    public void close() {
        abort();
    }
}
