package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DescribeTopicPartitions, which the AdminClient and kafka-topics 4.x use to describe topics: with a broker that
 * answers at most two partitions per response, the client pages through every partition of every topic.
 */
class DescribeTopicPartitionsIT {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("max.request.partition.size.limit", "2"));
        admin = broker.adminClient();
        Clients.createTopic(admin, "five", 5);
        Clients.createTopic(admin, "three", 3);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theAdminClientPagesThroughEveryPartition() throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(List.of("five", "three")).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(described.get("five").partitions()).extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(described.get("three").partitions()).extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2);
        assertThat(described.get("five").partitions()).allSatisfy(p -> {
            assertThat(p.leader().id()).isEqualTo(0);
            assertThat(p.isr()).extracting(n -> n.id()).containsExactly(0);
        });
        assertThat(described.get("five").topicId()).isNotNull();
    }
}
