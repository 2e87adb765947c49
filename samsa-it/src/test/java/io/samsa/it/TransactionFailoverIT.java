package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static io.samsa.it.TxnRequests.initProducerId;
import static io.samsa.it.TxnRequests.marker;
import static io.samsa.it.TxnRequests.plain;
import static io.samsa.it.TxnRequests.txn;
import static io.samsa.it.TxnRequests.writeMarkers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.InProcessCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.requests.TransactionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions on a replicated partition: followers copy the transactional batches and markers, so after the leader
 * stops the new leader has the same aborted transactions and still holds the last stable offset at the transaction
 * that was open, which the coordinator can then complete there.
 */
class TransactionFailoverIT {
    private static final TopicPartition TP = new TopicPartition("txn-failover", 0);

    @TempDir
    Path dir;

    private static int leader(InProcessCluster cluster) throws Exception {
        TopicDescription d = cluster.admin().describeTopics(List.of(TP.topic())).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(TP.topic());
        Node leader = d.partitions().get(0).leader();
        return leader == null ? -1 : leader.id();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(InProcessCluster cluster, String isolation) {
        return cluster.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation));
    }

    private static long endOffset(InProcessCluster cluster, String isolation) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster, isolation)) {
            return consumer.endOffsets(List.of(TP), TIMEOUT).get(TP);
        }
    }

    private static List<String> read(InProcessCluster cluster, String isolation) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster, isolation)) {
            return Clients.readFromBeginning(consumer, List.of(TP)).stream().map(ConsumerRecord::value)
                    .map(v -> new String(v, StandardCharsets.UTF_8)).toList();
        }
    }

    @Test
    void aNewLeaderKeepsTheAbortedAndTheOpenTransactions() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 3,
                // The test plays the coordinator itself: no KIP-890 verification of its hand-made transactions.
                Map.of("transaction.partition.verification.enable", "false"))) {
            cluster.admin().createTopics(List.of(new NewTopic(TP.topic(), 1, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(TIMEOUT).until(() -> leader(cluster) >= 0);
            int first = leader(cluster);
            long open;
            try (RawConnection c = new RawConnection(cluster.broker(first).port())) {
                long aborting = initProducerId(c);
                open = initProducerId(c);
                plain(c, TP, "p0");                                        // 0
                txn(c, TP, aborting, 0, "a0");                             // 1
                txn(c, TP, open, 0, "o0");                                 // 2
                writeMarkers(c, List.of(marker(aborting, TransactionResult.ABORT, TP)));   // 3, acks=all
                plain(c, TP, "p1");                                        // 4
            }
            assertThat(endOffset(cluster, "read_committed")).isEqualTo(2);

            cluster.stop(first);
            await().atMost(TIMEOUT).until(() -> {
                int now = leader(cluster);
                return now >= 0 && now != first;
            });
            int second = leader(cluster);
            await().atMost(TIMEOUT).until(() -> endOffset(cluster, "read_uncommitted") == 5);
            assertThat(endOffset(cluster, "read_committed")).as("the open transaction holds the LSO").isEqualTo(2);
            assertThat(read(cluster, "read_committed")).containsExactly("p0");

            try (RawConnection c = new RawConnection(cluster.broker(second).port())) {
                writeMarkers(c, List.of(marker(open, TransactionResult.COMMIT, TP)));       // 5
            }
            await().atMost(TIMEOUT).until(() -> endOffset(cluster, "read_committed") == 6);
            assertThat(read(cluster, "read_committed")).containsExactly("p0", "o0", "p1");
            assertThat(read(cluster, "read_uncommitted")).containsExactly("p0", "a0", "o0", "p1");
        }
    }
}
