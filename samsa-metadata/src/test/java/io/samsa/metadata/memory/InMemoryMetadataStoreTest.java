package io.samsa.metadata.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.ControlledShutdownRequest;
import io.samsa.metadata.ControllerEpoch;
import io.samsa.metadata.ControllerStore;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.SessionState;
import io.samsa.metadata.StateUpdate;
import io.samsa.metadata.TopicMetadata;
import io.samsa.metadata.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.DuplicateBrokerRegistrationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** The in-memory ensemble behaves as the ZooKeeper store does where the broker and the controller depend on it. */
class InMemoryMetadataStoreTest {
    private final InMemoryEnsemble ensemble = new InMemoryEnsemble("test-cluster");
    private final QueueExecutor events = new QueueExecutor();

    private static TopicMetadata topic(String name) {
        return new TopicMetadata(name, new Uuid(1, name.hashCode()), TopicMetadata.sorted(Map.of(0, List.of(1, 2))));
    }

    private static Map<Integer, PartitionState> initial() {
        return Map.of(0, new PartitionState(1, 0, List.of(1, 2), 0));
    }

    @Test
    void anotherClientSeesAWriteOnlyWhenItsWatchEventRuns() {
        InMemoryMetadataStore a = ensemble.connect(events);
        InMemoryMetadataStore b = ensemble.connect(events);
        a.createTopic(topic("t"), initial(), Map.of("k", "v"));
        assertThat(a.topic("t")).as("the writer reads its own write").isPresent();
        assertThat(b.topic("t")).as("the watch event has not run yet").isEmpty();
        events.runAll();
        assertThat(b.topic("t")).contains(topic("t"));
        assertThat(b.partitionStates("t")).containsEntry(0, initial().get(0));
        assertThat(b.topicConfig("t")).containsEntry("k", "v");
        assertThat(b.clusterId()).isEqualTo("test-cluster");
        assertThatThrownBy(() -> b.createTopic(topic("t"), Map.of(), Map.of())).isInstanceOf(TopicExistsException.class);
        b.deleteTopic("t");
        events.runAll();
        assertThat(a.topic("t")).isEmpty();
        assertThat(a.partitionState(new TopicPartition("t", 0))).isEmpty();
        assertThatThrownBy(() -> a.deleteTopic("t")).isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void brokerEpochsAreCreateZxidsAndAnExpiredSessionReRegistersWithANewOne() {
        InMemoryMetadataStore broker = ensemble.connect(events);
        InMemoryMetadataStore observer = ensemble.connect(events);
        List<String> heard = new ArrayList<>();
        broker.controllerStore().setListener(new Recording(heard), events);
        BrokerRegistration first = broker.registerBroker(new BrokerRegistration(1, "h", 9092, null));
        assertThat(first.epoch()).isEqualTo(ensemble.lastZxid());
        assertThatThrownBy(() -> observer.registerBroker(new BrokerRegistration(1, "x", 1, null)))
            .isInstanceOf(DuplicateBrokerRegistrationException.class);
        events.runAll();
        assertThat(observer.liveBrokers()).containsExactly(first);

        ensemble.expire(broker);
        events.runAll();
        assertThat(heard).containsSubsequence("session LOST", "session RECONNECTED");
        BrokerRegistration again = observer.liveBrokers().get(0);
        assertThat(again.epoch()).isGreaterThan(first.epoch());
        assertThat(broker.liveBrokers()).containsExactly(again);
    }

    @Test
    void aSuspendedClientCannotWriteAndHearsWhatItMissedWhenItResumes() {
        InMemoryMetadataStore a = ensemble.connect(events);
        InMemoryMetadataStore b = ensemble.connect(events);
        List<String> heard = new ArrayList<>();
        a.controllerStore().setListener(new Recording(heard), events);
        ensemble.suspend(a);
        events.runAll();
        assertThat(sessionEvents(heard)).containsExactly("session SUSPENDED");
        assertThatThrownBy(() -> a.createTopic(topic("s"), Map.of(), Map.of())).isInstanceOf(TimeoutException.class);
        b.createTopic(topic("s"), initial(), Map.of());
        events.runAll();
        assertThat(a.topic("s")).as("held back while suspended").isEmpty();
        ensemble.resume(a);
        events.runAll();
        assertThat(a.topic("s")).isPresent();
        assertThat(heard).endsWith("session RECONNECTED");
    }

    @Test
    void aSessionThatExpiredWhileSuspendedLearnsItOnResumeAndLosesItsEphemerals() {
        InMemoryMetadataStore a = ensemble.connect(events);
        InMemoryMetadataStore b = ensemble.connect(events);
        List<String> heard = new ArrayList<>();
        a.controllerStore().setListener(new Recording(heard), events);
        a.registerBroker(new BrokerRegistration(1, "h", 1, null));
        a.controllerStore().tryBecomeController(1).orElseThrow();
        ensemble.suspend(a);
        ensemble.expire(a);
        events.runAll();
        assertThat(b.controllerId()).as("the server deleted the ephemerals at once").isEmpty();
        assertThat(b.liveBrokers()).isEmpty();
        assertThat(sessionEvents(heard)).containsExactly("session SUSPENDED");
        ensemble.resume(a);
        events.runAll();
        assertThat(sessionEvents(heard)).containsExactly("session SUSPENDED", "session LOST", "session RECONNECTED");
        assertThat(b.liveBrokers()).extracting(BrokerRegistration::brokerId).containsExactly(1);
        assertThat(a.controllerStore().holdsController(1)).isFalse();
    }

    @Test
    void electionFencingAndPerPartitionOutcomes() {
        InMemoryMetadataStore a = ensemble.connect(events);
        InMemoryMetadataStore b = ensemble.connect(events);
        a.createTopic(new TopicMetadata("f", new Uuid(2, 2), TopicMetadata.sorted(Map.of(0, List.of(1), 1, List.of(1)))),
            Map.of(0, new PartitionState(1, 0, List.of(1), 0), 1, new PartitionState(1, 0, List.of(1), 0)), Map.of());
        ControllerStore ca = a.controllerStore();
        ControllerEpoch epoch = ca.tryBecomeController(1).orElseThrow();
        assertThat(epoch).isEqualTo(new ControllerEpoch(1, 1));
        assertThat(b.controllerStore().tryBecomeController(2)).isEmpty();

        TopicPartition p0 = new TopicPartition("f", 0);
        TopicPartition p1 = new TopicPartition("f", 1);
        b.updatePartitionState(p1, new PartitionState(1, 0, List.of(1), 0), 0); // a leader's write: version 1
        Map<TopicPartition, WriteResult<PartitionState>> results = ca.writePartitionStates(epoch, Map.of(
            p0, new StateUpdate(new PartitionState(-1, 1, List.of(), 1), 0),
            p1, new StateUpdate(new PartitionState(-1, 1, List.of(), 1), 0)));
        assertThat(results.get(p0).written().version()).isEqualTo(1);
        assertThat(results.get(p1).outcome()).isEqualTo(WriteResult.Outcome.VERSION_CONFLICT);
        assertThat(ca.readPartitionStates(List.of(p1)).get(p1).version()).isEqualTo(1);

        ca.resign(1);
        ControllerEpoch second = b.controllerStore().tryBecomeController(2).orElseThrow();
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(ca.writePartitionStates(epoch, Map.of(p1, new StateUpdate(new PartitionState(1, 2, List.of(1), 1), 1)))
            .get(p1).outcome()).isEqualTo(WriteResult.Outcome.CONTROLLER_FENCED);
        assertThat(ensemble.partitionState(p1).orElseThrow().leaderEpoch()).isZero();
    }

    @Test
    void controlledShutdownRequestsAreEphemeral() {
        InMemoryMetadataStore broker = ensemble.connect(events);
        InMemoryMetadataStore controller = ensemble.connect(events);
        ControllerEpoch epoch = controller.controllerStore().tryBecomeController(9).orElseThrow();
        broker.requestControlledShutdown(3, 42);
        events.runAll();
        var request = controller.controllerStore().controlledShutdownRequests().get(3);
        assertThat(request.value()).isEqualTo(ControlledShutdownRequest.requested(3, 42));
        controller.controllerStore().writeControlledShutdown(epoch, request.value().done(1), request.version());
        events.runAll();
        assertThat(broker.controlledShutdownRequests().get(3).remainingLeaders()).isEqualTo(1);
        broker.close();
        events.runAll();
        assertThat(controller.controllerStore().controlledShutdownRequests()).isEmpty();
    }

    @Test
    void theSameScriptDeliversTheSameEventsInTheSameOrder() {
        assertThat(script()).isEqualTo(script());
    }

    private static List<String> sessionEvents(List<String> heard) {
        return heard.stream().filter(e -> e.startsWith("session")).toList();
    }

    private static List<String> script() {
        InMemoryEnsemble ensemble = new InMemoryEnsemble("c");
        QueueExecutor queue = new QueueExecutor();
        List<String> heard = new ArrayList<>();
        InMemoryMetadataStore a = ensemble.connect(queue);
        InMemoryMetadataStore b = ensemble.connect(queue);
        b.controllerStore().setListener(new Recording(heard), queue);
        a.registerBroker(new BrokerRegistration(1, "h", 1, null));
        a.createTopic(topic("x"), initial(), Map.of());
        a.controllerStore().tryBecomeController(1);
        ensemble.expire(a);
        queue.runAll();
        heard.add("zxid " + ensemble.lastZxid());
        return heard;
    }

    /** Records events by name. */
    private record Recording(List<String> heard) implements ControllerStore.Listener {
        @Override
        public void onBrokersChanged() {
            heard.add("brokers");
        }

        @Override
        public void onTopicsChanged() {
            heard.add("topics");
        }

        @Override
        public void onTopicConfigChanged(String topic) {
            heard.add("config " + topic);
        }

        @Override
        public void onControllerChanged() {
            heard.add("controller");
        }

        @Override
        public void onControlledShutdownRequestsChanged() {
            heard.add("shutdowns");
        }

        @Override
        public void onSessionStateChanged(SessionState state) {
            heard.add("session " + state);
        }
    }
}
