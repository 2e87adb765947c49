package io.samsa.it.fuzz;

import static org.awaitility.Awaitility.await;

import io.samsa.it.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The broker under fuzzing (an in-process {@link TestBroker}, so its leaks are visible) and the resources the
 * requests name ({@link FuzzTargets}). {@link #tidy()} undoes what fuzz cases created or deleted, so a long run's
 * state stays small: stray topics go, deleted fixed topics come back (with new ids: {@link #targets()} changes).
 *
 * <p>Group settings are lowered so that no request legitimately waits longer than the fuzzer's bound: a new group
 * rebalances at once, and session timeouts may be as short as the fuzzer caps them. Not thread-safe.
 */
final class FuzzFixture implements AutoCloseable {
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 2;
    private static final int RECORDS_PER_PARTITION = 5;

    private final TestBroker broker;
    private final Admin admin;
    private FuzzTargets targets;

    private FuzzFixture(TestBroker broker, Admin admin, FuzzTargets targets) {
        this.broker = broker;
        this.admin = admin;
        this.targets = targets;
    }

    static FuzzFixture start(Path dir) throws Exception {
        TestBroker broker = TestBroker.start(dir, Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "group.min.session.timeout.ms", "100",
                "offsets.topic.num.partitions", "4"));
        try {
            Admin admin = broker.adminClient();
            createTopic(admin, "fuzz-data", Map.of());
            createTopic(admin, "fuzz-compact", Map.of("cleanup.policy", "compact"));
            createTopic(admin, "fuzz-victim", Map.of());
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("fuzz-data", "fuzz-victim"))
                    .allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            FuzzTargets targets = new FuzzTargets("fuzz-data", topics.get("fuzz-data").topicId(), "fuzz-compact",
                    "fuzz-victim", topics.get("fuzz-victim").topicId(), PARTITIONS, "fuzz-group", 0);
            seed(broker, admin, targets);
            return new FuzzFixture(broker, admin, targets);
        } catch (Exception | AssertionError e) {
            broker.close();
            throw e;
        }
    }

    private static void createTopic(Admin admin, String name, Map<String, String> configs) throws Exception {
        NewTopic topic = new NewTopic(name, Optional.of(PARTITIONS), Optional.empty()).configs(configs);
        try {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Records in every fixed topic, and committed offsets for the group, so reads and offset APIs find data. */
    private static void seed(TestBroker broker, Admin admin, FuzzTargets targets) throws Exception {
        KafkaProducer<byte[], byte[]> producer = broker.producer();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (String topic : targets.fixedTopics()) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                    byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(topic, p, key, ("seed " + i).getBytes(StandardCharsets.UTF_8)));
                }
                offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(2, "fuzz"));
            }
        }
        producer.flush();
        admin.alterConsumerGroupOffsets(targets.group(), offsets).all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes topics the cases created, and puts back fixed topics a case deleted or reshaped (a DeleteTopics may
     * name any of them, and a Metadata request may then auto-create one with the broker's default of one partition);
     * then says which fixed topic is still missing or has a partition without a leader, if one is: no client could
     * use it. Deletion takes effect asynchronously, so putting a topic back is retried until it holds.
     */
    String tidy() throws Exception {
        Set<String> names = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<String> strays = names.stream().filter(n -> !targets.fixedTopics().contains(n)).toList();
        if (!strays.isEmpty()) {
            deleteQuietly(strays);
        }
        try {
            await("fixed topics back").atMost(ADMIN_TIMEOUT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100)).until(this::restoreFixedTopics);
        } catch (ConditionTimeoutException e) {
            return "fixed topics not back after " + ADMIN_TIMEOUT.toSeconds() + " s: "
                    + describeQuietly(targets.fixedTopics());
        }
        Map<String, TopicDescription> now = describeQuietly(targets.fixedTopics());
        targets = targets.withIds(now.get(targets.dataTopic()).topicId(), now.get(targets.victimTopic()).topicId());
        for (TopicDescription d : now.values()) {
            if (d.partitions().stream().anyMatch(p -> p.leader() == null)) {
                return d.name() + " has a partition without a leader: " + d;
            }
        }
        return null;
    }

    /** One pass of putting the fixed topics back; true once all of them have their partitions. */
    private boolean restoreFixedTopics() throws Exception {
        Map<String, TopicDescription> described = describeQuietly(targets.fixedTopics());
        List<String> reshaped = described.values().stream()
                .filter(d -> d.partitions().size() < targets.partitions()).map(TopicDescription::name).toList();
        if (!reshaped.isEmpty()) {
            deleteQuietly(reshaped);
            return false;
        }
        List<String> missing = targets.fixedTopics().stream().filter(t -> !described.containsKey(t)).toList();
        if (missing.isEmpty()) {
            return true;
        }
        for (String topic : missing) {
            createTopic(admin, topic, topic.equals(targets.compactTopic())
                    ? Map.of("cleanup.policy", "compact") : Map.of());
        }
        Map<String, TopicDescription> after = describeQuietly(targets.fixedTopics());
        return targets.fixedTopics().stream().allMatch(t -> after.containsKey(t)
                && after.get(t).partitions().size() >= targets.partitions());
    }

    /** The topics of {@code topics} that exist, described; one deleted meanwhile is simply absent. */
    private Map<String, TopicDescription> describeQuietly(List<String> topics) throws Exception {
        Map<String, TopicDescription> out = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> e : admin.describeTopics(topics).topicNameValues()
                .entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw ex;
                }
            }
        }
        return out;
    }

    private void deleteQuietly(List<String> topics) throws Exception {
        for (KafkaFuture<Void> f : admin.deleteTopics(topics).topicNameValues().values()) {
            try {
                f.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
    }

    TestBroker broker() {
        return broker;
    }

    Admin admin() {
        return admin;
    }

    FuzzTargets targets() {
        return targets;
    }

    int port() {
        return broker.port();
    }

    @Override
    public void close() {
        broker.close();
    }
}
