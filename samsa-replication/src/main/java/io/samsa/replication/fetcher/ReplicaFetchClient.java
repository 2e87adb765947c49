package io.samsa.replication.fetcher;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FetchRequestData;

/**
 * Sends a follower's Fetch to a leader broker: Kafka's Fetch API, at the newest version both sides speak (the
 * request is built with topic ids and {@code ReplicaState}, so v15 or later). The broker implements it with
 * Samsa's Netty client; the replication simulation with its simulated network.
 *
 * <p>The future completes with the response, which the caller must close once done with its records (see
 * {@link FetchedResponse}), or exceptionally when the leader cannot be reached or does not answer within the client's
 * timeout. Thread-safe.
 */
public interface ReplicaFetchClient {
    CompletableFuture<FetchedResponse> fetch(int leaderId, FetchRequestData request);
}
