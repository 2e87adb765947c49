package io.samsa.coordinator.txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * A {@link TxnMarkerChannel} whose partitions all have leader 1 unless told otherwise, that answers NONE unless an
 * error is scripted for a partition, and records every marker it was sent. Thread-safe.
 */
final class ScriptedMarkerChannel implements TxnMarkerChannel {
    /** One marker a partition got: producer, epoch, coordinator epoch and outcome. */
    record Sent(int broker, TopicPartition tp, long producerId, short epoch, int coordinatorEpoch, boolean commit) {
    }

    private final Map<TopicPartition, Optional<Integer>> leaders = new HashMap<>();
    private final Map<TopicPartition, Deque<Errors>> scripted = new HashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private boolean unreachable;

    synchronized void leader(TopicPartition tp, Optional<Integer> leader) {
        leaders.put(tp, leader);
    }

    /** The next answers for {@code tp}, in order; then NONE. */
    synchronized void answer(TopicPartition tp, Errors... errors) {
        scripted.computeIfAbsent(tp, k -> new ArrayDeque<>()).addAll(List.of(errors));
    }

    /** Every request fails as if the broker could not be reached. */
    synchronized void unreachable(boolean value) {
        unreachable = value;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Markers that were answered NONE. */
    synchronized List<Sent> written() {
        return sent.stream().filter(s -> s.broker() >= 0).toList();
    }

    @Override
    public synchronized Optional<Integer> leader(TopicPartition tp) {
        return leaders.getOrDefault(tp, Optional.of(1));
    }

    @Override
    public synchronized CompletableFuture<WriteTxnMarkersResponseData> send(int brokerId,
                                                                            WriteTxnMarkersRequestData request) {
        if (unreachable) {
            return CompletableFuture.failedFuture(new IllegalStateException("unreachable"));
        }
        WriteTxnMarkersResponseData response = new WriteTxnMarkersResponseData();
        for (WriteTxnMarkersRequestData.WritableTxnMarker m : request.markers()) {
            WriteTxnMarkersResponseData.WritableTxnMarkerResult r =
                new WriteTxnMarkersResponseData.WritableTxnMarkerResult().setProducerId(m.producerId());
            for (WriteTxnMarkersRequestData.WritableTxnMarkerTopic t : m.topics()) {
                WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult tr =
                    new WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult().setName(t.name());
                for (int p : t.partitionIndexes()) {
                    TopicPartition tp = new TopicPartition(t.name(), p);
                    Deque<Errors> q = scripted.get(tp);
                    Errors e = q == null || q.isEmpty() ? Errors.NONE : q.poll();
                    sent.add(new Sent(e == Errors.NONE ? brokerId : -1, tp, m.producerId(), m.producerEpoch(),
                        m.coordinatorEpoch(), m.transactionResult()));
                    tr.partitions().add(new WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult()
                        .setPartitionIndex(p).setErrorCode(e.code()));
                }
                r.topics().add(tr);
            }
            response.markers().add(r);
        }
        return CompletableFuture.completedFuture(response);
    }
}
