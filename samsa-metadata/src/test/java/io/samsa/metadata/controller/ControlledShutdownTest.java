package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.metadata.ControlledShutdownRequest;
import io.samsa.metadata.PartitionState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Controlled shutdown: the controller moves leadership off the stopping broker; the broker waits for it. */
class ControlledShutdownTest {
    private final SimCluster cluster = new SimCluster(1);

    @Test
    void theControllerMovesLeadersAwayAndTakesTheBrokerOutOfIsrsThatKeepAMember() {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("t", Map.of(0, List.of(1, 2, 3), 1, List.of(2, 1, 3), 2, List.of(1)), Map.of());
        SimCluster.Broker stopping = cluster.brokers.get(1);
        stopping.store.requestControlledShutdown(1, stopping.registration.epoch());
        cluster.run();

        PartitionState led = cluster.state("t", 0);
        assertThat(led.leader()).isEqualTo(2);
        assertThat(led.isr()).containsExactly(2, 3);
        assertThat(cluster.state("t", 1).isr()).containsExactly(2, 3);
        assertThat(cluster.state("t", 2).leader()).as("no other replica: it keeps leading").isEqualTo(1);
        ControlledShutdownRequest answer = cluster.admin.controlledShutdownRequests().get(1);
        assertThat(answer.status()).isEqualTo(ControlledShutdownRequest.Status.DONE);
        assertThat(answer.remainingLeaders()).isEqualTo(1);

        // No election picks a stopping broker.
        cluster.crash(2);
        cluster.run();
        assertThat(cluster.state("t", 0).leader()).isEqualTo(3);
    }

    @Test
    void theStoppingBrokerWaitsUntilItLeadsNothingMovable() throws Exception {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("t", Map.of(0, List.of(1, 2), 1, List.of(1)), Map.of());
        SimCluster.Broker stopping = cluster.brokers.get(1);
        MockTime time = new MockTime();
        ControlledShutdownClient client = new ControlledShutdownClient(stopping.store, time);

        CompletableFuture<ControlledShutdownClient.Outcome> outcome = CompletableFuture.supplyAsync(
            () -> client.requestAndAwait(1, stopping.registration.epoch(), 15_000));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            cluster.run();
            return outcome.isDone();
        });
        assertThat(outcome.join().completed()).isTrue();
        assertThat(outcome.join().stillLeads()).containsExactly(new TopicPartition("t", 1));
        assertThat(cluster.state("t", 0).leader()).isEqualTo(2);
    }

    @Test
    void withoutAControllerTheWaitEndsAtItsBound() throws Exception {
        cluster.startAll(1);
        cluster.createTopic("t", Map.of(0, List.of(1)), Map.of());
        cluster.active().controller.close(); // nobody answers from here on
        cluster.run();
        SimCluster.Broker stopping = cluster.brokers.get(1);
        MockTime time = new MockTime();
        ControlledShutdownClient client = new ControlledShutdownClient(stopping.store, time);
        CompletableFuture<ControlledShutdownClient.Outcome> outcome = CompletableFuture.supplyAsync(
            () -> client.requestAndAwait(1, stopping.registration.epoch(), 15_000));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            cluster.run();
            time.sleep(1_000);
            return outcome.isDone();
        });
        assertThat(outcome.join().completed()).isFalse();
        assertThat(outcome.join().stillLeads()).containsExactly(new TopicPartition("t", 0));
    }
}
