package io.samsa.it;

import static io.samsa.it.Groups.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's own {@code kafka-consumer-groups} tool ({@link ConsumerGroupCommand}, run in this JVM through its main)
 * against a Samsa broker: list, describe with lag, reset offsets, delete offsets and delete groups.
 *
 * <p>The tool reports most failures by printing {@code Error: …} and returning normally, so every call here checks
 * its output for that as well as its exit status.
 */
class ConsumerGroupCommandIT {
    private static final String TOPIC = "cgc";
    private static final String OTHER_TOPIC = "cgc-other";
    private static final int PARTITIONS = 3;
    private static final int RECORDS_PER_PARTITION = 10;
    /** Record i of every partition has the timestamp {@code FIRST_TIMESTAMP + i minutes}. */
    private static final Instant FIRST_TIMESTAMP = Instant.now().minus(1, ChronoUnit.DAYS)
            .truncatedTo(ChronoUnit.MINUTES);

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), Groups.BROKER_CONFIG);
        admin = broker.adminClient();
        Clients.createTopic(admin, TOPIC, PARTITIONS);
        Clients.createTopic(admin, OTHER_TOPIC, 1);
        KafkaProducer<byte[], byte[]> producer = broker.producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, p,
                        FIRST_TIMESTAMP.plus(i, ChronoUnit.MINUTES).toEpochMilli(),
                        ("k" + i).getBytes(StandardCharsets.UTF_8), (byte[]) null)));
            }
        }
        acks.add(producer.send(new ProducerRecord<>(OTHER_TOPIC, 0, (byte[]) null, (byte[]) null)));
        producer.flush();
        for (Future<RecordMetadata> a : acks) {
            a.get();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Runs kafka-consumer-groups with {@code args}; fails if it exits non-zero or prints an error. */
    private static String consumerGroups(String... args) throws Exception {
        CliTools.Result r = run(args);
        assertThat(r.status()).as("kafka-consumer-groups %s\n%s", Arrays.toString(args), r).isZero();
        assertThat(r.out()).as("kafka-consumer-groups %s\n%s", Arrays.toString(args), r).doesNotContain("Error:");
        return r.out();
    }

    private static CliTools.Result run(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliTools.runInProcess(ConsumerGroupCommand.class, all);
    }

    /** The table rows of {@code out} that belong to {@code group}, split into columns. */
    private static List<String[]> rows(String out, String group) {
        return out.lines().map(String::strip).filter(l -> l.startsWith(group + " "))
                .map(l -> l.split("\\s+")).toList();
    }

    private static TopicPartition tp(int partition) {
        return new TopicPartition(TOPIC, partition);
    }

    private static void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
        offsets.forEach((tp, o) -> m.put(tp, new OffsetAndMetadata(o)));
        get(admin.alterConsumerGroupOffsets(group, m).all());
    }

    @Test
    void listAndDescribeShowAnActiveGroupWithItsOffsetsAndLag() throws Exception {
        String group = "cgc-describe";
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(GroupMember.config(broker.bootstrap(),
                group, "cgc-describe-client", Map.of()))) {
            Groups.joinAndAwaitAssignment(consumer, TOPIC, PARTITIONS);
            consumer.commitSync(Map.of(
                    tp(0), new OffsetAndMetadata(10),
                    tp(1), new OffsetAndMetadata(7),
                    tp(2), new OffsetAndMetadata(3)));

            assertThat(consumerGroups("--list").lines().map(String::strip)).contains(group);
            assertThat(rows(consumerGroups("--list", "--state", "Stable"), group)).hasSize(1);
            assertThat(rows(consumerGroups("--list", "--state", "Empty"), group)).isEmpty();

            String described = consumerGroups("--describe", "--group", group);
            assertThat(described).containsPattern(
                    "GROUP\\s+TOPIC\\s+PARTITION\\s+CURRENT-OFFSET\\s+LOG-END-OFFSET\\s+LAG\\s+CONSUMER-ID\\s+HOST"
                            + "\\s+CLIENT-ID");
            String memberId = consumer.groupMetadata().memberId();
            Map<String, List<String>> byPartition = new HashMap<>();
            for (String[] row : rows(described, group)) {
                byPartition.put(row[2], List.of(row).subList(1, row.length));
            }
            assertThat(byPartition).as(described).containsOnly(
                    Map.entry("0", List.of(TOPIC, "0", "10", "10", "0", memberId, "/127.0.0.1", "cgc-describe-client")),
                    Map.entry("1", List.of(TOPIC, "1", "7", "10", "3", memberId, "/127.0.0.1", "cgc-describe-client")),
                    Map.entry("2", List.of(TOPIC, "2", "3", "10", "7", memberId, "/127.0.0.1",
                            "cgc-describe-client")));

            List<String[]> state = rows(consumerGroups("--describe", "--group", group, "--state"), group);
            assertThat(state).hasSize(1);
            assertThat(state.get(0)).as("GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS")
                    .containsExactly(group, broker.bootstrap(), "(0)", "range", "Stable", "1");

            List<String[]> members = rows(consumerGroups("--describe", "--group", group, "--members"), group);
            assertThat(members).hasSize(1);
            assertThat(members.get(0)).as("GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS")
                    .containsExactly(group, memberId, "/127.0.0.1", "cgc-describe-client", "3");

            CliTools.Result reset = run("--reset-offsets", "--group", group, "--topic", TOPIC, "--to-earliest",
                    "--execute");
            assertThat(reset.out()).as("resetting an active group").contains("Assignments can only be reset if the "
                    + "group '" + group + "' is inactive, but the current state is Stable.");
            assertThat(Groups.committed(admin, group)).containsEntry(tp(1), 7L);
        }
        // Once the member has left, the partitions stay listed with their offsets but without a consumer.
        CliTools.Result empty = run("--describe", "--group", group);
        assertThat(empty.err()).contains("Consumer group '" + group + "' has no active members.");
        assertThat(rows(empty.out(), group)).extracting(r -> r[6]).containsOnly("-");
    }

    @Test
    void resetOffsetsToEarliestLatestDatetimeAndShiftBy() throws Exception {
        String group = "cgc-reset";
        commit(group, Map.of(tp(0), 5L, tp(1), 5L, tp(2), 5L));

        String dryRun = consumerGroups("--reset-offsets", "--group", group, "--topic", TOPIC, "--to-earliest",
                "--dry-run");
        assertThat(rows(dryRun, group)).extracting(r -> r[3]).containsOnly("0");
        assertThat(Groups.committed(admin, group)).as("after a dry run").containsEntry(tp(0), 5L);

        String earliest = consumerGroups("--reset-offsets", "--group", group, "--topic", TOPIC, "--to-earliest",
                "--execute");
        assertThat(earliest).containsPattern("GROUP\\s+TOPIC\\s+PARTITION\\s+NEW-OFFSET");
        assertThat(rows(earliest, group)).hasSize(PARTITIONS);
        assertThat(Groups.committed(admin, group)).isEqualTo(Map.of(tp(0), 0L, tp(1), 0L, tp(2), 0L));

        consumerGroups("--reset-offsets", "--group", group, "--topic", TOPIC, "--to-latest", "--execute");
        assertThat(Groups.committed(admin, group)).isEqualTo(Map.of(tp(0), 10L, tp(1), 10L, tp(2), 10L));

        consumerGroups("--reset-offsets", "--group", group, "--topic", TOPIC + ":1", "--shift-by", "-3", "--execute");
        assertThat(Groups.committed(admin, group)).isEqualTo(Map.of(tp(0), 10L, tp(1), 7L, tp(2), 10L));

        // Half a minute after record 4: the first record at or after that time is record 5.
        String datetime = FIRST_TIMESTAMP.plus(4, ChronoUnit.MINUTES).plusSeconds(30).toString()
                .replace("Z", ".000Z");
        consumerGroups("--reset-offsets", "--group", group, "--topic", TOPIC, "--to-datetime", datetime,
                "--execute");
        assertThat(Groups.committed(admin, group)).isEqualTo(Map.of(tp(0), 5L, tp(1), 5L, tp(2), 5L));
    }

    @Test
    void deleteOffsetsOfATopicThenTheGroup() throws Exception {
        String group = "cgc-delete";
        TopicPartition other = new TopicPartition(OTHER_TOPIC, 0);
        commit(group, Map.of(tp(0), 2L, tp(1), 2L, tp(2), 2L, other, 1L));

        String deleted = consumerGroups("--delete-offsets", "--group", group, "--topic", TOPIC);
        assertThat(deleted).contains("Request succeeded for deleting offsets from group " + group + ".");
        assertThat(deleted.lines().map(String::strip).filter(l -> l.startsWith(TOPIC + " ")))
                .hasSize(PARTITIONS).allSatisfy(l -> assertThat(l).endsWith("Successful"));
        assertThat(Groups.committed(admin, group)).isEqualTo(Map.of(other, 1L));

        assertThat(consumerGroups("--delete", "--group", group))
                .contains("Deletion of requested consumer groups ('" + group + "') was successful.");
        assertThat(consumerGroups("--list").lines().map(String::strip)).doesNotContain(group);
        assertThat(Groups.committed(admin, group)).isEmpty();
    }

    @Test
    void deletingAGroupWithMembersFails() throws Exception {
        String group = "cgc-delete-active";
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(GroupMember.config(broker.bootstrap(),
                group, "cgc-delete-active", Map.of()))) {
            Groups.joinAndAwaitAssignment(consumer, TOPIC, PARTITIONS);

            CliTools.Result r = run("--delete", "--group", group);
            assertThat(r.out()).contains("Deletion of some consumer groups failed:")
                    .contains("* Group '" + group + "' could not be deleted due to: "
                            + "org.apache.kafka.common.errors.GroupNotEmptyException");
            assertThat(consumerGroups("--list").lines().map(String::strip)).contains(group);
        }
    }
}
