package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log compaction in a running broker (issue 11): the cleaner threads compact a topic with
 * {@code cleanup.policy=compact} on their own, and a consumer reading from the beginning then sees the latest value
 * of every key, at offsets the producer was given, in order, with far fewer records than were written; and so
 * does one reading after a restart.
 */
class CompactionIT {
    private static final TopicPartition TP = new TopicPartition("compacted", 0);
    private static final int KEYS = 300;
    private static final int ROUNDS = 20;
    /** About 1 KiB a record, so that the rounds fill several 1 MiB segments (the smallest segment.bytes). */
    private static final String PADDING = "x".repeat(1000);

    @TempDir
    Path dir;

    @Test
    void cleanerKeepsTheLatestValueOfEachKeyAtItsOffset() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of(
                "log.cleaner.backoff.ms", "100",
                "log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024)))) {
            Clients.createTopic(broker.adminClient(), TP.topic(), 1, Map.of(
                    "cleanup.policy", "compact",
                    "segment.bytes", String.valueOf(1024 * 1024),
                    "min.cleanable.dirty.ratio", "0.01"));
            Map<String, String> latest = new HashMap<>();
            Set<Long> acked = new HashSet<>();
            int written = write(broker.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5)), latest, acked);

            KafkaConsumer<byte[], byte[]> consumer = broker.consumer();
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                read.clear();
                read.addAll(Clients.readFromBeginning(consumer, List.of(TP)));
                return read.size() < written / 2;
            });

            assertLatestPerKeyAtAckedOffsets(read, latest, acked);
            Path checkpoint = broker.logDir().resolve("cleaner-offset-checkpoint");
            assertThat(checkpoint).exists();
            assertThat(Files.readAllLines(checkpoint)).anyMatch(line -> line.startsWith(TP.topic() + " 0 "));

            // The swapped-in segments are what a restarted broker loads.
            broker.restart();
            List<ConsumerRecord<byte[], byte[]>> afterRestart = Clients.readFromBeginning(broker.consumer(),
                    List.of(TP));
            assertThat(afterRestart.size()).isLessThanOrEqualTo(read.size());
            assertLatestPerKeyAtAckedOffsets(afterRestart, latest, acked);
        }
    }

    private static void assertLatestPerKeyAtAckedOffsets(List<ConsumerRecord<byte[], byte[]>> read,
                                                         Map<String, String> latest, Set<Long> acked) {
        Map<String, String> lastRead = new HashMap<>();
        long previous = -1;
        for (ConsumerRecord<byte[], byte[]> r : read) {
            assertThat(r.offset()).as("offsets strictly increase").isGreaterThan(previous);
            assertThat(acked).as("offset %d was given to the producer", r.offset()).contains(r.offset());
            previous = r.offset();
            lastRead.put(text(r.key()), text(r.value()));
        }
        assertThat(lastRead).as("the latest value of every key").isEqualTo(latest);
    }

    /** Writes {@link #ROUNDS} updates of every key; returns how many records were written. */
    private static int write(KafkaProducer<byte[], byte[]> producer, Map<String, String> latest, Set<Long> acked)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < KEYS; k++) {
                String key = String.format("key-%03d", k);
                String value = key + " round " + round + " " + PADDING;
                latest.put(key, value);
                acks.add(producer.send(new ProducerRecord<>(TP.topic(), TP.partition(),
                        key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            acked.add(ack.get().offset());
        }
        return acks.size();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
