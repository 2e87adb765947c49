package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.process.ProcessCluster;
import io.samsa.testkit.proxy.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transaction coordinator dies between PrepareCommit and the markers (issue 10): a commit is decided and written
 * to {@code __transaction_state}, but the coordinator cannot reach the data partition's leader to write the COMMIT
 * marker (its link is cut), and is then killed with SIGKILL. The new leader of its {@code __transaction_state}
 * partition loads the PrepareCommit and writes the markers itself: the transaction completes, whole, and
 * read_committed consumers see every record of it.
 */
@Tag(FaultSuite.FAULT)
class TransactionCoordinatorCrashIT {
    private static final String TOPIC = "decided";
    private static final int RECORDS = 10;

    @RegisterExtension
    static final SharedProcessCluster CLUSTER = new SharedProcessCluster(dir -> FaultSuite.clusterConfig(dir)
            .brokerConfig("transaction.state.log.num.partitions", "6")
            .brokerConfig("auto.leader.rebalance.enable", "false"));

    @AfterEach
    void heal() {
        CLUSTER.get().network().healAll();
    }

    @Test
    void aCommitDecidedBeforeTheCoordinatorDiesIsCompletedByTheNextOne() throws Exception {
        ProcessCluster cluster = CLUSTER.get();
        Admin admin = cluster.clients().admin();
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(60, TimeUnit.SECONDS);
        int leader = FaultSuite.leaderOf(admin, TOPIC, 0);

        // A transactional id whose coordinator is not the partition's leader, so the markers cross the network.
        KafkaProducer<String, String> producer = null;
        String transactionalId = null;
        int coordinator = leader;
        for (int i = 0; i < 30 && coordinator == leader; i++) {
            if (producer != null) {
                producer.close();
            }
            transactionalId = "decided-" + i;
            producer = producer(cluster, transactionalId);
            producer.initTransactions();
            coordinator = describe(admin, transactionalId).coordinatorId();
        }
        assertThat(coordinator).as("a coordinator other than the leader %d", leader).isNotEqualTo(leader);
        String id = transactionalId;
        KafkaProducer<String, String> p = producer;
        try {
            p.beginTransaction();
            for (int i = 0; i < RECORDS; i++) {
                p.send(new ProducerRecord<>(TOPIC, "k", "decided-" + i));
            }
            p.flush();
            cluster.network().cut(Node.broker(coordinator), Node.broker(leader));
            CompletableFuture<Void> commit = CompletableFuture.runAsync(p::commitTransaction);
            await("PrepareCommit written, markers stuck").atMost(FaultSuite.TIMEOUT)
                    .until(() -> describe(admin, id).state() == TransactionState.PREPARE_COMMIT);
            assertThat(committedValues(cluster)).as("nothing visible before the markers").isEmpty();

            cluster.kill(coordinator);
            await("the next coordinator completes the commit").atMost(FaultSuite.TIMEOUT)
                    .ignoreExceptions().until(() -> describe(admin, id).state() == TransactionState.COMPLETE_COMMIT);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                expected.add("decided-" + i);
            }
            await("every record of the transaction visible to read_committed").atMost(FaultSuite.TIMEOUT)
                    .untilAsserted(() -> assertThat(committedValues(cluster)).isEqualTo(expected));
            commit.cancel(true);
        } finally {
            p.close(Duration.ZERO);
            cluster.network().healAll();
            if (!cluster.running().contains(coordinator)) {
                cluster.start(coordinator);
            }
        }
    }

    private static KafkaProducer<String, String> producer(ProcessCluster cluster, String transactionalId) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000), new StringSerializer(), new StringSerializer());
    }

    private static TransactionDescription describe(Admin admin, String transactionalId) throws Exception {
        return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                .get(30, TimeUnit.SECONDS);
    }

    /** What a read_committed consumer reads of the topic now, up to its last stable offset. */
    private static List<String> committedValues(ProcessCluster cluster) {
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
