package io.samsa.coordinator.group;

import java.util.List;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Builds an OffsetFetch response of any version from the per-group results of {@link
 * GroupCoordinator#fetchOffsets}: v8+ lists groups; v1-v7 carry one group's topics at the top level, v2+ with a
 * top-level error, v1 with the group's error repeated on every requested partition (it has no other place).
 * Stateless.
 */
public final class OffsetFetchResponses {
    private OffsetFetchResponses() {
    }

    /** OffsetFetch v8+: the groups as they are. */
    public static OffsetFetchResponseData multiGroup(List<OffsetFetchResponseData.OffsetFetchResponseGroup> groups) {
        return new OffsetFetchResponseData().setGroups(groups);
    }

    /** OffsetFetch v1-v7: the one group's result, for the request it answers. */
    public static OffsetFetchResponseData singleGroup(OffsetFetchRequestData request,
                                                      OffsetFetchResponseData.OffsetFetchResponseGroup result,
                                                      short version) {
        if (version >= 8) {
            throw new IllegalArgumentException("OffsetFetch v" + version + " lists groups: use multiGroup");
        }
        OffsetFetchResponseData data = new OffsetFetchResponseData();
        Errors groupError = Errors.forCode(result.errorCode());
        if (groupError != Errors.NONE && version < 2) {
            if (request.topics() != null) {
                for (OffsetFetchRequestData.OffsetFetchRequestTopic t : request.topics()) {
                    OffsetFetchResponseData.OffsetFetchResponseTopic topic =
                        new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(t.name());
                    t.partitionIndexes().forEach(p -> topic.partitions().add(
                        new OffsetFetchResponseData.OffsetFetchResponsePartition()
                            .setPartitionIndex(p).setCommittedOffset(-1L).setMetadata("")
                            .setErrorCode(groupError.code())));
                    data.topics().add(topic);
                }
            }
            return data;
        }
        for (OffsetFetchResponseData.OffsetFetchResponseTopics t : result.topics()) {
            OffsetFetchResponseData.OffsetFetchResponseTopic topic =
                new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(t.name());
            for (OffsetFetchResponseData.OffsetFetchResponsePartitions p : t.partitions()) {
                topic.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                    .setPartitionIndex(p.partitionIndex())
                    .setCommittedOffset(p.committedOffset())
                    .setCommittedLeaderEpoch(version >= 5 ? p.committedLeaderEpoch() : -1)
                    .setMetadata(p.metadata())
                    .setErrorCode(p.errorCode()));
            }
            data.topics().add(topic);
        }
        if (version >= 2) {
            data.setErrorCode(result.errorCode());
        }
        return data;
    }
}
