package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart on the same directories loses nothing: topics keep their ids and configs, every record keeps its offset,
 * and producing continues where it stopped. The in-process {@code Broker} has no crash switch, so an unclean stop is
 * simulated here by restarting on a copy of the log directory taken while the broker ran (what the disk holds after
 * a {@code kill -9}: no clean-shutdown marker, checkpoints as last written); {@link ProcessCrashIT} kills a real
 * process.
 */
class RestartIT {
    private static final Map<String, Integer> TOPICS = Map.of("restart-a", 1, "restart-b", 3, "restart-c", 2);
    private static final int RECORDS_PER_PARTITION = 150;

    @TempDir
    Path dir;

    private static <T> T get(KafkaFuture<T> f) throws Exception {
        return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Map<String, Uuid> topicIds(Admin admin) throws Exception {
        Map<String, Uuid> ids = new HashMap<>();
        for (TopicDescription d : get(admin.describeTopics(TOPICS.keySet()).allTopicNames()).values()) {
            ids.put(d.name(), d.topicId());
            assertThat(d.partitions()).as("partitions of %s", d.name()).hasSize(TOPICS.get(d.name()));
        }
        return ids;
    }

    private static List<TopicPartition> allPartitions() {
        List<TopicPartition> out = new ArrayList<>();
        TOPICS.forEach((topic, n) -> {
            for (int p = 0; p < n; p++) {
                out.add(new TopicPartition(topic, p));
            }
        });
        return out;
    }

    @Test
    void aCleanRestartKeepsTopicsRecordsAndOffsets() throws Exception {
        Map<TopicPartition, List<TestRecord>> sent = new HashMap<>();
        Map<String, Uuid> idsBefore;
        String clusterIdBefore;
        TopicPartition trimmed = new TopicPartition("restart-c", 1);
        try (TestBroker broker = TestBroker.start(dir)) {
            Admin admin = broker.adminClient();
            for (Map.Entry<String, Integer> t : TOPICS.entrySet()) {
                Clients.createTopic(admin, t.getKey(), t.getValue(), Map.of("retention.ms", "86400000"));
            }
            KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG,
                    "lz4"));
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            int seed = 0;
            for (TopicPartition tp : allPartitions()) {
                List<TestRecord> records = TestRecord.generate(seed++, RECORDS_PER_PARTITION,
                        System.currentTimeMillis() - 60_000);
                sent.put(tp, records);
                for (TestRecord r : records) {
                    acks.add(producer.send(r.toProducerRecord(tp.topic(), tp.partition())));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> a : acks) {
                a.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertThat(get(admin.deleteRecords(Map.of(trimmed, RecordsToDelete.beforeOffset(40)))
                    .lowWatermarks().get(trimmed)).lowWatermark()).isEqualTo(40);
            idsBefore = topicIds(admin);
            clusterIdBefore = get(admin.describeCluster().clusterId());
        }

        try (TestBroker broker = TestBroker.start(dir)) {
            Admin admin = broker.adminClient();
            assertThat(get(admin.listTopics().names())).containsAll(TOPICS.keySet());
            assertThat(topicIds(admin)).isEqualTo(idsBefore);
            assertThat(get(admin.describeCluster().clusterId())).isEqualTo(clusterIdBefore);
            ConfigResource c = new ConfigResource(ConfigResource.Type.TOPIC, "restart-b");
            assertThat(get(admin.describeConfigs(Set.of(c)).all()).get(c).get("retention.ms").value())
                    .isEqualTo("86400000");

            KafkaConsumer<byte[], byte[]> consumer = broker.consumer();
            for (TopicPartition tp : allPartitions()) {
                long start = tp.equals(trimmed) ? 40 : 0;
                List<ConsumerRecord<byte[], byte[]>> got = Clients.readFromBeginning(consumer, List.of(tp));
                TestRecord.assertAllMatch(sent.get(tp).subList((int) start, RECORDS_PER_PARTITION), got, start);
                assertThat(consumer.beginningOffsets(List.of(tp), TIMEOUT)).containsEntry(tp, start);
                assertThat(consumer.endOffsets(List.of(tp), TIMEOUT))
                        .containsEntry(tp, (long) RECORDS_PER_PARTITION);
            }

            KafkaProducer<byte[], byte[]> producer = broker.producer();
            for (TopicPartition tp : allPartitions()) {
                RecordMetadata m = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null,
                        "after restart".getBytes())).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(m.offset()).as("next offset of %s", tp).isEqualTo(RECORDS_PER_PARTITION);
            }
        }
    }

    @Test
    void anIdempotentProducerCarriesOnAcrossARestartWithoutDuplicates() throws Exception {
        TopicPartition tp = new TopicPartition("restart-idempotent", 0);
        List<TestRecord> records = TestRecord.generate(42, 200, System.currentTimeMillis() - 60_000);
        try (TestBroker broker = TestBroker.start(dir)) {
            Clients.createTopic(broker.adminClient(), tp.topic(), 1);
            KafkaProducer<byte[], byte[]> producer = broker.producer(); // idempotent by default
            for (TestRecord r : records.subList(0, 100)) {
                producer.send(r.toProducerRecord(tp.topic(), tp.partition()));
            }
            producer.flush();

            broker.restart();

            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (TestRecord r : records.subList(100, 200)) {
                acks.add(producer.send(r.toProducerRecord(tp.topic(), tp.partition())));
            }
            producer.flush();
            for (int i = 0; i < acks.size(); i++) {
                assertThat(acks.get(i).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset())
                        .as("offset of record %d", 100 + i).isEqualTo(100 + i);
            }
            TestRecord.assertAllMatch(records, Clients.readFromBeginning(broker.consumer(), List.of(tp)), 0);
        }
    }

    @Test
    void afterAnUncleanStopEveryAcknowledgedRecordIsReadable() throws Exception {
        TopicPartition tp = new TopicPartition("restart-unclean", 0);
        List<TestRecord> records = TestRecord.generate(7, 300, System.currentTimeMillis() - 60_000);
        Path crashCopy = dir.resolve("logs-at-crash");
        try (TestBroker broker = TestBroker.start(dir)) {
            Clients.createTopic(broker.adminClient(), tp.topic(), 1);
            KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (TestRecord r : records) {
                acks.add(producer.send(r.toProducerRecord(tp.topic(), tp.partition())));
            }
            producer.flush();
            for (Future<RecordMetadata> a : acks) {
                a.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            copyTree(broker.logDir(), crashCopy); // the broker is still running: nothing was shut down cleanly
        }
        replaceTree(dir.resolve("logs"), crashCopy);

        try (TestBroker broker = TestBroker.start(dir)) {
            KafkaConsumer<byte[], byte[]> consumer = broker.consumer();
            assertThat(consumer.endOffsets(List.of(tp), TIMEOUT)).as("end offset after the unclean stop")
                    .containsEntry(tp, (long) records.size());
            TestRecord.assertAllMatch(records, Clients.readFromBeginning(consumer, List.of(tp)), 0);
            RecordMetadata next = broker.producer().send(new ProducerRecord<>(tp.topic(), 0, null, "next".getBytes()))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next.offset()).isEqualTo(records.size());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Deletes {@code target} and moves {@code replacement} into its place. */
    private static void replaceTree(Path target, Path replacement) throws IOException {
        try (Stream<Path> files = Files.walk(target)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        Files.move(replacement, target);
    }
}
