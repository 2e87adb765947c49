package io.samsa.replication.fetcher;

import io.samsa.replication.Partition;
import io.samsa.replication.quota.ReplicaQuota;
import io.samsa.storage.epoch.EpochEndOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower side of replication for the partitions one fetcher copies from one leader: builds the next Fetch
 * ({@link #prepare}) and applies its response ({@link #handle}): appends the batches, takes the leader's high
 * watermark, truncates where the leader says the logs diverge ({@link TruncationPlanner}), restarts a log that fell
 * behind the leader's log start, and backs off a partition the leader refuses.
 *
 * <p>No I/O of its own and no threads: {@link ReplicaFetcherLoop} drives it in the broker, the replication
 * simulation drives it step by step. A response is applied only to partitions still fetched in the same leader
 * epoch from the same offset as when it was requested, so a role change racing a fetch cannot misplace records.
 *
 * <p>Replication throttle (Kafka's follower quota): a partition in {@code follower.replication.throttled.replicas}
 * for this broker that is not caught up is left out of the next Fetch while the broker's
 * {@code follower.replication.throttled.rate} is exceeded; the bytes copied for throttled partitions are recorded.
 * When only throttled partitions are left, the fetcher waits {@code replica.fetch.backoff.ms}, as Kafka does for an
 * empty fetch.
 *
 * <p>Thread-safe: every method is synchronized (the driver and the broker's role changes call it).
 */
public final class ReplicaFetcher {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcher.class);

    /** A request in flight and the state of each partition it asked for. */
    public record PreparedFetch(FetchRequestData request, Map<TopicPartition, PartitionFetchState> asked) {
    }

    private final int leaderId;
    private final FetcherConfig config;
    private final LongSupplier brokerEpoch;
    private final ReplicaQuota quota;
    private final Map<TopicPartition, PartitionFetchState> partitions = new LinkedHashMap<>();
    /** When partitions held back by the throttle are next considered; Long.MAX_VALUE if none is held back. */
    private long throttledRetryAtMs = Long.MAX_VALUE;
    /** The time of the last {@link #prepare}: partitions ready then but left out were held back by the throttle. */
    private long lastPrepareMs = Long.MIN_VALUE;

    /**
     * @param leaderId    the broker this fetcher copies from
     * @param brokerEpoch this broker's current epoch, sent so the leader can fence a fetch from before a restart
     * @param quota       this broker's follower-side replication throttle
     */
    public ReplicaFetcher(int leaderId, FetcherConfig config, LongSupplier brokerEpoch, ReplicaQuota quota) {
        this.leaderId = leaderId;
        this.config = config;
        this.brokerEpoch = brokerEpoch;
        this.quota = quota;
    }

    /** Without a replication throttle. */
    public ReplicaFetcher(int leaderId, FetcherConfig config, LongSupplier brokerEpoch) {
        this(leaderId, config, brokerEpoch, ReplicaQuota.UNLIMITED);
    }

    public int leaderId() {
        return leaderId;
    }

    /** Starts fetching {@code partition} from its log end, in its current leader epoch. */
    public synchronized void add(Partition partition) {
        partitions.put(partition.topicPartition(), PartitionFetchState.startingFrom(partition));
        notifyAll();
    }

    public synchronized boolean remove(TopicPartition tp) {
        return partitions.remove(tp) != null;
    }

    public synchronized boolean isEmpty() {
        return partitions.isEmpty();
    }

    public synchronized int size() {
        return partitions.size();
    }

    /** The next Fetch for the partitions ready at {@code nowMs}, or null if none is. */
    public synchronized PreparedFetch prepare(long nowMs) {
        Map<TopicPartition, PartitionFetchState> asked = new LinkedHashMap<>();
        Map<String, FetchRequestData.FetchTopic> topics = new LinkedHashMap<>();
        boolean heldBack = false;
        for (Map.Entry<TopicPartition, PartitionFetchState> e : partitions.entrySet()) {
            PartitionFetchState s = e.getValue();
            if (!s.isReady(nowMs)) {
                continue;
            }
            TopicPartition tp = e.getKey();
            if (quota.shouldThrottle(tp, s.isReplicaInSync())) {
                heldBack = true;
                continue;
            }
            Uuid topicId = s.partition().topicId();
            FetchRequestData.FetchTopic topic = topics.computeIfAbsent(tp.topic(),
                    t -> new FetchRequestData.FetchTopic().setTopic(t).setTopicId(topicId));
            topic.partitions().add(new FetchRequestData.FetchPartition()
                    .setPartition(tp.partition())
                    .setCurrentLeaderEpoch(s.leaderEpoch())
                    .setFetchOffset(s.fetchOffset())
                    .setLastFetchedEpoch(s.lastFetchedEpoch())
                    .setLogStartOffset(s.partition().logStartOffset())
                    .setPartitionMaxBytes(config.partitionMaxBytes()));
            asked.put(tp, s);
        }
        lastPrepareMs = nowMs;
        if (asked.isEmpty()) {
            if (!heldBack) {
                throttledRetryAtMs = Long.MAX_VALUE;
            } else if (throttledRetryAtMs == Long.MAX_VALUE || throttledRetryAtMs <= nowMs) {
                // Kept while the driver re-checks before its wait ends, so the wait is not pushed back each time.
                throttledRetryAtMs = nowMs + Math.max(1L, config.backoffMs());
            }
            return null;
        }
        throttledRetryAtMs = Long.MAX_VALUE;
        FetchRequestData request = new FetchRequestData()
                .setReplicaId(config.localBrokerId())
                .setMaxWaitMs(config.maxWaitMs())
                .setMinBytes(config.minBytes())
                .setMaxBytes(config.responseMaxBytes())
                .setIsolationLevel((byte) 0)
                .setSessionId(0)
                .setSessionEpoch(-1)
                .setTopics(new ArrayList<>(topics.values()));
        request.replicaState().setReplicaId(config.localBrokerId()).setReplicaEpoch(brokerEpoch.getAsLong());
        return new PreparedFetch(request, asked);
    }

    /** When the earliest delayed partition becomes ready, or Long.MAX_VALUE if none waits. */
    public synchronized long nextReadyTimeMs() {
        long next = Long.MAX_VALUE;
        for (PartitionFetchState s : partitions.values()) {
            // A partition ready at the last prepare that was not asked for is waiting for the throttle.
            next = Math.min(next, s.isReady(lastPrepareMs) ? throttledRetryAtMs : s.delayedUntilMs());
        }
        return next;
    }

    /** Applies a leader's response to the partitions of {@code sent}. */
    public synchronized void handle(PreparedFetch sent, FetchResponseData response, long nowMs) {
        if (response.errorCode() != Errors.NONE.code()) {
            log.warn("Fetch from broker {} failed: {}", leaderId, Errors.forCode(response.errorCode()));
            delayAll(sent, nowMs);
            return;
        }
        Map<Uuid, String> namesById = new HashMap<>();
        for (TopicPartition tp : sent.asked().keySet()) {
            namesById.put(sent.asked().get(tp).partition().topicId(), tp.topic());
        }
        for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
            String topic = t.topic() == null || t.topic().isEmpty() ? namesById.get(t.topicId()) : t.topic();
            if (topic == null) {
                continue;
            }
            for (FetchResponseData.PartitionData pd : t.partitions()) {
                TopicPartition tp = new TopicPartition(topic, pd.partitionIndex());
                PartitionFetchState askedState = sent.asked().get(tp);
                PartitionFetchState current = partitions.get(tp);
                if (askedState == null || current == null || current.leaderEpoch() != askedState.leaderEpoch()
                        || current.fetchOffset() != askedState.fetchOffset()) {
                    continue; // the partition moved on while the request was out
                }
                partitions.put(tp, apply(tp, current, pd, nowMs));
            }
        }
    }

    /** The request failed (the leader is unreachable or slow): back off everything it asked for. */
    public synchronized void handleFailure(PreparedFetch sent, Throwable error, long nowMs) {
        log.debug("Fetch from broker {} failed: {}", leaderId, error.toString());
        delayAll(sent, nowMs);
    }

    private void delayAll(PreparedFetch sent, long nowMs) {
        for (TopicPartition tp : sent.asked().keySet()) {
            PartitionFetchState current = partitions.get(tp);
            if (current != null) {
                partitions.put(tp, current.delayed(nowMs + config.backoffMs()));
            }
        }
    }

    private PartitionFetchState apply(TopicPartition tp, PartitionFetchState s, FetchResponseData.PartitionData pd,
                                      long nowMs) {
        Partition p = s.partition();
        Errors error = Errors.forCode(pd.errorCode());
        try {
            switch (error) {
                case NONE -> {
                    FetchResponseData.EpochEndOffset diverging = pd.divergingEpoch();
                    if (diverging.epoch() >= 0 || diverging.endOffset() >= 0) {
                        truncate(tp, p, new EpochEndOffset(diverging.epoch(), diverging.endOffset()));
                    } else {
                        MemoryRecords records = pd.records() instanceof MemoryRecords m ? m : MemoryRecords.EMPTY;
                        p.appendAsFollower(records, pd.highWatermark());
                        p.maybeIncrementLogStartOffset(pd.logStartOffset());
                        if (quota.isThrottled(tp)) {
                            quota.record(records.sizeInBytes());
                        }
                    }
                    return s.advanced(pd.highWatermark());
                }
                case OFFSET_OUT_OF_RANGE -> {
                    resetOutOfRange(tp, p, pd);
                    return s.advanced();
                }
                default -> {
                    // The leader moved, or does not know the partition (yet): wait for the metadata to say.
                    log.debug("{}: fetch from broker {} answered {}", tp, leaderId, error);
                    return s.delayed(nowMs + config.backoffMs());
                }
            }
        } catch (RuntimeException e) {
            log.error("{}: could not apply the fetch from broker {}", tp, leaderId, e);
            return s.delayed(nowMs + config.backoffMs());
        }
    }

    private void truncate(TopicPartition tp, Partition p, EpochEndOffset leader) {
        long logEnd = p.logEndOffset();
        long target = TruncationPlanner.truncationOffset(leader,
                epoch -> p.log().epochCache().endOffsetFor(epoch, p.logEndOffset()), logEnd, p.highWatermark());
        if (target < logEnd) {
            log.info("{}: truncating from {} to {}: the leader's epoch {} ends at {}", tp, logEnd, target,
                    leader.epoch(), leader.endOffset());
            p.truncateTo(target);
        }
    }

    /**
     * The leader no longer has the offset asked for. Behind its log start: restart the log there. Otherwise this
     * follower is ahead of what the leader can serve (after an unclean election); go back to the leader's high
     * watermark, which the leader certainly has, and let the epoch check settle the rest.
     */
    private void resetOutOfRange(TopicPartition tp, Partition p, FetchResponseData.PartitionData pd) {
        long logEnd = p.logEndOffset();
        if (pd.logStartOffset() > logEnd) {
            log.warn("{}: log end {} is below the leader's log start {}; restarting the log there", tp, logEnd,
                    pd.logStartOffset());
            p.truncateFullyAndStartAt(pd.logStartOffset());
        } else if (pd.highWatermark() >= 0 && pd.highWatermark() < logEnd) {
            log.warn("{}: log end {} is beyond what leader {} serves; truncating to its high watermark {}", tp,
                    logEnd, leaderId, pd.highWatermark());
            p.truncateTo(pd.highWatermark());
        }
    }

    /** For tests: the current fetch states. */
    synchronized List<PartitionFetchState> states() {
        return new ArrayList<>(partitions.values());
    }
}
