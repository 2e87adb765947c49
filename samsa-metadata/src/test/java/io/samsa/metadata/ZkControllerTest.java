package io.samsa.metadata;

import static io.samsa.metadata.ZkTestSupport.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.common.ExecutorScheduler;
import io.samsa.metadata.controller.ControlledShutdownClient;
import io.samsa.metadata.controller.Controller;
import io.samsa.metadata.controller.ControllerConfig;
import io.samsa.metadata.controller.ElectionConfigs;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/** The controller on real ZooKeeper: election and failover between two stores, controlled shutdown end to end. */
class ZkControllerTest extends SharedZooKeeperTest {

    /** A broker's metadata side: its store, registration and controller. */
    private record Node(ZkMetadataStore store, BrokerRegistration registration, Controller controller) {
    }

    private Node node(int id) {
        ZkMetadataStore store = ZkTestSupport.startStore(connect);
        toClose.add(store);
        BrokerRegistration registration = store.registerBroker(
            new BrokerRegistration(id, "h" + id, 9092, null).withCleanStart(true));
        ExecutorScheduler scheduler = new ExecutorScheduler(1);
        Controller controller = Controller.create(ControllerConfig.defaults(id), store.controllerStore(),
            ElectionConfigs.of(store::topicConfig, 1, false), scheduler);
        toClose.add(0, scheduler);
        toClose.add(0, controller); // closed before its store
        controller.start();
        return new Node(store, registration, controller);
    }

    private static void createTopic(MetadataStore store, String name, Map<Integer, List<Integer>> assignment) {
        Map<Integer, PartitionState> states = new java.util.HashMap<>();
        assignment.forEach((p, r) -> states.put(p, new PartitionState(r.get(0), 0, r, 0)));
        store.createTopic(new TopicMetadata(name, Uuid.randomUuid(), TopicMetadata.sorted(assignment)), states,
            Map.of());
    }

    @Test
    void theControllerFailsOverWhenItsSessionExpiresAndLeadershipMovesOffTheBouncedBroker() throws Exception {
        Node a = node(1);
        Node b = node(2);
        awaitTrue(() -> a.controller().isActive() ^ b.controller().isActive());
        Node active = a.controller().isActive() ? a : b;
        Node standby = active == a ? b : a;
        int activeId = active.registration().brokerId();
        createTopic(active.store(), "t", Map.of(0, List.of(activeId, standby.registration().brokerId())));

        ZkTestSupport.expireSession(active.store().curator(), zk.connectString());

        awaitTrue(() -> standby.controller().isActive() && standby.controller().activeEpoch() == 2);
        awaitTrue(() -> !active.controller().isActive());
        // The expired broker re-registered with a new epoch: a bounce. Its leadership moved, with a new epoch.
        awaitTrue(() -> {
            PartitionState state = standby.store().partitionStates("t").get(0);
            return state.leader() == standby.registration().brokerId() && state.leaderEpoch() == 1
                && state.controllerEpoch() == 2;
        });
        assertThat(ZkTestSupport.readJson(raw, chroot + "/controller").get("brokerid").asInt())
            .isEqualTo(standby.registration().brokerId());
    }

    @Test
    void aStoppingBrokerWaitsWhileTheControllerMovesItsLeadershipsAway() {
        Node a = node(1);
        Node b = node(2);
        awaitTrue(() -> a.controller().isActive() || b.controller().isActive());
        createTopic(a.store(), "moving", Map.of(0, List.of(1, 2), 1, List.of(2, 1), 2, List.of(1)));
        awaitTrue(() -> b.store().partitionStates("moving").size() == 3);

        ControlledShutdownClient.Outcome outcome = new ControlledShutdownClient(a.store(), Time.SYSTEM)
            .requestAndAwait(1, a.registration().epoch(), 15_000);

        assertThat(outcome.completed()).isTrue();
        assertThat(outcome.stillLeads()).containsExactly(new TopicPartition("moving", 2));
        assertThat(a.store().partitionStates("moving").get(0).leader()).isEqualTo(2);
        assertThat(a.store().partitionStates("moving").get(1).isr()).containsExactly(2);
    }
}
