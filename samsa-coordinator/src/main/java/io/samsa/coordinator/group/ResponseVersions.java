package io.samsa.coordinator.group;

import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Shapes responses for the API version they answer: fields an older version does not have go back to their defaults
 * (a non-default value in a missing, non-ignorable field makes serialization throw), and the few fields whose
 * meaning changed with a version are translated, as Kafka's response classes do. Stateless.
 */
final class ResponseVersions {
    private ResponseVersions() {
    }

    static JoinGroupResponseData joinGroup(JoinGroupResponseData r, short version) {
        if (r.memberId() == null) {
            r.setMemberId("");
        }
        if (r.leader() == null) {
            r.setLeader("");
        }
        if (version < 7) {
            // Before v7 the protocol name is not nullable (empty string for none) and there is no protocol type.
            if (r.protocolName() == null) {
                r.setProtocolName("");
            }
            r.setProtocolType(null);
        } else if ("".equals(r.protocolName())) {
            r.setProtocolName(null);
        }
        if (version < 9) {
            r.setSkipAssignment(false);
        }
        if (version < 5) {
            r.members().forEach(m -> m.setGroupInstanceId(null));
        }
        return r;
    }

    static SyncGroupResponseData syncGroup(SyncGroupResponseData r, short version) {
        if (r.assignment() == null) {
            r.setAssignment(ClassicGroupMember.EMPTY_ASSIGNMENT);
        }
        if (version < 5) {
            r.setProtocolType(null);
            r.setProtocolName(null);
        }
        return r;
    }

    /** Before v3 a LeaveGroup names one member and has one error: the member's, unless the request failed whole. */
    static LeaveGroupResponseData leaveGroup(LeaveGroupResponseData r, short version) {
        if (version >= 3) {
            return r;
        }
        short error = r.errorCode();
        if (error == Errors.NONE.code()) {
            for (LeaveGroupResponseData.MemberResponse m : r.members()) {
                if (m.errorCode() != Errors.NONE.code()) {
                    error = m.errorCode();
                    break;
                }
            }
        }
        return new LeaveGroupResponseData().setErrorCode(error).setThrottleTimeMs(r.throttleTimeMs());
    }

    static DescribeGroupsResponseData.DescribedGroup describedGroup(DescribeGroupsResponseData.DescribedGroup g,
                                                                    short version) {
        if (version < 6) {
            g.setErrorMessage(null);
        }
        if (version < 4) {
            g.members().forEach(m -> m.setGroupInstanceId(null));
        }
        return g;
    }

    static ListGroupsResponseData.ListedGroup listedGroup(ListGroupsResponseData.ListedGroup g, short version) {
        if (version < 4) {
            g.setGroupState("");
        }
        if (version < 5) {
            g.setGroupType("");
        }
        return g;
    }
}
