package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's crash test: {@code kill -9} of a broker process while its cleaner compacts a topic under a stream of
 * keyed writes and tombstones, again and again at seeded random moments, each followed by a restart on the same
 * directories. After each restart every acknowledged record is either at the offset it was acknowledged with or
 * superseded by a later record of its key; no record appears twice and no key's records change order. The kills
 * land at every stage of a clean in the long form (the test counts the kills that left {@code .cleaned},
 * {@code .swap} or {@code .deleted} files behind); {@code SegmentSwapTest} stops the swap deterministically at
 * each of its steps.
 *
 * <p>Short form: {@value #SHORT_KILLS} kills. Long form ({@code -P fault}): {@value #LONG_KILLS}. Seed:
 * {@code -Dsamsa.fault.seed} (default {@value #DEFAULT_SEED}).
 */
@Tag(FaultSuite.FAULT)
class CleanerCrashIT {
    private static final String TOPIC = "crash-compacted";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final int SHORT_KILLS = 3;
    private static final int LONG_KILLS = 25;
    private static final long DEFAULT_SEED = 11L;
    private static final int KEYS = 400;
    private static final String PADDING = "p".repeat(900);
    /** Acknowledged records per round before the kill may come: two 1 MiB segments, so there is something to clean. */
    private static final int ACKED_BEFORE_KILL = 2000;
    private static final int MAX_KILL_DELAY_MS = 1500;
    private static final int MAX_RECORDS_PER_ROUND = 100_000;
    private static final Duration MAX_ROUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** Acknowledged records by sequence number: key and offset. */
    private final Map<Long, Acked> acked = new ConcurrentHashMap<>();
    private final AtomicInteger nextSeq = new AtomicInteger();
    private final Map<String, Integer> filesAtKill = new HashMap<>();

    private record Acked(String key, long offset) {
    }

    @Test
    void killsDuringCleaningLoseNothing() throws Exception {
        run(SHORT_KILLS);
    }

    @Test
    @Tag(FaultSuite.LONG)
    void manyKillsDuringCleaningLoseNothing() throws Exception {
        run(LONG_KILLS);
    }

    private void run(int kills) throws Exception {
        long seed = Long.getLong("samsa.fault.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        try (ServerProcess server = new ServerProcess(dir, Map.of(
                "log.cleaner.backoff.ms", "20",
                "log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024)))) {
            server.start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrap()))) {
                Clients.createTopic(admin, TOPIC, 1, Map.of(
                        "cleanup.policy", "compact",
                        "segment.bytes", String.valueOf(1024 * 1024),
                        "min.cleanable.dirty.ratio", "0.01"));
            }
            int totalRead = 0;
            for (int round = 0; round < kills; round++) {
                writeThenKill(server, new Random(random.nextLong()), random.nextInt(MAX_KILL_DELAY_MS));
                countLeftoverFiles();
                server.start();
                totalRead = checkAcknowledgedRecords(server, "after kill " + (round + 1) + " (seed " + seed + ")");
            }
            System.out.printf("CleanerCrashIT seed %d: %d kills, %d records acknowledged, %d read after the last "
                    + "restart, lost 0, duplicated 0, reordered 0; files left by the kills: %s%n",
                    seed, kills, acked.size(), totalRead, filesAtKill);
            assertThat(totalRead).as("the cleaner compacted the topic while it was being killed")
                    .isLessThan(acked.size());
        } catch (Exception | AssertionError e) {
            throw new AssertionError("failed; the broker's output is in " + dir, e);
        }
    }

    private void writeThenKill(ServerProcess server, Random random, int killDelayMs) throws Exception {
        AtomicInteger ackedThisRound = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        KafkaProducer<byte[], byte[]> producer = producer(server);
        Thread sender = new Thread(() -> {
            long deadline = System.nanoTime() + MAX_ROUND.toNanos();
            for (int i = 0; i < MAX_RECORDS_PER_ROUND && !stop.get() && System.nanoTime() < deadline; i++) {
                long seq = nextSeq.getAndIncrement();
                String key = "k-" + random.nextInt(KEYS);
                byte[] value = random.nextInt(20) == 0 ? null : (seq + PADDING).getBytes(StandardCharsets.UTF_8);
                List<Header> headers = List.of(new RecordHeader("seq", ByteBuffer.allocate(8).putLong(seq).array()));
                try {
                    producer.send(new ProducerRecord<>(TOPIC, 0, null, key.getBytes(StandardCharsets.UTF_8), value,
                            headers), (m, e) -> {
                                if (e == null) {
                                    acked.put(seq, new Acked(key, m.offset()));
                                    ackedThisRound.incrementAndGet();
                                }
                            });
                } catch (RuntimeException e) {
                    return; // closed, or gave up on a full buffer: this round's stream is over
                }
            }
        }, "cleaner-crash-sender");
        sender.start();
        await("acknowledged records").atMost(MAX_ROUND).until(() -> ackedThisRound.get() >= ACKED_BEFORE_KILL);
        Thread.sleep(killDelayMs); // the seeded moment of the kill, not a wait for a condition
        server.kill();
        stop.set(true);
        sender.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(sender.isAlive()).as("sender stopped").isFalse();
        producer.close(Duration.ZERO);
    }

    /** Counts the files of an interrupted clean or swap that the kill left in the partition's directory. */
    private void countLeftoverFiles() throws IOException {
        try (var files = Files.list(dir.resolve("logs").resolve(TP.toString()))) {
            Set<String> suffixes = new HashSet<>();
            files.map(f -> f.getFileName().toString()).forEach(name -> {
                for (String suffix : List.of(".cleaned", ".swap", ".deleted")) {
                    if (name.endsWith(suffix)) {
                        suffixes.add(suffix);
                    }
                }
            });
            suffixes.forEach(s -> filesAtKill.merge(s, 1, Integer::sum));
        }
    }

    /** Checks the restarted broker's log against every acknowledgement so far; returns the records read. */
    private int checkAcknowledgedRecords(ServerProcess server, String when) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<ConsumerRecord<byte[], byte[]>> log = Clients.readFromBeginning(consumer, List.of(TP));
            long end = consumer.endOffsets(List.of(TP), TIMEOUT).get(TP);
            Map<Long, Long> seqByOffset = new HashMap<>();
            Map<String, Long> lastOffsetOfKey = new HashMap<>();
            Map<String, Long> lastSeqOfKey = new HashMap<>();
            Set<Long> seqs = new HashSet<>();
            int duplicated = 0;
            int reordered = 0;
            for (ConsumerRecord<byte[], byte[]> r : log) {
                long seq = ByteBuffer.wrap(r.headers().lastHeader("seq").value()).getLong();
                String key = new String(r.key(), StandardCharsets.UTF_8);
                duplicated += seqs.add(seq) ? 0 : 1;
                Long previous = lastSeqOfKey.put(key, seq);
                reordered += previous != null && previous > seq ? 1 : 0;
                seqByOffset.put(r.offset(), seq);
                lastOffsetOfKey.put(key, r.offset());
            }
            assertThat(log.isEmpty() ? end : log.get(log.size() - 1).offset() + 1).as("read to the end %s", when)
                    .isEqualTo(end);
            int lost = 0;
            int moved = 0;
            for (Map.Entry<Long, Acked> e : acked.entrySet()) {
                Acked a = e.getValue();
                Long seqThere = seqByOffset.get(a.offset());
                if (seqThere != null) {
                    moved += seqThere.equals(e.getKey()) ? 0 : 1;
                } else if (lastOffsetOfKey.getOrDefault(a.key(), -1L) <= a.offset()) {
                    lost++; // gone, though no later record of its key is there to supersede it
                }
            }
            assertThat(List.of(lost, moved, duplicated, reordered))
                    .as("lost, moved, duplicated and reordered records %s, of %d acknowledged", when, acked.size())
                    .containsExactly(0, 0, 0, 0);
            return log.size();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(ServerProcess server) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrap());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        return new KafkaProducer<>(c);
    }
}
