package io.samsa.broker;

import io.samsa.common.config.BrokerConfig;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.MetadataStore;
import io.samsa.replication.ReadReplicaCandidate;
import io.samsa.replication.ReadReplicaSelector;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.replica.ClientMetadata;
import org.apache.kafka.common.replica.PartitionView;
import org.apache.kafka.common.replica.ReplicaSelector;
import org.apache.kafka.common.replica.ReplicaView;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code replica.selector.class} (KIP-392) plugged into replication: an instance of the configured
 * {@link ReplicaSelector} (kafka-clients ships {@code org.apache.kafka.common.replica.RackAwareReplicaSelector}),
 * given the candidates a leader found, each with its broker's endpoint on the client's listener and its
 * {@code broker.rack} from ZooKeeper. A candidate whose broker is not registered has no endpoint and is never
 * chosen. Built once by {@link Broker}; thread-safe if the selector is, as Kafka requires of one.
 */
public final class ConfiguredReadReplicaSelector implements ReadReplicaSelector {
    private final ReplicaSelector selector;
    private final MetadataStore metadata;

    ConfiguredReadReplicaSelector(ReplicaSelector selector, MetadataStore metadata) {
        this.selector = selector;
        this.metadata = metadata;
    }

    /** The configured selector, configured with the broker's settings; empty when the key is unset. */
    static Optional<ReadReplicaSelector> from(BrokerConfig config, MetadataStore metadata) {
        Optional<String> className = config.replicaSelectorClass();
        if (className.isEmpty()) {
            return Optional.empty();
        }
        ReplicaSelector selector;
        try {
            selector = Utils.newInstance(className.get(), ReplicaSelector.class);
        } catch (ClassNotFoundException | KafkaException | ClassCastException e) {
            throw new ConfigException("replica.selector.class", className.get(),
                    "not a ReplicaSelector on the class path: " + e.getMessage());
        }
        selector.configure(config.originals());
        return Optional.of(new ConfiguredReadReplicaSelector(selector, metadata));
    }

    @Override
    public OptionalInt select(TopicPartition partition, ClientMetadata client, List<ReadReplicaCandidate> candidates) {
        Map<Integer, BrokerRegistration> live = new HashMap<>();
        for (BrokerRegistration b : metadata.liveBrokers()) {
            live.put(b.brokerId(), b);
        }
        Set<ReplicaView> views = new LinkedHashSet<>();
        ReplicaView leader = null;
        for (ReadReplicaCandidate c : candidates) {
            BrokerRegistration broker = live.get(c.brokerId());
            Node node = broker == null ? Node.noNode() : node(broker, client.listenerName());
            ReplicaView view = new ReplicaView.DefaultReplicaView(node, c.logEndOffset(), c.timeSinceLastCaughtUpMs());
            views.add(view);
            if (leader == null) {
                leader = view;
            }
        }
        Optional<ReplicaView> chosen = selector.select(partition, client,
                new PartitionView.DefaultPartitionView(views, leader));
        return chosen.filter(v -> !v.endpoint().isEmpty()).map(v -> OptionalInt.of(v.endpoint().id()))
                .orElse(OptionalInt.empty());
    }

    /** The broker on the client's listener (its first one when the listener is unknown), with its rack. */
    private static Node node(BrokerRegistration broker, String listenerName) {
        Endpoint endpoint = broker.endpoints().get(0);
        for (Endpoint e : broker.endpoints()) {
            if (e.listenerName().isPresent() && e.listenerName().get().equals(listenerName)) {
                endpoint = e;
            }
        }
        return new Node(broker.brokerId(), endpoint.host(), endpoint.port(), broker.rack());
    }
}
