package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition whose log cannot be created (issue 8, point 7: seen during file-descriptor exhaustion) is reported
 * offline rather than healthy, and the broker keeps retrying, so the partition works as soon as the cause goes away,
 * without any other topic change to trigger it.
 *
 * <p>The failure is made the way a full disk or a stray file would make it: a regular file sits where the
 * partition's directory must go (permissions cannot be used: the tests may run as root).
 */
class LogCreationFailureIT {
    private static final String TOPIC = "doomed";

    @TempDir
    Path dir;
    TestBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aPartitionWithoutALogIsOfflineUntilARetryCreatesIt() throws Exception {
        broker = TestBroker.start(dir);
        Admin admin = broker.adminClient();
        Path blocker = broker.logDir().resolve(TOPIC + "-0");
        Files.writeString(blocker, "not a directory");

        Clients.createTopic(admin, TOPIC, 1);

        TopicDescription described = admin.describeTopics(List.of(TOPIC)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(TOPIC);
        assertThat(described.partitions().get(0).leader()).as("leader of an offline partition").isNull();
        try (RawConnection c = new RawConnection(broker.port())) {
            ProduceRequestData data = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(5_000)
                    .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                            new ProduceRequestData.TopicProduceData().setName(TOPIC).setPartitionData(List.of(
                                    new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                                            MemoryRecords.withRecords(Compression.NONE,
                                                    new SimpleRecord("early".getBytes(StandardCharsets.UTF_8))))))
                    ).iterator()));
            short version = c.version(ApiKeys.PRODUCE, 12);
            ProduceResponse r = c.call(new ProduceRequest(data, version));
            short error = r.data().responses().iterator().next().partitionResponses().get(0).errorCode();
            assertThat(Errors.forCode(error)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        }

        // A producer that started while the partition was offline succeeds once the log can be created.
        KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                60_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
        Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(TOPIC, 0, null,
                "patient".getBytes(StandardCharsets.UTF_8)));
        Files.delete(blocker);

        RecordMetadata md = sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(md.offset()).isZero();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(TOPIC).partitions().get(0).leader()).isNotNull());
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        assertThat(Clients.readToEnd(broker.consumer(), List.of(tp), Map.of(tp, 0L)))
                .extracting(rec -> new String(rec.value(), StandardCharsets.UTF_8)).containsExactly("patient");
    }
}
