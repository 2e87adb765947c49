package io.samsa.it;

import static org.awaitility.Awaitility.await;

import io.samsa.testkit.process.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the exactly-once tests share: topics of three replicas on the test cluster, the output's size as producers
 * see it (read_uncommitted end offsets, to time a kill while a transaction is open), and the output as a
 * read_committed consumer sees it. Not thread-safe.
 */
final class ExactlyOnceRun {
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final int PARTITIONS = 3;

    private final ProcessCluster cluster;
    private final Admin admin;

    /** Three brokers as the fault suite runs them, with few internal partitions so each test starts quickly. */
    static io.samsa.testkit.process.ProcessClusterConfig clusterConfig(java.nio.file.Path dir) {
        return FaultSuite.clusterConfig(dir)
                .brokerConfig("offsets.topic.num.partitions", "6")
                .brokerConfig("transaction.state.log.num.partitions", "6");
    }

    ExactlyOnceRun(ProcessCluster cluster) {
        this.cluster = cluster;
        this.admin = cluster.clients().admin();
    }

    void createTopics(String... topics) throws Exception {
        List<NewTopic> all = new ArrayList<>();
        for (String t : topics) {
            all.add(new NewTopic(t, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        }
        admin.createTopics(all).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records written to {@code topic}, committed or not: the sum of its partitions' end offsets. */
    long written(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    /**
     * Starts {@code app}, then {@code kills} times waits until it wrote {@code progress} more records to
     * {@code output} (so it is in the middle of its work, with a transaction open) and kills it with SIGKILL and
     * starts it again.
     */
    void runWithKills(ChildJvm app, String output, int kills, long progress) throws Exception {
        app.start();
        for (int k = 0; k < kills; k++) {
            awaitWritten(output, written(output), progress, app);
            app.kill();
            app.start();
        }
    }

    /** Waits until {@code more} records were written to {@code topic} after {@code since}. */
    void awaitWritten(String topic, long since, long more, ChildJvm app) {
        await(more + " more records in " + topic).atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!app.isAlive()) {
                        throw new AssertionError("the application died:\n" + app.logTail(Integer.getInteger("samsa.child.tail", 40)));
                    }
                    return written(topic) >= since + more;
                });
    }

    /**
     * Reads every committed record of {@code topic} from the beginning, handing each to {@code sink}, until
     * {@code done} says the whole expected output was seen, then on to the current end of the committed records
     * (the last stable offsets); each wait is bounded by {@link #TIMEOUT}.
     */
    void readCommitted(String topic, BiConsumer<byte[], byte[]> sink, java.util.function.BooleanSupplier done) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("the whole output of " + topic + ", committed").atMost(TIMEOUT).pollInterval(Duration.ZERO)
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            sink.accept(r.key(), r.value());
                        }
                        return done.getAsBoolean();
                    });
            // Then to the end of what is committed now, so a repeat written after the last new record is seen too.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await("the rest of " + topic + ", committed").atMost(TIMEOUT).pollInterval(Duration.ZERO)
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            sink.accept(r.key(), r.value());
                        }
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        }
    }
}
