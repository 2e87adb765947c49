package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, point 2: a broker that takes one million offset commits keeps {@code __consumer_offsets} bounded by the
 * live groups and partitions, not by the number of commits, and every group's last commit survives the cleaning
 * and a restart. The size is the one {@code kafka-log-dirs} shows (DescribeLogDirs).
 */
class OffsetsTopicCompactionIT {
    private static final String TOPIC = "committed";
    private static final int PARTITIONS = 100;
    private static final int GROUPS = 10;
    /** Commit rounds per group; each commits all partitions: 10 groups × 1,000 rounds × 100 = 1,000,000 commits. */
    private static final int ROUNDS = 1000;
    private static final int SEGMENT_BYTES = 1024 * 1024;
    /**
     * The bound on the offsets partition after cleaning: its active segment (at most one segment) plus the cleaned
     * 1,000 live keys (tens of KiB) plus at most as much dirty data as clean data (dirty ratio 0.5) in rolled
     * segments. One million commit records take about 50 MiB uncleaned.
     */
    private static final long BOUND_BYTES = 3L * SEGMENT_BYTES;
    private static final Duration MAX_COMMITTING = Duration.ofMinutes(5);

    @TempDir
    java.nio.file.Path dir;

    @Test
    void aMillionCommitsLeaveTheOffsetsTopicBoundedByItsLiveKeys() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of(
                "offsets.topic.num.partitions", "1",
                "offsets.topic.segment.bytes", String.valueOf(SEGMENT_BYTES),
                "log.cleaner.backoff.ms", "100"))) {
            Admin admin = broker.adminClient();
            Clients.createTopic(admin, TOPIC, PARTITIONS);
            List<KafkaConsumer<byte[], byte[]>> groups = new ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                groups.add(broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "group-" + g)));
            }

            long deadline = System.nanoTime() + MAX_COMMITTING.toNanos();
            for (int round = 1; round <= ROUNDS; round++) {
                assertThat(System.nanoTime()).as("committing within %s", MAX_COMMITTING).isLessThan(deadline);
                for (int g = 0; g < GROUPS; g++) {
                    groups.get(g).commitSync(offsets(g, round), TIMEOUT);
                }
            }

            TopicPartition offsetsPartition = new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, 0);
            long commitRecords = broker.consumer().endOffsets(Set.of(offsetsPartition), TIMEOUT)
                    .get(offsetsPartition);
            assertThat(commitRecords).as("records in the offsets topic").isGreaterThanOrEqualTo(
                    (long) GROUPS * ROUNDS * PARTITIONS);
            await("offsets topic compacted to its live keys").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> size(admin, offsetsPartition) <= BOUND_BYTES);

            assertLastCommits(groups);
            System.out.printf("OffsetsTopicCompactionIT: %,d commit records in __consumer_offsets-0, %,d bytes "
                    + "after cleaning (DescribeLogDirs)%n", commitRecords, size(admin, offsetsPartition));
            broker.restart();
            assertThat(size(admin, offsetsPartition)).isLessThanOrEqualTo(BOUND_BYTES);
            assertLastCommits(groups);
        }
    }

    /** Group {@code g}'s offsets in {@code round}: distinct per group, partition and round. */
    private static Map<TopicPartition, OffsetAndMetadata> offsets(int g, int round) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            offsets.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata((long) round * 1000 + g * 100 + p));
        }
        return offsets;
    }

    private static void assertLastCommits(List<KafkaConsumer<byte[], byte[]>> groups) {
        for (int g = 0; g < GROUPS; g++) {
            Map<TopicPartition, OffsetAndMetadata> expected = offsets(g, ROUNDS);
            assertThat(groups.get(g).committed(expected.keySet(), TIMEOUT)).as("group-%d's last commits", g)
                    .isEqualTo(expected);
        }
    }

    /** The partition's size as DescribeLogDirs reports it (what {@code kafka-log-dirs} prints). */
    private static long size(Admin admin, TopicPartition tp) throws Exception {
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(0)).allDescriptions()
                .get();
        long size = 0;
        for (LogDirDescription d : dirs.get(0).values()) {
            ReplicaInfo info = d.replicaInfos().get(tp);
            size += info == null ? 0 : info.size();
        }
        return size;
    }
}
