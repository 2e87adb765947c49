package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/** Helpers shared by the consumer-group tests. Stateless. */
final class Groups {
    /**
     * Broker settings for group tests: the first rebalance of a new group starts at once instead of waiting Kafka's
     * default 3 s for more members, which would only slow the tests down.
     */
    static final Map<String, String> BROKER_CONFIG = Map.of("group.initial.rebalance.delay.ms", "0");
    /**
     * How long a group may take to settle after a member joins or leaves: a rebalance needs every member's next
     * heartbeat (1 s apart) and a JoinGroup/SyncGroup round, twice for the cooperative protocol.
     */
    static final Duration REBALANCE = Duration.ofSeconds(30);

    private Groups() {
    }

    static <T> T get(KafkaFuture<T> f) throws Exception {
        return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Set<TopicPartition> partitions(String topic, int count) {
        Set<TopicPartition> out = new HashSet<>();
        for (int p = 0; p < count; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    /**
     * Waits until {@code members} split {@code all} evenly between them: each owns {@code all.size() /
     * members.size()} partitions and no partition is owned twice or not at all.
     */
    static void awaitEvenSplit(List<MemberState> members, Set<TopicPartition> all) {
        int share = all.size() / members.size();
        await("an even split of " + all.size() + " partitions between " + members.size() + " members")
                .atMost(REBALANCE)
                .failFast("a member's poll loop failed", () -> members.stream().anyMatch(m -> !m.failures().isEmpty()))
                .untilAsserted(() -> {
                    List<TopicPartition> owned = new ArrayList<>();
                    for (MemberState m : members) {
                        assertThat(m.assignment()).as("%s", m).hasSize(share);
                        owned.addAll(m.assignment());
                    }
                    assertThat(owned).as("%s", members).containsExactlyInAnyOrderElementsOf(all);
                });
    }

    /** The group's committed offsets as the broker reports them: partition → offset. */
    static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets.forEach((tp, o) -> {
            if (o != null) {
                out.put(tp, o.offset());
            }
        });
        return out;
    }

    static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
    }

    /** The ids of the consumer groups the broker lists, with {@code options}' filter. */
    static Set<String> list(Admin admin, ListGroupsOptions options) throws Exception {
        return get(admin.listGroups(options).all()).stream().map(GroupListing::groupId).collect(Collectors.toSet());
    }

    /**
     * Subscribes {@code consumer} to {@code topic} and polls (discarding records) until it owns
     * {@code expectedPartitions} partitions, so that it is a member of a stable group. The poll runs on this thread:
     * a consumer must not be used from two.
     */
    static void joinAndAwaitAssignment(KafkaConsumer<byte[], byte[]> consumer, String topic, int expectedPartitions) {
        consumer.subscribe(List.of(topic));
        await("assignment of " + expectedPartitions + " partitions of " + topic).atMost(REBALANCE)
                .pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> {
                    consumer.poll(Duration.ofMillis(100));
                    return consumer.assignment().size() == expectedPartitions;
                });
    }
}
