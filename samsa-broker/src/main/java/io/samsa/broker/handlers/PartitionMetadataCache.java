package io.samsa.broker.handlers;

import io.samsa.metadata.PartitionState;
import io.samsa.metadata.TopicMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.protocol.Errors;

/**
 * The partition part of Metadata responses, built once per topic and reused until the topic, its partition
 * states or the set of live brokers change: a client polling a topic of 10,000 partitions would otherwise have
 * the broker build 10,000 objects per request.
 *
 * <p>The cached lists and their elements are never mutated after they are built, so concurrent responses may
 * serialize them at once. (The topic objects cannot be shared: a response's topic collection links its
 * elements through fields of the elements themselves.) Owned by {@link MetadataHandler}; thread-safe.
 */
final class PartitionMetadataCache {
    private record Entry(TopicMetadata topic, Map<Integer, PartitionState> states, Set<Integer> liveIds,
                         Set<Integer> offlineHere, List<MetadataResponsePartition> partitions) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile Map<String, TopicMetadata> prunedAgainst;

    /**
     * The partitions of {@code topic} as Metadata reports them. {@code states} must be the metadata store's
     * immutable view, which keeps its identity until a state changes. {@code offlineHere} are the partitions of the
     * topic whose replica on broker {@code localBrokerId} has no usable log: that replica is reported offline, and
     * no leader if it leads.
     */
    List<MetadataResponsePartition> partitions(TopicMetadata topic, Map<Integer, PartitionState> states,
                                               Set<Integer> liveIds, int localBrokerId, Set<Integer> offlineHere) {
        Entry e = entries.get(topic.name());
        if (e != null && e.topic() == topic && e.states() == states && e.liveIds().equals(liveIds)
                && e.offlineHere().equals(offlineHere)) {
            return e.partitions();
        }
        List<MetadataResponsePartition> built = build(topic, states, liveIds, localBrokerId, offlineHere);
        entries.put(topic.name(), new Entry(topic, states, Set.copyOf(liveIds), Set.copyOf(offlineHere), built));
        return built;
    }

    /**
     * Drops entries of topics absent from {@code topics}, the metadata store's view, which keeps its identity until
     * a topic changes: so the pruning runs once per change, not per request.
     */
    void retainTopics(Map<String, TopicMetadata> topics) {
        if (topics != prunedAgainst) {
            prunedAgainst = topics;
            entries.keySet().retainAll(topics.keySet());
        }
    }

    private static List<MetadataResponsePartition> build(TopicMetadata t, Map<Integer, PartitionState> states,
                                                         Set<Integer> liveIds, int localBrokerId,
                                                         Set<Integer> offlineHere) {
        List<MetadataResponsePartition> out = new ArrayList<>(t.assignment().size());
        for (Map.Entry<Integer, List<Integer>> e : t.assignment().entrySet()) {
            PartitionState s = states.get(e.getKey());
            List<Integer> replicas = e.getValue();
            boolean offlineLocally = offlineHere.contains(e.getKey());
            List<Integer> offline = new ArrayList<>();
            for (Integer r : replicas) {
                if (!liveIds.contains(r) || (offlineLocally && r == localBrokerId)) {
                    offline.add(r);
                }
            }
            int leader = s == null ? -1 : s.leader();
            boolean leaderLive = leader >= 0 && liveIds.contains(leader) && !offline.contains(leader);
            out.add(new MetadataResponsePartition()
                    .setPartitionIndex(e.getKey())
                    .setErrorCode((leaderLive ? Errors.NONE : Errors.LEADER_NOT_AVAILABLE).code())
                    .setLeaderId(leaderLive ? leader : -1)
                    .setLeaderEpoch(s == null ? -1 : s.leaderEpoch())
                    .setReplicaNodes(new ArrayList<>(replicas))
                    .setIsrNodes(s == null ? new ArrayList<>() : new ArrayList<>(s.isr()))
                    .setOfflineReplicas(offline));
        }
        return out;
    }
}
