package io.samsa.broker.txn;

import io.samsa.coordinator.txn.TxnMarkerChannel;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.MetadataStore;
import io.samsa.metadata.PartitionState;
import io.samsa.network.client.InterBrokerClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

/**
 * {@link TxnMarkerChannel} over the inter-broker client: leaders come from the cluster metadata (ZooKeeper's
 * partition states, a leader counting only while registered), and WriteTxnMarkers goes to every leader this way,
 * this broker included, as Kafka's TxnMarkerChannelManager does. Thread-safe.
 */
public final class InterBrokerTxnMarkerChannel implements TxnMarkerChannel {
    private final MetadataStore metadata;
    private final InterBrokerClient client;
    private final long requestTimeoutMs;

    public InterBrokerTxnMarkerChannel(MetadataStore metadata, InterBrokerClient client, long requestTimeoutMs) {
        this.metadata = metadata;
        this.client = client;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    @Override
    public Optional<Integer> leader(TopicPartition tp) {
        if (metadata.topic(tp.topic()).isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, PartitionState> states = metadata.partitionStates(tp.topic());
        PartitionState state = states.get(tp.partition());
        if (state == null) {
            return states.isEmpty() ? Optional.of(NO_LEADER) : Optional.empty();
        }
        int leader = state.leader();
        boolean live = metadata.liveBrokers().stream().map(BrokerRegistration::brokerId).anyMatch(id -> id == leader);
        return Optional.of(live ? leader : NO_LEADER);
    }

    @Override
    public CompletableFuture<WriteTxnMarkersResponseData> send(int brokerId, WriteTxnMarkersRequestData request) {
        return client.send(brokerId, new WriteTxnMarkersRequest.Builder(request), requestTimeoutMs)
            .thenApply(r -> ((WriteTxnMarkersResponse) r).data());
    }
}
