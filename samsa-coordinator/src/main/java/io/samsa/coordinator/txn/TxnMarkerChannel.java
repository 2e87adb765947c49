package io.samsa.coordinator.txn;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;

/**
 * How the transaction coordinator reaches partition leaders with WriteTxnMarkers. Implemented by the broker over its
 * inter-broker client (this broker included, as Kafka does); tests use a scripted one. Thread-safe.
 */
public interface TxnMarkerChannel {
    /** Returned by {@link #leader} for a partition that exists but has no live leader now. */
    int NO_LEADER = -1;

    /**
     * The broker leading {@code tp} in the current metadata, {@link #NO_LEADER} if it has none now, or empty if the
     * partition no longer exists (its topic was deleted).
     */
    Optional<Integer> leader(TopicPartition tp);

    /** Sends one WriteTxnMarkers request to {@code brokerId}; completes exceptionally if no response came. */
    CompletableFuture<WriteTxnMarkersResponseData> send(int brokerId, WriteTxnMarkersRequestData request);
}
