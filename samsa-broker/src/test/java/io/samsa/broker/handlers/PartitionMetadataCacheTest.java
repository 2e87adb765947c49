package io.samsa.broker.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.metadata.PartitionState;
import io.samsa.metadata.TopicMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class PartitionMetadataCacheTest {
    private final PartitionMetadataCache cache = new PartitionMetadataCache();
    private final TopicMetadata topic = new TopicMetadata("t", Uuid.randomUuid(),
            TopicMetadata.sorted(Map.of(0, List.of(1, 2), 1, List.of(2, 1))));
    private final Map<Integer, PartitionState> states = Map.of(
            0, new PartitionState(1, 3, List.of(1, 2), 1),
            1, new PartitionState(2, 4, List.of(2, 1), 1));

    @Test
    void describesLeadersEpochsReplicasAndIsr() {
        List<MetadataResponsePartition> parts = cache.partitions(topic, states, Set.of(1, 2), 1, Set.of());
        assertThat(parts).extracting(MetadataResponsePartition::leaderId).containsExactly(1, 2);
        assertThat(parts).extracting(MetadataResponsePartition::leaderEpoch).containsExactly(3, 4);
        assertThat(parts.get(1).replicaNodes()).containsExactly(2, 1);
        assertThat(parts.get(0).isrNodes()).containsExactly(1, 2);
        assertThat(parts).allSatisfy(p -> assertThat(p.offlineReplicas()).isEmpty());
    }

    @Test
    void isReusedWhileNothingChanges() {
        List<MetadataResponsePartition> first = cache.partitions(topic, states, Set.of(1, 2), 1, Set.of());
        assertThat(cache.partitions(topic, states, Set.of(2, 1), 1, Set.of())).isSameAs(first);
    }

    @Test
    void aBrokerGoingAwayShowsAtOnce() {
        cache.partitions(topic, states, Set.of(1, 2), 1, Set.of());
        List<MetadataResponsePartition> parts = cache.partitions(topic, states, Set.of(2), 1, Set.of());
        assertThat(parts.get(0).errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(parts.get(0).leaderId()).isEqualTo(-1);
        assertThat(parts.get(0).offlineReplicas()).containsExactly(1);
        assertThat(parts.get(1).leaderId()).isEqualTo(2);
    }

    @Test
    void aNewLeaderEpochShowsAtOnce() {
        cache.partitions(topic, states, Set.of(1, 2), 1, Set.of());
        Map<Integer, PartitionState> moved = Map.of(
                0, new PartitionState(2, 5, List.of(2), 1),
                1, states.get(1));
        List<MetadataResponsePartition> parts = cache.partitions(topic, moved, Set.of(1, 2), 1, Set.of());
        assertThat(parts.get(0).leaderId()).isEqualTo(2);
        assertThat(parts.get(0).leaderEpoch()).isEqualTo(5);
        assertThat(parts.get(0).isrNodes()).containsExactly(2);
    }

    @Test
    void aLocalReplicaWithoutALogIsOfflineAndLeadsNothing() {
        List<MetadataResponsePartition> parts = cache.partitions(topic, states, Set.of(1, 2), 1, Set.of(0));
        assertThat(parts.get(0).errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(parts.get(0).leaderId()).isEqualTo(-1);
        assertThat(parts.get(0).offlineReplicas()).containsExactly(1);
        assertThat(parts.get(1).leaderId()).isEqualTo(2);
        assertThat(parts.get(1).offlineReplicas()).isEmpty();

        List<MetadataResponsePartition> recovered = cache.partitions(topic, states, Set.of(1, 2), 1, Set.of());
        assertThat(recovered.get(0).leaderId()).isEqualTo(1);
        assertThat(recovered.get(0).offlineReplicas()).isEmpty();
    }
}
