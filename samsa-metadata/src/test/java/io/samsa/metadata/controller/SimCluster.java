package io.samsa.metadata.controller;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.EligibleLeaderReplicas;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.TopicMetadata;
import io.samsa.metadata.Versioned;
import io.samsa.metadata.WriteResult;
import io.samsa.metadata.memory.InMemoryEnsemble;
import io.samsa.metadata.memory.InMemoryMetadataStore;
import io.samsa.metadata.memory.QueueExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * Brokers with controllers on one in-memory ensemble, driven from the test thread: each broker has a queue for its
 * store's watch events and one for its controller's event loop, and {@link #run()} runs them all until nothing is
 * left. A crashed broker's queues are dropped and its session expired, as ZooKeeper does after the timeout.
 */
final class SimCluster {
    /** One simulated broker process. */
    static final class Broker {
        final int id;
        final QueueExecutor watches = new QueueExecutor();
        final QueueExecutor loop = new QueueExecutor();
        final InMemoryMetadataStore store;
        final Controller controller;
        BrokerRegistration registration;
        boolean alive = true;

        Broker(int id, InMemoryEnsemble ensemble, ManualScheduler scheduler, int defaultMinIsr) {
            this.id = id;
            this.store = ensemble.connect(watches);
            this.controller = new Controller(ControllerConfig.defaults(id), store.controllerStore(),
                ElectionConfigs.of(store::topicConfig, defaultMinIsr, false), scheduler, loop);
        }
    }

    final InMemoryEnsemble ensemble = new InMemoryEnsemble("sim");
    final ManualScheduler scheduler = new ManualScheduler();
    final QueueExecutor adminWatches = new QueueExecutor();
    final InMemoryMetadataStore admin = ensemble.connect(adminWatches);
    final TreeMap<Integer, Broker> brokers = new TreeMap<>();
    private final List<Broker> retired = new ArrayList<>();
    private final int defaultMinIsr;

    SimCluster(int defaultMinIsr) {
        this.defaultMinIsr = defaultMinIsr;
    }

    Broker start(int id, boolean cleanStart) {
        Broker broker = new Broker(id, ensemble, scheduler, defaultMinIsr);
        broker.registration = broker.store.registerBroker(
            new BrokerRegistration(id, "host" + id, 9092, null).withCleanStart(cleanStart));
        broker.controller.start();
        Broker previous = brokers.put(id, broker);
        if (previous != null) {
            retired.add(previous);
        }
        return broker;
    }

    void startAll(int... ids) {
        for (int id : ids) {
            start(id, true);
        }
        run();
    }

    /** kill -9 and the session timeout: the process runs nothing more and its ephemeral znodes go. */
    void crash(int id) {
        Broker broker = brokers.get(id);
        broker.alive = false;
        ensemble.crash(broker.store);
        broker.watches.clear();
        broker.loop.clear();
        brokers.remove(id);
        retired.add(broker);
    }

    /** Runs every live queue until all are empty. */
    void run() {
        for (int round = 0; round < 10_000; round++) {
            int ran = adminWatches.runAll();
            for (Broker broker : List.copyOf(brokers.values())) {
                ran += broker.watches.runAll();
                ran += broker.loop.runAll();
            }
            if (ran == 0) {
                return;
            }
        }
        throw new IllegalStateException("The simulated cluster does not settle");
    }

    Broker active() {
        List<Broker> active = brokers.values().stream().filter(b -> b.controller.isActive()).toList();
        if (active.size() != 1) {
            throw new AssertionError("Expected one active controller, found " + active.size());
        }
        return active.get(0);
    }

    /** Creates a topic as the handling broker does: leader the first replica, ISR all replicas. */
    void createTopic(String name, Map<Integer, List<Integer>> assignment, Map<String, String> configs) {
        Map<Integer, PartitionState> states = new HashMap<>();
        assignment.forEach((p, replicas) -> states.put(p, new PartitionState(replicas.get(0), 0, replicas, 0)));
        admin.createTopic(new TopicMetadata(name, new Uuid(7, name.hashCode()), TopicMetadata.sorted(assignment)),
            states, configs);
        run();
    }

    /** The authoritative state in the ensemble. */
    PartitionState state(String topic, int partition) {
        return ensemble.partitionState(new TopicPartition(topic, partition)).orElseThrow();
    }

    /** A leader's ISR change, as replication would write it (KIP-966 kept). */
    WriteResult<PartitionState> leaderSetsIsr(TopicPartition tp, List<Integer> isr, int minIsr) {
        Versioned<PartitionState> read = admin.partitionState(tp).orElseThrow();
        return brokers.get(read.value().leader()).store.updatePartitionState(tp,
            EligibleLeaderReplicas.afterIsrChange(read.value(), isr, minIsr, List.of()), read.version());
    }
}
