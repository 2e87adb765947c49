package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.delivery.DeliveryChecker;
import io.samsa.testkit.delivery.DeliveryReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two of a partition's three replicas stopped (issue 9, point 3): once the leader has shrunk the ISR to itself,
 * below min.insync.replicas 2, an acks=all send fails with NOT_ENOUGH_REPLICAS, while acks=1 keeps working. When the
 * two come back and rejoin the ISR, acks=all works again, and every record acknowledged either way is still there.
 */
@Tag(FaultSuite.FAULT)
@Tag(FaultSuite.ISR_WRITES)
class MinInsyncReplicasFaultIT {
    private static final int RECORDS = 200;
    private static final int MAX_ROUNDS = 1000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private FaultRun run;

    @RegisterExtension
    final ClusterLogsOnFailure logs = new ClusterLogsOnFailure(() -> run == null ? null : run.cluster);

    @AfterEach
    void stop() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void belowMinInsyncAcksAllIsRefusedAndAcksOneWorks() throws Exception {
        run = FaultRun.start(dir, "min-isr");
        stopFollowersProbeAndRestart(0);
        assertClean(FaultSuite.check(run.cluster, run.checker, run.topic));
    }

    @Test
    @Tag(FaultSuite.LONG)
    void belowMinInsyncAgainAndAgain() throws Exception {
        Duration duration = FaultSuite.longDuration();
        run = FaultRun.start(dir, "min-isr-rounds");
        Instant end = Instant.now().plus(duration);
        int rounds = 0;
        while (rounds < MAX_ROUNDS && Instant.now().isBefore(end)) {
            stopFollowersProbeAndRestart(rounds % FaultSuite.PARTITIONS);
            rounds++;
        }
        assertClean(FaultSuite.check(run.cluster, run.checker, run.topic));
    }

    /**
     * One round on {@code partition}: stop both followers; acks=all is refused with NOT_ENOUGH_REPLICAS; acks=1 is
     * acknowledged; the followers come back and rejoin the ISR; acks=all is acknowledged again.
     */
    private void stopFollowersProbeAndRestart(int partition) throws Exception {
        int leader = run.leaderOf(partition);
        List<Integer> followers = new ArrayList<>();
        for (int b = 0; b < run.cluster.size(); b++) {
            if (b != leader) {
                followers.add(b);
                run.cluster.stop(b);
            }
        }
        // No retries: the first answer is the one a user would see. Not idempotent, which needs retries.
        KafkaProducer<byte[], byte[]> acksAll = FaultSuite.producer(run.cluster, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1));
        await("acks=all refused with NOT_ENOUGH_REPLICAS").atMost(FaultSuite.TIMEOUT)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(catchThrowable(() -> send(acksAll, partition).get(30, TimeUnit.SECONDS)))
                                .hasCauseInstanceOf(NotEnoughReplicasException.class));
        // KIP-966: the follower whose exit took the ISR below the minimum is an eligible leader replica, and
        // kafka-topics --describe shows it (it was always blank).
        int lastToLeave = followers.get(followers.size() - 1);
        await("the ELR shown").atMost(FaultSuite.TIMEOUT).untilAsserted(() -> assertThat(run.admin
                .describeTopics(List.of(run.topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(run.topic)
                .partitions().get(partition).elr()).extracting(Node::id).containsExactly(lastToLeave));

        KafkaProducer<byte[], byte[]> acksOne = FaultSuite.producer(run.cluster, Map.of(
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
        sendAll(acksOne, partition, "acks=1 with one replica in sync");

        for (int b : followers) {
            run.cluster.start(b);
        }
        for (int b : followers) {
            run.awaitInSync(b);
        }
        KafkaProducer<byte[], byte[]> idempotent = FaultSuite.producer(run.cluster, Map.of());
        sendAll(idempotent, partition, "acks=all with the ISR whole again");
        // A long form makes three producers a round; the cluster would otherwise close them all only at the end.
        for (KafkaProducer<byte[], byte[]> p : List.of(acksAll, acksOne, idempotent)) {
            p.close(Duration.ofSeconds(5));
        }
    }

    /** Sends one record to {@code partition}; its acknowledgement or failure goes to the checker. */
    private Future<RecordMetadata> send(KafkaProducer<byte[], byte[]> producer, int partition) {
        long seq = run.checker.nextSequence();
        return producer.send(new ProducerRecord<>(run.topic, partition, null,
                DeliveryChecker.value(seq, FaultSuite.VALUE_SIZE)), (m, e) -> {
                    if (e == null) {
                        run.checker.acknowledged(seq, new TopicPartition(m.topic(), m.partition()), m.offset());
                    } else {
                        run.checker.failed(seq, e);
                    }
                });
    }

    private void sendAll(KafkaProducer<byte[], byte[]> producer, int partition, String what) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            sent.add(send(producer, partition));
        }
        for (Future<RecordMetadata> f : sent) {
            assertThat(f.get(FaultSuite.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as(what).isNotNull();
        }
    }

    /** Refused acks=all sends may or may not be in the log; every acknowledged one must be. */
    private void assertClean(DeliveryReport report) {
        FaultSuite.assertDelivered(run.topic, report, 2 * RECORDS);
    }
}
