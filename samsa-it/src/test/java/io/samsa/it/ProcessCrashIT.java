package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a broker process in the middle of an acks=all stream: after a restart on the same directories,
 * every record the broker acknowledged is there, at the offset it was acknowledged with, in order, exactly once.
 * Runs the distribution exactly as a user would ({@code bin/samsa-server server.properties}).
 */
class ProcessCrashIT {
    private static final String TOPIC = "crash";
    private static final int PARTITIONS = 3;
    /** Kill once this many records are acknowledged: enough that several segments' worth of batches are in flight. */
    private static final int ACKED_BEFORE_KILL = 3000;
    /** Bounds on the sending loop, whatever happens. */
    private static final int MAX_RECORDS = 200_000;
    private static final Duration MAX_SENDING = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static byte[] key(int i) {
        return ("k-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int i) {
        return ("value of record " + i + " " + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> clientConfig(ServerProcess server) {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrap());
        return c;
    }

    private static KafkaProducer<byte[], byte[]> producer(ServerProcess server) {
        Map<String, Object> c = clientConfig(server);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000); // a send blocked on a full buffer gives up, bounding the loop
        return new KafkaProducer<>(c);
    }

    @Test
    void everyAcknowledgedRecordSurvivesKillMinus9() throws Exception {
        try (ServerProcess server = new ServerProcess(dir, Map.of())) {
            server.start();
            assertThat(Path.of(server.command()).getFileName().toString())
                    .as("bin/samsa-server exec's java, so its pid is the broker JVM").isEqualTo("java");
            try (Admin admin = Admin.create(clientConfig(server))) {
                Clients.createTopic(admin, TOPIC, PARTITIONS);
            }

            // partition → (offset → record number), filled by the producer's callbacks
            Map<Integer, NavigableMap<Long, Integer>> acked = new ConcurrentHashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                acked.put(p, new ConcurrentSkipListMap<>());
            }
            AtomicInteger ackedCount = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            KafkaProducer<byte[], byte[]> producer = producer(server);
            Thread sender = new Thread(() -> {
                long deadline = System.nanoTime() + MAX_SENDING.toNanos();
                for (int i = 0; i < MAX_RECORDS && !stop.get() && System.nanoTime() < deadline; i++) {
                    int n = i;
                    try {
                        producer.send(new ProducerRecord<>(TOPIC, n % PARTITIONS, key(n), value(n)), (m, e) -> {
                            if (e == null) {
                                acked.get(m.partition()).put(m.offset(), n);
                                ackedCount.incrementAndGet();
                            }
                        });
                    } catch (RuntimeException e) {
                        return; // the producer was closed or gave up on a full buffer: the stream is over
                    }
                }
            }, "crash-sender");
            sender.start();

            await("acknowledged records").atMost(MAX_SENDING).until(() -> ackedCount.get() >= ACKED_BEFORE_KILL);
            server.kill();
            stop.set(true);
            sender.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(sender.isAlive()).as("sender stopped").isFalse();
            producer.close(Duration.ZERO);
            Map<Integer, NavigableMap<Long, Integer>> ackedAtKill = new HashMap<>();
            acked.forEach((p, m) -> ackedAtKill.put(p, new ConcurrentSkipListMap<>(m)));

            server.start();
            checkAcknowledgedRecords(server, ackedAtKill);
        } catch (Exception | AssertionError e) {
            throw new AssertionError("failed; the broker's output follows\n" + logsOf(dir), e);
        }
    }

    private static String logsOf(Path dir) {
        try (var files = Files.list(dir)) {
            StringBuilder b = new StringBuilder();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                b.append("--- ").append(f.getFileName()).append(" ---\n").append(Files.readString(f));
            }
            return b.toString();
        } catch (IOException e) {
            return "(cannot read the broker's output: " + e + ")";
        }
    }

    private static void checkAcknowledgedRecords(ServerProcess server,
                                                 Map<Integer, NavigableMap<Long, Integer>> acked) throws Exception {
        Map<String, Object> c = clientConfig(server);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(TOPIC, p));
        }
        Map<TopicPartition, Long> endOffsets;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<ConsumerRecord<byte[], byte[]>> log = Clients.readFromBeginning(consumer, partitions);
            endOffsets = consumer.endOffsets(partitions, TIMEOUT);
            for (int p = 0; p < PARTITIONS; p++) {
                int partition = p;
                Map<Long, ConsumerRecord<byte[], byte[]>> byOffset = new HashMap<>();
                Set<String> keys = new HashSet<>();
                int lastNumber = -1;
                for (ConsumerRecord<byte[], byte[]> r : log) {
                    if (r.partition() != partition) {
                        continue;
                    }
                    byOffset.put(r.offset(), r);
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    assertThat(keys.add(key)).as("%s appears once in partition %d", key, partition).isTrue();
                    int number = Integer.parseInt(key.substring(2));
                    assertThat(number).as("records of partition %d in send order", partition)
                            .isGreaterThan(lastNumber);
                    lastNumber = number;
                }
                NavigableMap<Long, Integer> expected = acked.get(p);
                assertThat(expected).as("acknowledged records in partition %d", p).isNotEmpty();
                assertThat(endOffsets.get(new TopicPartition(TOPIC, p))).as("end offset of partition %d", p)
                        .isGreaterThan(expected.lastKey());
                for (Map.Entry<Long, Integer> e : expected.entrySet()) {
                    ConsumerRecord<byte[], byte[]> r = byOffset.get(e.getKey());
                    assertThat(r).as("acknowledged record %d at offset %d of partition %d", e.getValue(),
                            e.getKey(), p).isNotNull();
                    assertThat(r.key()).isEqualTo(key(e.getValue()));
                    assertThat(r.value()).isEqualTo(value(e.getValue()));
                }
            }
        }

        // Producing goes on at the end of each recovered log.
        try (KafkaProducer<byte[], byte[]> producer = producer(server)) {
            for (TopicPartition tp : partitions) {
                long offset = producer.send(new ProducerRecord<>(TOPIC, tp.partition(), null, "after".getBytes()))
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
                assertThat(offset).as("first offset after the crash in %s", tp).isEqualTo(endOffsets.get(tp));
            }
        }
    }
}
