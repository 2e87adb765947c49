package io.samsa.it;

import static io.samsa.it.Groups.REBALANCE;
import static io.samsa.it.Groups.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members of one group (classic protocol) share a 6-partition topic while records keep arriving. One member
 * runs in a process of its own and is killed with SIGKILL: the broker notices when its session times out and gives
 * its partitions to the other two; started again, it gets its share back. Every member commits synchronously after
 * processing, so no record may be skipped, and a record may come twice only if the member that had it died (or lost
 * it) before committing it.
 */
class GroupMembershipIT {
    private static final String TOPIC = "membership";
    private static final String GROUP = "membership-group";
    private static final int PARTITIONS = 6;

    @TempDir
    Path dir;

    @Test
    void aKilledMembersPartitionsMoveToTheOthersAndBackWithoutSkippingARecord() throws Exception {
        Set<TopicPartition> all = Groups.partitions(TOPIC, PARTITIONS);
        DeliveryLog log = new DeliveryLog();
        MemberState a = new MemberState("a", log);
        MemberState b = new MemberState("b", log);
        MemberState killed = new MemberState("c (killed)", log);
        MemberState restarted = new MemberState("c (restarted)", log);
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), Groups.BROKER_CONFIG)) {
            Admin admin = broker.adminClient();
            Clients.createTopic(admin, TOPIC, PARTITIONS);
            Map<String, Object> range = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    RangeAssignor.class.getName());
            try (SteadyProducer producer = new SteadyProducer(broker.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG,
                         5)), TOPIC, PARTITIONS);
                 GroupMember memberA = new GroupMember("a", GroupMember.config(broker.bootstrap(), GROUP, "a", range),
                         List.of(TOPIC), a);
                 GroupMember memberB = new GroupMember("b", GroupMember.config(broker.bootstrap(), GROUP, "b", range),
                         List.of(TOPIC), b);
                 GroupMemberProcess memberC = new GroupMemberProcess(dir.resolve("members"), broker.bootstrap(), GROUP,
                         "c", TOPIC, Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                         RangeAssignor.class.getName()))) {
                producer.start();
                memberA.start();
                memberB.start();
                memberC.start(killed);
                Groups.awaitEvenSplit(List.of(a, b, killed), all);
                // c is killed in the middle of its work: polling, processing and committing records.
                await("c has processed records").atMost(REBALANCE).until(() -> killed.delivered() >= 50);

                memberC.kill();
                long killedAt = System.nanoTime();
                // Nothing tells the broker but the silence: the survivors take over once c's session times out,
                // counted from c's last heartbeat (at most one heartbeat interval before the kill).
                Groups.awaitEvenSplit(List.of(a, b), all);
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("time until the survivors took over")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(GroupMember.SESSION_TIMEOUT_MS
                                - GroupMember.HEARTBEAT_INTERVAL_MS - 1000));

                memberC.start(restarted);
                Groups.awaitEvenSplit(List.of(a, b, restarted), all);
                await("the restarted c has processed records").atMost(REBALANCE)
                        .until(() -> restarted.delivered() >= 50);

                producer.stop();
                assertThat(producer.failure()).as("producer error").isNull();
                Map<TopicPartition, Map<Long, String>> acked = producer.acked();
                assertThat(producer.ackedKeys()).as("acknowledged records").hasSize(producer.sent());
                Map<TopicPartition, Long> end = endOffsets(admin, all);
                try {
                    // Checked until the members have caught up: no record skipped, every redelivery explained.
                    await("every acknowledged record delivered").atMost(REBALANCE)
                            .untilAsserted(() -> log.assertAtLeastOnce(acked));
                    await("the group's committed offsets reach the end of the log").atMost(REBALANCE)
                            .untilAsserted(() -> assertThat(Groups.committed(admin, GROUP)).isEqualTo(end));
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("members: " + List.of(a, b, killed, restarted) + "\nend offsets: " + end
                            + "\ncommitted: " + Groups.committed(admin, GROUP) + "\n" + describe(admin), e);
                }
                for (MemberState m : List.of(a, b, killed, restarted)) {
                    assertThat(m.failures()).as("%s", m).isEmpty();
                }
            }
        }
    }

    private static String describe(Admin admin) {
        try {
            return Groups.describe(admin, GROUP).toString();
        } catch (Exception e) {
            return "(cannot describe the group: " + e + ")";
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        get(admin.listOffsets(latest).all()).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
