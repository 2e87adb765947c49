package io.samsa.metadata;

import static io.samsa.metadata.ZkTestSupport.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** The ZooKeeper {@link ControllerStore}: election, epoch fencing, conditional state writes, events. */
class ZkControllerStoreTest extends SharedZooKeeperTest {
    private static final Executor DIRECT = Runnable::run;

    private ZkMetadataStore store() {
        ZkMetadataStore store = ZkTestSupport.startStore(connect);
        toClose.add(store);
        return store;
    }

    private static TopicMetadata createTopic(MetadataStore store, String name, int partitions) {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        Map<Integer, PartitionState> states = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            assignment.put(p, List.of(1, 2, 3));
            states.put(p, new PartitionState(1, 0, List.of(1, 2, 3), 0));
        }
        TopicMetadata topic = new TopicMetadata(name, Uuid.randomUuid(), TopicMetadata.sorted(assignment));
        store.createTopic(topic, states, Map.of());
        return topic;
    }

    @Test
    void oneOfTwoStoresWinsTheElectionAndTheOtherTakesOverWhenItResigns() throws Exception {
        ZkMetadataStore a = store();
        ZkMetadataStore b = store();
        Optional<ControllerEpoch> won = a.controllerStore().tryBecomeController(1);
        assertThat(won).contains(new ControllerEpoch(1, 1));
        assertThat(b.controllerStore().tryBecomeController(2)).isEmpty();
        assertThat(a.controllerStore().holdsController(1)).isTrue();
        assertThat(b.controllerStore().holdsController(2)).isFalse();
        assertThat(a.controllerId()).hasValue(1);
        awaitTrue(() -> b.controllerId().orElse(-1) == 1);

        JsonNode controller = ZkTestSupport.readJson(raw, chroot + "/controller");
        assertThat(controller.get("version").asInt()).isEqualTo(1);
        assertThat(controller.get("brokerid").asInt()).isEqualTo(1);
        assertThat(controller.get("timestamp").isTextual()).isTrue();
        assertThat(raw.checkExists().forPath(chroot + "/controller").getEphemeralOwner())
            .isEqualTo(ZkTestSupport.sessionId(a.curator()));

        b.controllerStore().resign(2); // not the holder: nothing happens
        assertThat(raw.checkExists().forPath(chroot + "/controller")).isNotNull();
        a.controllerStore().resign(1);
        assertThat(a.controllerId()).isEmpty();
        assertThat(b.controllerStore().tryBecomeController(2)).contains(new ControllerEpoch(2, 2));
        assertThat(new String(raw.getData().forPath(chroot + "/controller_epoch"), StandardCharsets.UTF_8))
            .isEqualTo("2");
    }

    @Test
    void theControllerZnodeGoesWithItsSessionAndTheOtherStoreHearsIt() throws Exception {
        ZkMetadataStore a = store();
        ZkMetadataStore b = store();
        List<String> events = new CopyOnWriteArrayList<>();
        b.controllerStore().setListener(new RecordingListener(events), DIRECT);
        List<String> aEvents = new CopyOnWriteArrayList<>();
        a.controllerStore().setListener(new RecordingListener(aEvents), DIRECT);
        a.controllerStore().tryBecomeController(1).orElseThrow();
        awaitTrue(() -> b.controllerId().isPresent());

        ZkTestSupport.expireSession(a.curator(), zk.connectString());
        awaitTrue(() -> b.controllerId().isEmpty());
        assertThat(events).contains("controller");
        awaitTrue(() -> aEvents.contains("session LOST"));
        assertThat(b.controllerStore().tryBecomeController(2)).contains(new ControllerEpoch(2, 2));
    }

    @Test
    void aStaleControllerCannotWriteAndConflictsArePerPartition() {
        ZkMetadataStore a = store();
        ZkMetadataStore b = store();
        createTopic(a, "fenced", 3);
        ControllerEpoch epoch1 = a.controllerStore().tryBecomeController(1).orElseThrow();
        Map<Integer, Versioned<PartitionState>> states = a.versionedPartitionStates("fenced");
        assertThat(states.get(0).version()).isZero();

        // A leader changes partition 1's ISR: the controller's write computed from version 0 conflicts there only.
        TopicPartition tp1 = new TopicPartition("fenced", 1);
        assertThat(b.updatePartitionState(tp1, states.get(1).value().withIsr(List.of(1, 2)), 0).isWritten()).isTrue();
        Map<TopicPartition, StateUpdate> updates = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            updates.put(new TopicPartition("fenced", p),
                new StateUpdate(states.get(p).value().withNewLeader(2, epoch1.epoch()), 0));
        }
        Map<TopicPartition, WriteResult<PartitionState>> results =
            a.controllerStore().writePartitionStates(epoch1, updates);
        assertThat(results.get(new TopicPartition("fenced", 0)).outcome()).isEqualTo(WriteResult.Outcome.WRITTEN);
        assertThat(results.get(tp1).outcome()).isEqualTo(WriteResult.Outcome.VERSION_CONFLICT);
        assertThat(results.get(new TopicPartition("fenced", 2)).written().version()).isEqualTo(1);
        assertThat(a.partitionState(new TopicPartition("fenced", 2)).orElseThrow().value().leader())
            .as("the writer reads its own write").isEqualTo(2);
        assertThat(a.controllerStore().readPartitionStates(List.of(tp1)).get(tp1).version()).isEqualTo(1);

        // b becomes controller (a resigned, as after a session loss): a's epoch is stale and writes nothing.
        a.controllerStore().resign(1);
        b.controllerStore().tryBecomeController(2).orElseThrow();
        Versioned<PartitionState> p0 = a.controllerStore().readPartitionStates(
            List.of(new TopicPartition("fenced", 0))).values().iterator().next();
        Map<TopicPartition, WriteResult<PartitionState>> stale = a.controllerStore().writePartitionStates(epoch1,
            Map.of(new TopicPartition("fenced", 0), new StateUpdate(p0.value().withNewLeader(3, 1), p0.version())));
        assertThat(stale.values()).extracting(WriteResult::outcome).containsOnly(WriteResult.Outcome.CONTROLLER_FENCED);
        assertThat(a.controllerStore().readPartitionStates(List.of(new TopicPartition("fenced", 0)))
            .get(new TopicPartition("fenced", 0)).value().leader()).isEqualTo(2);
    }

    @Test
    void aLeadersWriteIsConditionalOnTheVersionItRead() {
        ZkMetadataStore store = store();
        createTopic(store, "leader", 1);
        TopicPartition tp = new TopicPartition("leader", 0);
        Versioned<PartitionState> read = store.partitionState(tp).orElseThrow();
        PartitionState shrunk = EligibleLeaderReplicas.afterIsrChange(read.value(), List.of(1), 2, List.of());
        WriteResult<PartitionState> first = store.updatePartitionState(tp, shrunk, read.version());
        assertThat(first.isWritten()).isTrue();
        assertThat(store.partitionState(tp).orElseThrow()).isEqualTo(first.written());
        assertThat(first.written().value().eligibleLeaderReplicas()).containsExactly(2, 3);
        assertThat(store.updatePartitionState(tp, read.value(), read.version()).outcome())
            .isEqualTo(WriteResult.Outcome.VERSION_CONFLICT);
        assertThat(store.updatePartitionState(new TopicPartition("leader", 7), read.value(), 0).outcome())
            .isEqualTo(WriteResult.Outcome.NOT_FOUND);
        assertThatThrownBy(() -> store.updatePartitionState(tp, read.value(), -1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLargeBatchIsSplitIntoTransactionsAndAConflictInTheMiddleCostsOnlyItsPartition() {
        ZkMetadataStore store = store();
        int partitions = PartitionStateWriter.MAX_OPS * 2 + 500;
        createTopic(store, "big", partitions);
        ControllerEpoch epoch = store.controllerStore().tryBecomeController(1).orElseThrow();
        TopicPartition middle = new TopicPartition("big", PartitionStateWriter.MAX_OPS + 17);
        store.updatePartitionState(middle, new PartitionState(1, 0, List.of(1, 2), 0), 0);

        Map<TopicPartition, StateUpdate> updates = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            updates.put(new TopicPartition("big", p), new StateUpdate(new PartitionState(2, 1, List.of(2, 3), 1), 0));
        }
        Map<TopicPartition, WriteResult<PartitionState>> results =
            store.controllerStore().writePartitionStates(epoch, updates);
        assertThat(results).hasSize(partitions);
        List<TopicPartition> conflicts = new ArrayList<>();
        results.forEach((tp, r) -> {
            if (!r.isWritten()) {
                conflicts.add(tp);
            }
        });
        assertThat(conflicts).containsExactly(middle);
        assertThat(store.partitionStates("big").get(partitions - 1).leader()).isEqualTo(2);
    }

    @Test
    void aMissingStateIsCreatedWithItsParents() throws Exception {
        ZkMetadataStore store = store();
        // A topic as Kafka's tools write it: the topic znode only.
        raw.create().creatingParentsIfNeeded().forPath(chroot + "/brokers/topics/bare",
            TopicZNode.encode(TopicZNode.Data.of(new TopicMetadata("bare", Uuid.randomUuid(),
                TopicMetadata.sorted(Map.of(0, List.of(1)))))));
        awaitTrue(() -> store.topic("bare").isPresent());
        ControllerEpoch epoch = store.controllerStore().tryBecomeController(1).orElseThrow();
        TopicPartition tp = new TopicPartition("bare", 0);
        PartitionState initial = new PartitionState(1, 0, List.of(1), 1);
        assertThat(store.controllerStore().writePartitionStates(epoch, Map.of(tp, StateUpdate.create(initial)))
            .get(tp).written().version()).isZero();
        PartitionState other = new PartitionState(2, 0, List.of(2), 1);
        assertThat(store.controllerStore().writePartitionStates(epoch, Map.of(tp, StateUpdate.create(other)))
            .get(tp).outcome()).as("create expects the znode absent").isEqualTo(WriteResult.Outcome.VERSION_CONFLICT);
        assertThat(store.controllerStore().writePartitionStates(epoch, Map.of(tp, StateUpdate.create(initial)))
            .get(tp).isWritten()).as("the same write again reads as a retried success").isTrue();
        assertThat(store.controllerStore().writePartitionStates(epoch,
            Map.of(new TopicPartition("gone", 0), StateUpdate.create(initial))).values())
            .extracting(WriteResult::outcome).containsExactly(WriteResult.Outcome.NOT_FOUND);
    }

    @Test
    void topicAssignmentsAndControlledShutdownRequestsAreRewrittenConditionally() throws Exception {
        ZkMetadataStore broker = store();
        ZkMetadataStore controller = store();
        createTopic(controller, "moving", 1);
        ControllerEpoch epoch = controller.controllerStore().tryBecomeController(1).orElseThrow();
        Versioned<TopicAssignment> topic = controller.controllerStore().topics().get("moving");
        TopicAssignment reassigning = topic.value().withPartition(0,
            topic.value().partitions().get(0).reassignTo(List.of(2, 3, 4)));
        WriteResult<TopicAssignment> written =
            controller.controllerStore().writeTopicAssignment(epoch, reassigning, topic.version());
        assertThat(written.written().version()).isEqualTo(topic.version() + 1);
        assertThat(controller.controllerStore().topics().get("moving").value()).isEqualTo(reassigning);
        assertThat(controller.topic("moving").orElseThrow().assignment().get(0)).containsExactly(2, 3, 4, 1);
        assertThat(controller.controllerStore().writeTopicAssignment(epoch, reassigning, topic.version()).outcome())
            .isEqualTo(WriteResult.Outcome.VERSION_CONFLICT);

        BrokerRegistration registered = broker.registerBroker(new BrokerRegistration(2, "h", 1, null));
        broker.requestControlledShutdown(2, registered.epoch());
        assertThat(raw.checkExists().forPath(chroot + "/samsa/controlled_shutdown/2").getEphemeralOwner())
            .isEqualTo(ZkTestSupport.sessionId(broker.curator()));
        awaitTrue(() -> controller.controllerStore().controlledShutdownRequests().containsKey(2));
        Versioned<ControlledShutdownRequest> request = controller.controllerStore().controlledShutdownRequests().get(2);
        assertThat(request.value()).isEqualTo(ControlledShutdownRequest.requested(2, registered.epoch()));
        controller.controllerStore().writeControlledShutdown(epoch, request.value().done(0), request.version());
        awaitTrue(() -> broker.controlledShutdownRequests().get(2).status() == ControlledShutdownRequest.Status.DONE);

        broker.close();
        awaitTrue(() -> controller.controllerStore().controlledShutdownRequests().isEmpty());
        assertThat(controller.controllerStore().writeControlledShutdown(epoch, request.value().done(0),
            request.version() + 1).outcome()).isEqualTo(WriteResult.Outcome.NOT_FOUND);
    }

    /** Records event names. */
    private record RecordingListener(List<String> events) implements ControllerStore.Listener {
        @Override
        public void onBrokersChanged() {
            events.add("brokers");
        }

        @Override
        public void onTopicsChanged() {
            events.add("topics");
        }

        @Override
        public void onTopicConfigChanged(String topic) {
            events.add("config " + topic);
        }

        @Override
        public void onControllerChanged() {
            events.add("controller");
        }

        @Override
        public void onControlledShutdownRequestsChanged() {
            events.add("shutdowns");
        }

        @Override
        public void onSessionStateChanged(SessionState state) {
            events.add("session " + state);
        }
    }
}
