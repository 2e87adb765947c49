package io.samsa.coordinator.txn;

import io.samsa.common.DelayTimer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the commit or abort marker of one transaction to every partition of it, retrying until each partition has it,
 * with Kafka's rules ({@code TransactionMarkerRequestCompletionHandler}):
 * <ul>
 *   <li>NONE: the partition is done;</li>
 *   <li>NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS(_AFTER_APPEND), REQUEST_TIMED_OUT,
 *       KAFKA_STORAGE_ERROR, or no response at all: resent after {@code retryBackoffMs} to the leader the metadata
 *       names then;</li>
 *   <li>a partition that no longer exists, UNSUPPORTED_VERSION, UNSUPPORTED_FOR_MESSAGE_FORMAT: dropped (nothing of the
 *       transaction can be read there);</li>
 *   <li>INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED: a newer producer or coordinator took over, so the
 *       whole write is abandoned (the future completes with false);</li>
 *   <li>anything else: logged and retried, since giving up would leave the transaction hanging forever.</li>
 * </ul>
 * The write is also abandoned as soon as {@code stillWanted} is false (this broker resigned the coordinator
 * partition). Responses and retries run on the coordinator thread. Thread-safe.
 */
final class TxnMarkerWriter {
    private static final Logger log = LoggerFactory.getLogger(TxnMarkerWriter.class);
    private static final Set<Errors> RETRIABLE = Set.of(Errors.NOT_LEADER_OR_FOLLOWER,
        Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.NOT_ENOUGH_REPLICAS, Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        Errors.REQUEST_TIMED_OUT, Errors.KAFKA_STORAGE_ERROR);
    private static final Set<Errors> DROP_PARTITION = Set.of(Errors.UNSUPPORTED_VERSION,
        Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT);
    private static final Set<Errors> ABANDON = Set.of(Errors.INVALID_PRODUCER_EPOCH,
        Errors.TRANSACTION_COORDINATOR_FENCED);

    private final TxnMarkerChannel channel;
    private final DelayTimer timer;
    private final Executor coordinatorThread;
    private final long retryBackoffMs;

    /** One marker to write: who wrote the transaction, its outcome and where. */
    record Marker(String transactionalId, long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
                  Set<TopicPartition> partitions) {
    }

    TxnMarkerWriter(TxnMarkerChannel channel, DelayTimer timer, Executor coordinatorThread, long retryBackoffMs) {
        this.channel = channel;
        this.timer = timer;
        this.coordinatorThread = coordinatorThread;
        this.retryBackoffMs = retryBackoffMs;
    }

    /**
     * Writes {@code marker}; completes (on the coordinator thread) with true once every partition has it or was
     * dropped, with false if the write was abandoned.
     */
    CompletableFuture<Boolean> write(Marker marker, BooleanSupplier stillWanted) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        new Attempt(marker, stillWanted, done, new HashSet<>(marker.partitions())).run();
        return done;
    }

    private final class Attempt {
        final Marker marker;
        final BooleanSupplier stillWanted;
        final CompletableFuture<Boolean> done;
        final Set<TopicPartition> remaining;
        boolean abandoned;

        Attempt(Marker marker, BooleanSupplier stillWanted, CompletableFuture<Boolean> done,
                Set<TopicPartition> remaining) {
            this.marker = marker;
            this.stillWanted = stillWanted;
            this.done = done;
            this.remaining = remaining;
        }

        void run() {
            if (!stillWanted.getAsBoolean()) {
                done.complete(false);
                return;
            }
            Map<Integer, List<TopicPartition>> byLeader = new HashMap<>();
            boolean waiting = false;
            for (TopicPartition tp : List.copyOf(remaining)) {
                Optional<Integer> leader = channel.leader(tp);
                if (leader.isEmpty()) {
                    log.info("Dropping {} from the {} marker of {}: the partition no longer exists", tp,
                        outcome(), marker.transactionalId());
                    remaining.remove(tp);
                } else if (leader.get() == TxnMarkerChannel.NO_LEADER) {
                    waiting = true;
                } else {
                    byLeader.computeIfAbsent(leader.get(), b -> new ArrayList<>()).add(tp);
                }
            }
            if (remaining.isEmpty()) {
                done.complete(true);
                return;
            }
            if (byLeader.isEmpty()) {
                retryLater();
                return;
            }
            int[] outstanding = {byLeader.size()};
            boolean[] retry = {waiting};
            byLeader.forEach((broker, partitions) -> channel.send(broker, request(partitions))
                .whenComplete((response, error) -> onCoordinatorThread(() -> {
                    if (error != null) {
                        log.debug("WriteTxnMarkers to broker {} failed: {}; retrying", broker, error.toString());
                        retry[0] = true;
                    } else {
                        retry[0] |= handle(response);
                    }
                    if (--outstanding[0] == 0) {
                        finishRound(retry[0]);
                    }
                })));
        }

        private void finishRound(boolean retry) {
            if (abandoned) {
                done.complete(false);
            } else if (remaining.isEmpty()) {
                done.complete(true);
            } else if (retry) {
                retryLater();
            } else {
                run();
            }
        }

        /** Applies per-partition errors; true if some partition must be resent. */
        private boolean handle(WriteTxnMarkersResponseData response) {
            boolean retry = false;
            for (WriteTxnMarkersResponseData.WritableTxnMarkerResult m : response.markers()) {
                for (WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult t : m.topics()) {
                    for (WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult p : t.partitions()) {
                        TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                        Errors e = Errors.forCode(p.errorCode());
                        if (e == Errors.NONE || DROP_PARTITION.contains(e)) {
                            if (e != Errors.NONE) {
                                log.info("Dropping {} from the {} marker of {}: {}", tp, outcome(),
                                    marker.transactionalId(), e);
                            }
                            remaining.remove(tp);
                        } else if (ABANDON.contains(e)) {
                            log.info("Abandoning the {} marker of {}: {} answered {}", outcome(),
                                marker.transactionalId(), tp, e);
                            abandoned = true;
                        } else {
                            if (!RETRIABLE.contains(e)) {
                                log.warn("Unexpected {} writing the {} marker of {} to {}; retrying", e, outcome(),
                                    marker.transactionalId(), tp);
                            }
                            retry = true;
                        }
                    }
                }
            }
            return retry;
        }

        private void retryLater() {
            timer.schedule(retryBackoffMs, () -> onCoordinatorThread(this::run));
        }

        private String outcome() {
            return marker.commit() ? "commit" : "abort";
        }

        private WriteTxnMarkersRequestData request(List<TopicPartition> partitions) {
            Map<String, List<Integer>> byTopic = new HashMap<>();
            partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
            List<WriteTxnMarkersRequestData.WritableTxnMarkerTopic> topics = new ArrayList<>();
            byTopic.forEach((topic, ids) -> topics.add(new WriteTxnMarkersRequestData.WritableTxnMarkerTopic()
                .setName(topic).setPartitionIndexes(ids)));
            return new WriteTxnMarkersRequestData().setMarkers(List.of(
                new WriteTxnMarkersRequestData.WritableTxnMarker()
                    .setProducerId(marker.producerId())
                    .setProducerEpoch(marker.producerEpoch())
                    .setTransactionResult(marker.commit())
                    .setCoordinatorEpoch(marker.coordinatorEpoch())
                    .setTopics(topics)));
        }
    }

    private void onCoordinatorThread(Runnable r) {
        try {
            coordinatorThread.execute(r);
        } catch (RejectedExecutionException e) {
            // Closing: the next leader of the coordinator partition resends the markers after loading.
        }
    }
}
