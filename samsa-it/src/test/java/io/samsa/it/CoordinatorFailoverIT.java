package io.samsa.it;

import static io.samsa.it.FaultSuite.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.process.BrokerProcess;
import io.samsa.testkit.process.ProcessCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coordinator failover on three broker processes (issue 9, point 7): state that lives with the leader of a partition
 * moves to the new leader when the old one is killed with {@code kill -9}, because followers rebuild it from the
 * batches they replicate. A consumer group's committed offsets and members move with its {@code __consumer_offsets}
 * partition (classic and consumer group protocols): a member that stays commits on the new coordinator with the
 * generation it had, and a new member resumes at the committed offsets. An idempotent producer's sequence state
 * moves with its partition, so a retry sent to the new leader is answered as a duplicate and a gap is refused.
 *
 * <p>One cluster for the class; every test kills a broker, restarts it, and moves leaders back to the preferred
 * replicas, so the next test starts from a whole, balanced cluster.
 */
@Tag(FaultSuite.FAULT)
@Tag(FaultSuite.FAILOVER)
class CoordinatorFailoverIT {
    /** Few offsets partitions: the topic is created (and every test's elections run) quickly; 50 adds nothing. */
    private static final int OFFSETS_PARTITIONS = 6;
    private static final int RECORDS = 100;
    private static final int PRODUCE_VERSION_CAP = 12;
    private static final int INIT_PRODUCER_ID_VERSION_CAP = 4;

    // No automatic rebalance: the tests move leaders back themselves, after checking where they are.
    @RegisterExtension
    static final SharedProcessCluster CLUSTER = new SharedProcessCluster(dir -> FaultSuite.clusterConfig(dir)
            .brokerConfig("offsets.topic.num.partitions", Integer.toString(OFFSETS_PARTITIONS))
            .brokerConfig("auto.leader.rebalance.enable", "false"));

    private static ProcessCluster cluster() {
        return CLUSTER.get();
    }

    private static Admin admin() {
        return CLUSTER.admin();
    }

    /** A failed test must not leave a broker down for the next one. */
    @AfterEach
    void restartKilled() throws Exception {
        for (BrokerProcess b : cluster().brokers()) {
            if (!b.isAlive()) {
                cluster().start(b.id());
            }
        }
    }

    // ---- consumer groups ----

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void aGroupResumesAtItsCommittedOffsetsOnTheNewCoordinatorAfterKillMinus9(String protocol) throws Exception {
        String topic = "orders-" + protocol;
        String group = "failover-" + protocol;
        FaultSuite.createTopic(admin(), topic);
        List<TopicPartition> tps = FaultSuite.partitions(topic);
        produce(topic, 0, RECORDS);
        // Different in every partition, so an offset committed for one partition cannot pass for another's.
        Map<TopicPartition, Long> committed = Map.of(tps.get(0), 37L, tps.get(1), 50L, tps.get(2), 63L);
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        committed.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset, "before-the-kill")));

        KafkaConsumer<byte[], byte[]> first = consumer(group, protocol);
        first.subscribe(List.of(topic));
        consumeUntil(first, committed);
        // Two synchronous commits: the coordinator that takes over must replay to the last one.
        Map<TopicPartition, OffsetAndMetadata> earlier = new HashMap<>();
        committed.forEach((tp, offset) -> earlier.put(tp, new OffsetAndMetadata(offset / 2)));
        first.commitSync(earlier, TIMEOUT);
        TopicPartition offsetsTp = offsetsPartitionOf(group);
        int killed = coordinatorOf(group);
        assertThat(FaultRun.awaitLeader(cluster(), Topic.GROUP_METADATA_TOPIC_NAME, offsetsTp.partition(), -1,
                "a leader of " + offsetsTp)).as("the coordinator leads %s", offsetsTp).isEqualTo(killed);
        // The member stays in the group across the kill, reading nothing more.
        first.pause(first.assignment());
        ConsumerGroupMetadata membership = first.groupMetadata();

        first.commitSync(commits, TIMEOUT);
        // At once: an acknowledged commit must already be on the followers (written with acks=all).
        cluster().kill(killed);
        int successor = FaultRun.awaitLeader(cluster(), Topic.GROUP_METADATA_TOPIC_NAME, offsetsTp.partition(),
                killed, "a new leader of " + offsetsTp);
        await("the group's coordinator moves to broker " + successor).atMost(TIMEOUT).ignoreExceptions()
                .untilAsserted(() -> assertThat(coordinatorOf(group)).isEqualTo(successor));

        assertThat(committedOffsets(group)).as("offsets the new coordinator serves").isEqualTo(commits);

        // The new coordinator loaded the member too: it takes the member's commit at the generation (member epoch)
        // the member had, where a coordinator that forgot it would answer UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION
        // (CommitFailedException) and make it join again. The same offsets, so the new member below starts there.
        first.poll(Duration.ofMillis(100));
        Map<TopicPartition, OffsetAndMetadata> recommits = new HashMap<>();
        committed.forEach((tp, offset) -> recommits.put(tp, new OffsetAndMetadata(offset, "after-the-kill")));
        first.commitSync(recommits, TIMEOUT);
        assertThat(first.groupMetadata().memberId()).as("member id after the failover")
                .isEqualTo(membership.memberId());
        assertThat(first.groupMetadata().generationId()).as("generation after the failover")
                .isEqualTo(membership.generationId());
        first.close(Duration.ofSeconds(5));
        assertThat(committedOffsets(group)).as("offsets after the member's commit").isEqualTo(recommits);
        assertDescribedOffsets(group, topic, committed, RECORDS);

        try (KafkaConsumer<byte[], byte[]> resumed = consumer(group, protocol)) {
            resumed.subscribe(List.of(topic));
            Map<TopicPartition, Long> end = endOffsets(tps, RECORDS);
            assertReadExactly(consumeUntil(resumed, end), committed, end);
            resumed.commitSync(TIMEOUT);
        }

        // The killed broker comes back, catches up the commits made while it was down, and leads again.
        cluster().start(killed);
        electPreferredLeaders(topic);
        int preferred = preferredReplica(Topic.GROUP_METADATA_TOPIC_NAME, offsetsTp.partition());
        assertThat(preferred).as("the killed coordinator was the preferred leader of %s", offsetsTp)
                .isEqualTo(killed);
        await("the group's coordinator back on the restarted broker " + killed).atMost(TIMEOUT)
                .ignoreExceptions().untilAsserted(() -> assertThat(coordinatorOf(group)).isEqualTo(killed));

        produce(topic, RECORDS, RECORDS);
        try (KafkaConsumer<byte[], byte[]> afterRestart = consumer(group, protocol)) {
            afterRestart.subscribe(List.of(topic));
            Map<TopicPartition, Long> end = endOffsets(tps, 2 * RECORDS);
            assertReadExactly(consumeUntil(afterRestart, end), endOffsets(tps, RECORDS), end);
            afterRestart.commitSync(TIMEOUT);
        }
        // commitSync() with no offsets also commits each record's leader epoch, which the failover changed: only
        // the offsets are compared.
        Map<TopicPartition, Long> afterRestart = new HashMap<>();
        committedOffsets(group).forEach((tp, o) -> afterRestart.put(tp, o.offset()));
        assertThat(afterRestart).as("offsets after the restart").isEqualTo(endOffsets(tps, 2 * RECORDS));
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String group, String protocol) {
        return cluster().clients().consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 25));
    }

    /** Sends records {@code from..from+count-1} to every partition; the value of record i of partition p is "p-i". */
    private static void produce(String topic, int from, int count) throws Exception {
        KafkaProducer<byte[], byte[]> producer = FaultSuite.producer(cluster(), Map.of());
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int p = 0; p < FaultSuite.PARTITIONS; p++) {
            for (int i = from; i < from + count; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, p, null, value(p, i))));
            }
        }
        for (Future<RecordMetadata> a : acks) {
            a.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        producer.close(Duration.ofSeconds(5));
    }

    private static byte[] value(int partition, long offset) {
        return (partition + "-" + offset).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<TopicPartition, Long> endOffsets(List<TopicPartition> tps, long offset) {
        Map<TopicPartition, Long> out = new HashMap<>();
        tps.forEach(tp -> out.put(tp, offset));
        return out;
    }

    /**
     * Polls the subscribed {@code consumer} until it has read, in every partition of {@code until}, the record just
     * before that offset; returns the offsets read per partition, in order. Each record's value is checked against
     * its offset (the producer wrote one record per offset), so a record moved to another offset fails here.
     */
    private static Map<TopicPartition, List<Long>> consumeUntil(KafkaConsumer<byte[], byte[]> consumer,
                                                                 Map<TopicPartition, Long> until) {
        Map<TopicPartition, List<Long>> read = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        until.keySet().forEach(tp -> read.put(tp, new ArrayList<>()));
        await("the group's consumer reading each partition up to " + until).atMost(TIMEOUT)
                .pollInterval(Duration.ZERO).until(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        assertThat(new String(r.value(), StandardCharsets.UTF_8)).as("record at %s@%d", tp,
                                r.offset()).isEqualTo(new String(value(r.partition(), r.offset()),
                                StandardCharsets.UTF_8));
                        read.get(tp).add(r.offset());
                    }
                    return until.entrySet().stream().allMatch(e -> read.get(e.getKey()).contains(e.getValue() - 1));
                });
        return read;
    }

    /** Every partition was read from exactly its {@code from} offset to its {@code end}: nothing again, no gap. */
    private static void assertReadExactly(Map<TopicPartition, List<Long>> read, Map<TopicPartition, Long> from,
                                          Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, List<Long>> e : read.entrySet()) {
            TopicPartition tp = e.getKey();
            assertThat(e.getValue()).as("offsets read from %s", tp).containsExactlyElementsOf(
                    LongStream.range(from.get(tp), end.get(tp)).boxed().toList());
        }
    }

    private static int coordinatorOf(String group) throws Exception {
        return admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).coordinator().id();
    }

    private static TopicPartition offsetsPartitionOf(String group) {
        // Kafka's placement of a group (GroupCoordinator.partitionFor), which the broker follows too.
        return new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, Utils.abs(group.hashCode()) % OFFSETS_PARTITIONS);
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        return admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * {@code kafka-consumer-groups --describe}, bootstrapped on the running brokers only, shows {@code committed}
     * as every partition's current offset, and {@code logEnd} as its log end offset.
     */
    private static void assertDescribedOffsets(String group, String topic, Map<TopicPartition, Long> committed,
                                               long logEnd) throws Exception {
        StringJoiner running = new StringJoiner(",");
        cluster().brokers().stream().filter(BrokerProcess::isAlive).forEach(b -> running.add(b.advertisedAddress()));
        CliTools.Result r = CliTools.runInProcess(ConsumerGroupCommand.class, "--bootstrap-server",
                running.toString(), "--describe", "--group", group);
        assertThat(r.status()).as("kafka-consumer-groups --describe\n%s", r).isZero();
        Map<TopicPartition, List<String>> rows = new HashMap<>();
        r.out().lines().map(String::strip).filter(l -> l.startsWith(group + " ")).map(l -> l.split("\\s+"))
                .forEach(row -> rows.put(new TopicPartition(row[1], Integer.parseInt(row[2])), List.of(row[3],
                        row[4])));
        Map<TopicPartition, List<String>> expected = new HashMap<>();
        committed.forEach((tp, offset) -> expected.put(new TopicPartition(topic, tp.partition()),
                List.of(Long.toString(offset), Long.toString(logEnd))));
        assertThat(rows).as("CURRENT-OFFSET and LOG-END-OFFSET per partition\n%s", r).isEqualTo(expected);
    }

    /**
     * Moves the leaders of {@code topic} and of {@code __consumer_offsets} back to their preferred replicas, once the
     * restarted broker is in sync again: the next test starts from where the cluster began.
     */
    private static void electPreferredLeaders(String topic) throws Exception {
        Set<TopicPartition> all = new HashSet<>(FaultSuite.partitions(topic));
        IntStream.range(0, OFFSETS_PARTITIONS).forEach(p -> all.add(
                new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, p)));
        for (BrokerProcess b : cluster().brokers()) {
            FaultRun.awaitInSync(cluster(), topic, FaultSuite.PARTITIONS, b.id());
            FaultRun.awaitInSync(cluster(), Topic.GROUP_METADATA_TOPIC_NAME, OFFSETS_PARTITIONS, b.id());
        }
        // A fresh admin client each time: the class's own may still name a killed controller, and Kafka's admin
        // client fails ElectLeaders on NOT_CONTROLLER instead of asking again (ZooKeeper-mode Kafka answers so too).
        await("a preferred election by the controller").atMost(TIMEOUT).ignoreExceptionsInstanceOf(
                ExecutionException.class).untilAsserted(() -> {
                    try (Admin fresh = cluster().clients().admin()) {
                        Map<TopicPartition, Optional<Throwable>> results = fresh.electLeaders(ElectionType.PREFERRED,
                                all).partitions().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        results.forEach((tp, error) -> assertThat(error.filter(e ->
                                !(e instanceof ElectionNotNeededException))).as("preferred election of %s", tp)
                                .isEmpty());
                    }
                });
    }

    private static int preferredReplica(String topic, int partition) {
        return cluster().brokers().stream().filter(BrokerProcess::isAlive).findFirst().orElseThrow()
                .partitions(topic).orElseThrow().get(partition).replicas().get(0);
    }

    // ---- idempotent producer ----

    /**
     * An idempotent producer's batches sent by hand with a fixed producer id, epoch and sequences (the Java producer
     * cannot be made to retry on purpose): after the leader's kill -9, the new leader, which only ever replicated
     * those batches, answers a retry of an acknowledged batch with its original offset and appends nothing, and
     * refuses a sequence gap. The killed broker, restarted and made leader again, knows the batches appended while
     * it was down as well.
     */
    @Test
    void anIdempotentRetryToTheNewLeaderIsADuplicateAndASequenceGapIsRefused() throws Exception {
        String topic = "idempotent-failover";
        FaultSuite.createTopic(admin(), topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        int leader = FaultRun.awaitLeader(cluster(), topic, 0, -1, "a leader of " + tp);
        InitProducerIdResponse id = initProducerId(leader);
        assertThat(id.error()).isEqualTo(Errors.NONE);
        long producerId = id.data().producerId();
        short epoch = id.data().producerEpoch();

        assertThat(produce(leader, tp, producerId, epoch, 0)).isEqualTo(answer(Errors.NONE, 0));
        assertThat(produce(leader, tp, producerId, epoch, 5)).isEqualTo(answer(Errors.NONE, 5));
        FaultRun.awaitInSync(cluster(), topic, FaultSuite.PARTITIONS, (leader + 1) % 3);
        FaultRun.awaitInSync(cluster(), topic, FaultSuite.PARTITIONS, (leader + 2) % 3);

        cluster().kill(leader);
        int successor = FaultRun.awaitLeader(cluster(), topic, 0, leader, "a new leader of " + tp);
        assertThat(produce(successor, tp, producerId, epoch, 5)).as("the last acknowledged batch again")
                .isEqualTo(answer(Errors.NONE, 5));
        assertThat(produce(successor, tp, producerId, epoch, 0)).as("an older one of the last five")
                .isEqualTo(answer(Errors.NONE, 0));
        assertThat(produce(successor, tp, producerId, epoch, 20)).as("a batch after a gap in the sequence")
                .extracting(PartitionAnswer::error).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(produce(successor, tp, producerId, epoch, 10)).as("the next batch")
                .isEqualTo(answer(Errors.NONE, 10));

        cluster().start(leader);
        electPreferredLeaders(topic);
        int preferred = preferredReplica(topic, 0);
        assertThat(preferred).as("the killed leader was the preferred one of %s", tp).isEqualTo(leader);
        assertThat(FaultRun.awaitLeader(cluster(), topic, 0, -1, "a leader of " + tp)).isEqualTo(preferred);
        assertThat(produce(preferred, tp, producerId, epoch, 10)).as("a retry to the preferred leader %d", preferred)
                .isEqualTo(answer(Errors.NONE, 10));
        assertThat(produce(preferred, tp, producerId, epoch, 15)).isEqualTo(answer(Errors.NONE, 15));

        List<String> values = Clients.readFromBeginning(cluster().clients().consumer(Map.of()), List.of(tp)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertThat(values).as("the partition, each batch once").containsExactlyElementsOf(
                IntStream.range(0, 20).mapToObj(i -> "seq-" + i).toList());
    }

    /** A partition's answer to a produce request: its error and the first offset of the batch. */
    record PartitionAnswer(Errors error, long baseOffset) {
    }

    private static PartitionAnswer answer(Errors error, long baseOffset) {
        return new PartitionAnswer(error, baseOffset);
    }

    private static InitProducerIdResponse initProducerId(int broker) throws IOException {
        try (RawConnection c = new RawConnection(cluster().broker(broker).port())) {
            short version = c.version(ApiKeys.INIT_PRODUCER_ID, INIT_PRODUCER_ID_VERSION_CAP);
            return c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(Integer.MAX_VALUE)).build(version));
        }
    }

    /**
     * Sends, with acks=all, the batch of five records with sequences {@code firstSequence..+4} (values "seq-n") to
     * broker {@code broker}, as the producer would, retrying while the answer is retriable (a leader still taking
     * over, an ISR still shrinking) exactly as the producer retries the same batch.
     */
    private static PartitionAnswer produce(int broker, TopicPartition tp, long producerId, short epoch,
                                           int firstSequence) {
        SimpleRecord[] records = IntStream.range(firstSequence, firstSequence + 5)
                .mapToObj(i -> new SimpleRecord(("seq-" + i).getBytes(StandardCharsets.UTF_8)))
                .toArray(SimpleRecord[]::new);
        PartitionAnswer[] last = new PartitionAnswer[1];
        await("an answer from broker " + broker + " that is not retriable").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    last[0] = produceOnce(broker, tp, MemoryRecords.withIdempotentRecords(Compression.NONE,
                            producerId, epoch, firstSequence, records));
                    return !(last[0].error().exception() instanceof RetriableException);
                });
        return last[0];
    }

    private static PartitionAnswer produceOnce(int broker, TopicPartition tp, MemoryRecords records)
            throws IOException {
        try (RawConnection c = new RawConnection(cluster().broker(broker).port())) {
            short version = c.version(ApiKeys.PRODUCE, PRODUCE_VERSION_CAP);
            // Within the connection's read timeout, so an acks=all wait always gets its answer.
            ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5_000)
                    .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                            new ProduceRequestData.TopicProduceData().setName(tp.topic()).setPartitionData(List.of(
                                    new ProduceRequestData.PartitionProduceData().setIndex(tp.partition())
                                            .setRecords(records)))).iterator()));
            ProduceResponse response = c.call(new ProduceRequest.Builder(version, version, data).build(version));
            PartitionProduceResponse p = response.data().responses().iterator().next().partitionResponses().get(0);
            return new PartitionAnswer(Errors.forCode(p.errorCode()), p.baseOffset());
        }
    }
}
