package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.ClassicGroupState.STABLE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeGroups and ListGroups, as Kafka answers them: members' metadata and assignment are shown only for a Stable
 * group (otherwise they are in flux); an unknown group is described as Dead, with GROUP_ID_NOT_FOUND from v6 on.
 * Stateless.
 */
final class GroupQueries {
    private GroupQueries() {
    }

    static DescribeGroupsResponseData.DescribedGroup describe(GroupShard shard, String groupId, short version) {
        Group group = shard.group(groupId);
        if (!(group instanceof ClassicGroup g)) {
            DescribeGroupsResponseData.DescribedGroup dead = new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(groupId)
                .setGroupState(ClassicGroupState.DEAD.toString())
                .setProtocolType("")
                .setProtocolData("");
            if (version >= 6) {
                // Kafka describes only classic groups here; a consumer group is "not a classic group".
                dead.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage(group instanceof ConsumerGroup && !group.isDead()
                        ? "Group " + groupId + " is not a classic group." : "Group " + groupId + " not found.");
            }
            return dead;
        }
        boolean stable = g.isInState(STABLE);
        List<DescribeGroupsResponseData.DescribedGroupMember> members = new ArrayList<>();
        g.allMembers().forEach(m -> members.add(m.describe(g.protocolName(), stable)));
        return new DescribeGroupsResponseData.DescribedGroup()
            .setGroupId(groupId)
            .setGroupState(g.stateName())
            .setProtocolType(g.protocolType() == null ? "" : g.protocolType())
            .setProtocolData(stable && g.protocolName() != null ? g.protocolName() : "")
            .setMembers(members);
    }

    /**
     * The shard's groups matching both filters: states case-insensitively (v4+), types (v5+: "classic",
     * "consumer"); an empty filter matches everything. Groups being deleted are not listed.
     */
    static List<ListGroupsResponseData.ListedGroup> list(GroupShard shard, List<String> statesFilter,
                                                         List<String> typesFilter) {
        Set<String> states = statesFilter == null ? Set.of() : statesFilter.stream()
            .map(s -> s.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<Optional<Group.Type>> types = typesFilter == null ? List.of()
            : typesFilter.stream().map(Group.Type::parse).toList();
        List<ListGroupsResponseData.ListedGroup> out = new ArrayList<>();
        for (Group g : shard.groups()) {
            if (g.isDead()) {
                continue;
            }
            boolean stateOk = states.isEmpty() || g.isInStates(states);
            boolean typeOk = types.isEmpty() || types.contains(Optional.of(g.type()));
            if (stateOk && typeOk) {
                out.add(g.asListedGroup());
            }
        }
        return out;
    }
}
