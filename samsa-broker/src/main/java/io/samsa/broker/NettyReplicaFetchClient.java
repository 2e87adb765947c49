package io.samsa.broker;

import io.samsa.network.client.InterBrokerClient;
import io.samsa.replication.fetcher.FetchedResponse;
import io.samsa.replication.fetcher.FetcherTransport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * One follower fetcher's way to its leader: Kafka's Fetch over an {@link InterBrokerClient} of its own, at the
 * newest version both brokers speak and at least v12 (the first with the last fetched epoch and the diverging epoch
 * that truncation relies on). The fetcher runs on the client's event loop, where the answers arrive. Owns the client:
 * closing this closes it. Thread-safe.
 */
final class NettyReplicaFetchClient implements FetcherTransport {
    private static final short OLDEST_VERSION = 12;

    private final InterBrokerClient client;
    private final long timeoutMs;

    NettyReplicaFetchClient(InterBrokerClient client, long timeoutMs) {
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public CompletableFuture<FetchedResponse> fetch(int leaderId, FetchRequestData request) {
        AbstractRequest.Builder<FetchRequest> builder = new AbstractRequest.Builder<>(ApiKeys.FETCH, OLDEST_VERSION,
                ApiKeys.FETCH.latestVersion()) {
            @Override
            public FetchRequest build(short version) {
                // The replica is named by the top-level field before v15 and by ReplicaState from v15; writing the
                // other at a version that lacks it is an error.
                FetchRequestData data = request.duplicate();
                if (version >= 15) {
                    data.setReplicaId(-1);
                } else {
                    data.setReplicaState(new FetchRequestData.ReplicaState());
                }
                return new FetchRequest(data, version);
            }
        };
        // Parsed in place: the records go straight from the received frame to the log (the fetcher closes it).
        return client.sendRetained(leaderId, builder, request.maxWaitMs() + timeoutMs)
                .thenApply(r -> new FetchedResponse(((FetchResponse) r.response()).data(), r::close));
    }

    @Override
    public ScheduledExecutorService executor() {
        return client.executor();
    }

    @Override
    public void close() {
        client.close();
    }
}
