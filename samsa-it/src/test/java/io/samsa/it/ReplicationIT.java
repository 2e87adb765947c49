package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.replication.Partition;
import io.samsa.testkit.InProcessCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers in one JVM on one ZooKeeper: a topic with replication factor 3 is spread over them, its records
 * reach every replica, and acks=all is answered only once the in-sync replicas have them.
 */
class ReplicationIT {
    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessCluster.start(dir, 3, Map.of());
        admin = cluster.admin();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Optional<Partition> replica(int broker, TopicPartition tp) {
        return cluster.broker(broker).context().replicaManager().partition(tp);
    }

    @Test
    void everyReplicaGetsEveryAcknowledgedRecord() throws Exception {
        String topic = "replicated";
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3)
                .configs(Map.of("min.insync.replicas", "2")))).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        assertThat(d.partitions()).allSatisfy(p -> {
            assertThat(p.replicas()).hasSize(3);
            assertThat(p.isr()).hasSize(3);
        });
        assertThat(d.partitions()).extracting(p -> p.leader().id()).containsExactlyInAnyOrder(0, 1, 2);

        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, i % 3, null,
                    ("r" + i).getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        for (int p = 0; p < 3; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            await().atMost(TIMEOUT).untilAsserted(() -> {
                for (int b = 0; b < 3; b++) {
                    Partition replica = replica(b, tp).orElseThrow();
                    assertThat(replica.logEndOffset()).as("log end of %s on broker %d", tp, b).isEqualTo(100);
                    assertThat(replica.highWatermark()).as("high watermark of %s on broker %d", tp, b)
                            .isEqualTo(100);
                }
            });
        }
        TopicPartition tp0 = new TopicPartition(topic, 0);
        List<String> read = Clients.readToEnd(cluster.consumer(Map.of()), List.of(tp0), Map.of(tp0, 0L)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertThat(read).hasSize(100).startsWith("r0", "r3", "r6");
    }

    /**
     * compression.type is applied by the leader only: the followers copy the leader's rebuilt zstd batches byte for
     * byte (they never recompress), so every replica holds the same bytes.
     */
    @Test
    void followersCopyTheLeadersRecompressedBatchesByteForByte() throws Exception {
        String topic = "recompressed";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3).configs(Map.of("compression.type", "zstd"))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        KafkaProducer<byte[], byte[]> producer = cluster.producer(
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
        for (int i = 0; i < 30; i++) {
            producer.send(new ProducerRecord<>(topic, 0, null, ("r" + i).getBytes(StandardCharsets.UTF_8)));
            if (i % 10 == 9) {
                producer.flush();
            }
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (int b = 0; b < 3; b++) {
                assertThat(replica(b, tp).orElseThrow().logEndOffset()).as("log end on broker %d", b).isEqualTo(30);
            }
        });

        List<byte[]> logs = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            Records records = replica(b, tp).orElseThrow().log().read(0L, Integer.MAX_VALUE, Long.MAX_VALUE, true)
                    .records();
            assertThat(records.batches()).extracting(RecordBatch::compressionType)
                    .isNotEmpty().containsOnly(CompressionType.ZSTD);
            ByteBuffer bytes = ByteBuffer.allocate(records.sizeInBytes());
            ((FileRecords) records).readInto(bytes, 0);
            logs.add(bytes.array());
        }
        assertThat(logs.get(1)).isEqualTo(logs.get(0));
        assertThat(logs.get(2)).isEqualTo(logs.get(0));
    }
}
