package io.samsa.coordinator.group;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.errors.InvalidRegularExpression;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedAssignorException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;

/**
 * The checks Kafka makes on a ConsumerGroupHeartbeat before looking at the group: the first heartbeat (epoch 0) must
 * be a full request (rebalance timeout, a subscription, no owned partitions), member ids are client-generated from
 * v1 on, and the server assignor must be configured. Stateless.
 *
 * <p>Kafka compiles subscribed regexes with RE2/J; Samsa uses {@link java.util.regex.Pattern}, which accepts a
 * superset of RE2's syntax (back-references, look-around), so a few expressions Kafka rejects are accepted here.
 */
final class ConsumerGroupHeartbeatValidator {
    private ConsumerGroupHeartbeatValidator() {
    }

    static void validate(ConsumerGroupHeartbeatRequestData req, short version, List<String> assignors) {
        throwIfEmpty(req.groupId(), "GroupId can't be empty.");
        throwIfEmpty(req.instanceId(), "InstanceId can't be empty.");
        throwIfEmpty(req.rackId(), "RackId can't be empty.");
        if (version >= 1 && (req.memberId() == null || req.memberId().isEmpty())) {
            throw new InvalidRequestException("MemberId can't be empty.");
        }
        int epoch = req.memberEpoch();
        if (epoch > 0 || epoch == ConsumerGroupMember.LEAVE_GROUP_EPOCH) {
            throwIfNullOrEmpty(req.memberId(), "MemberId can't be empty.");
        } else if (epoch == 0) {
            if (req.rebalanceTimeoutMs() == -1) {
                throw new InvalidRequestException("RebalanceTimeoutMs must be provided in first request.");
            }
            if (req.topicPartitions() == null || !req.topicPartitions().isEmpty()) {
                throw new InvalidRequestException("TopicPartitions must be empty when (re-)joining.");
            }
            if (req.subscribedTopicNames() == null && req.subscribedTopicRegex() == null) {
                throw new InvalidRequestException("Either SubscribedTopicNames or SubscribedTopicRegex must be"
                    + " non-null when (re-)joining.");
            }
        } else if (epoch == ConsumerGroupMember.LEAVE_GROUP_STATIC_EPOCH) {
            throwIfNullOrEmpty(req.memberId(), "MemberId can't be empty.");
            if (req.instanceId() == null) {
                throw new InvalidRequestException("InstanceId can't be null.");
            }
        } else {
            throw new InvalidRequestException("MemberEpoch is invalid.");
        }
        if (req.subscribedTopicRegex() != null && !req.subscribedTopicRegex().isEmpty()) {
            try {
                Pattern.compile(req.subscribedTopicRegex());
            } catch (PatternSyntaxException e) {
                throw new InvalidRegularExpression("SubscribedTopicRegex `" + req.subscribedTopicRegex()
                    + "` is not a valid regular expression: " + e.getDescription() + ".");
            }
        }
        if (req.serverAssignor() != null && !assignors.contains(req.serverAssignor())) {
            throw new UnsupportedAssignorException("ServerAssignor " + req.serverAssignor()
                + " is not supported. Supported assignors: " + String.join(", ", assignors) + ".");
        }
    }

    private static void throwIfEmpty(String s, String message) {
        if (s != null && s.trim().isEmpty()) {
            throw new InvalidRequestException(message);
        }
    }

    private static void throwIfNullOrEmpty(String s, String message) {
        if (s == null || s.trim().isEmpty()) {
            throw new InvalidRequestException(message);
        }
    }
}
