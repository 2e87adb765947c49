package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch sessions (KIP-227) on the wire: a full fetch at epoch 0 opens a session, an incremental fetch names only
 * what changed and is answered only with partitions that have news, and a wrong epoch is refused. The Java
 * consumer uses sessions by default, so every consumer test exercises them too.
 */
class FetchSessionIT {
    private static final String TOPIC = "sessions";
    private static final int PARTITIONS = 4;

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir);
        Admin admin = broker.adminClient();
        Clients.createTopic(admin, TOPIC, PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            broker.producer().send(new ProducerRecord<>(TOPIC, p, null, ("first-" + p).getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static FetchRequestData request(int sessionId, int epoch, List<Integer> partitions, long offset) {
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic(TOPIC);
        for (int p : partitions) {
            topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(p).setFetchOffset(offset)
                    .setPartitionMaxBytes(1 << 20));
        }
        return new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0).setMaxBytes(1 << 24)
                .setSessionId(sessionId).setSessionEpoch(epoch)
                .setTopics(partitions.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(topic)));
    }

    private static List<Integer> partitionsIn(FetchResponse r) {
        List<Integer> out = new ArrayList<>();
        for (FetchResponseData.FetchableTopicResponse t : r.data().responses()) {
            t.partitions().forEach(p -> out.add(p.partitionIndex()));
        }
        return out;
    }

    @Test
    void anIncrementalFetchAnswersOnlyPartitionsWithNews() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            short version = c.version(ApiKeys.FETCH, 12);
            FetchResponse full = c.call(new FetchRequest(request(0, 0, List.of(0, 1, 2, 3), 0), version));
            assertThat(full.error()).isEqualTo(Errors.NONE);
            assertThat(full.data().sessionId()).as("a new session").isNotZero();
            assertThat(partitionsIn(full)).containsExactlyInAnyOrder(0, 1, 2, 3);
            int session = full.data().sessionId();

            // The client moves its offsets past the first records; nothing new has arrived since.
            FetchResponse quiet = c.call(new FetchRequest(request(session, 1, List.of(0, 1, 2, 3), 1), version));
            assertThat(quiet.error()).isEqualTo(Errors.NONE);
            assertThat(partitionsIn(quiet)).isEmpty();

            broker.producer().send(new ProducerRecord<>(TOPIC, 2, null, "news".getBytes(StandardCharsets.UTF_8)))
                    .get();
            FetchResponse news = c.call(new FetchRequest(request(session, 2, List.of(), 0), version));
            assertThat(partitionsIn(news)).containsExactly(2);

            FetchResponse stale = c.call(new FetchRequest(request(session, 2, List.of(), 0), version));
            assertThat(stale.error()).isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH);
        }
        TopicPartition tp = new TopicPartition(TOPIC, 2);
        assertThat(Clients.readToEnd(broker.consumer(), List.of(tp), Map.of(tp, 0L))).hasSize(2);
    }
}
