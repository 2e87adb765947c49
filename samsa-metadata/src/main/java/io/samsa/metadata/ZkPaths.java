package io.samsa.metadata;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's znode paths (relative to the chroot) and the reverse mapping from a path to the thing it holds.
 *
 * <pre>
 * /cluster/id                                   cluster id
 * /brokers/ids/&lt;id&gt;                             live broker (ephemeral)
 * /brokers/topics/&lt;topic&gt;                       topic id and replica assignment
 * /brokers/topics/&lt;topic&gt;/partitions/&lt;p&gt;/state  leader, leader epoch, ISR
 * /config/topics/&lt;topic&gt;                        topic config overrides
 * /config/brokers/&lt;id&gt; or &lt;default&gt;            dynamic broker configs (one broker, or the cluster default)
 * /controller                                   the active controller (ephemeral)
 * /controller_epoch                             the controller epoch (its version fences stale controllers)
 * /samsa/controlled_shutdown/&lt;id&gt;               a broker's controlled-shutdown request (ephemeral)
 * /kafka-acl/&lt;ResourceType&gt;/&lt;name&gt;              literal ACLs of one resource (see AclZNode)
 * /kafka-acl-extended/prefixed/&lt;Type&gt;/&lt;name&gt;    prefixed ACLs
 * /kafka-acl-changes, /kafka-acl-extended-changes  ACL change notifications, for Kafka brokers on the same tree
 * </pre>
 *
 * <p>Topic names are validated by Kafka's rules before they reach a path, so they never contain {@code /}.
 */
final class ZkPaths {
    static final String CLUSTER = "/cluster";
    static final String BROKERS = "/brokers";
    static final String BROKER_IDS = "/brokers/ids";
    static final String TOPICS = "/brokers/topics";
    static final String CONFIG = "/config";
    static final String CONFIG_TOPICS = "/config/topics";
    static final String CONFIG_BROKERS = "/config/brokers";
    static final String CONTROLLER = "/controller";
    static final String CONTROLLER_EPOCH = "/controller_epoch";
    static final String CONTROLLED_SHUTDOWN = "/samsa/controlled_shutdown";
    static final String ACLS_LITERAL = "/kafka-acl";
    static final String ACLS_EXTENDED = "/kafka-acl-extended";
    static final String ACL_CHANGES_LITERAL = "/kafka-acl-changes";
    static final String ACL_CHANGES_EXTENDED = "/kafka-acl-extended-changes";

    /**
     * Persistent paths a Kafka broker creates on start-up ({@code ZkData.PersistentZkPaths} in Kafka 3.x), so
     * that Kafka's own tools find the tree they expect.
     */
    static final List<String> PERSISTENT_PATHS = List.of(
        "/consumers",
        BROKER_IDS,
        TOPICS,
        "/config/changes",
        "/admin/delete_topics",
        "/brokers/seqid",
        "/isr_change_notification",
        "/latest_producer_id_block",
        "/log_dir_event_notification",
        CONFIG_TOPICS,
        "/config/clients",
        "/config/users",
        CONFIG_BROKERS,
        "/config/ips",
        CLUSTER,
        CONTROLLED_SHUTDOWN);

    private ZkPaths() {
    }

    static String clusterId() {
        return CLUSTER + "/id";
    }

    static String broker(int brokerId) {
        return BROKER_IDS + "/" + brokerId;
    }

    static String topic(String topic) {
        return TOPICS + "/" + topic;
    }

    static String partitions(String topic) {
        return topic(topic) + "/partitions";
    }

    static String partition(String topic, int partition) {
        return partitions(topic) + "/" + partition;
    }

    static String partitionState(String topic, int partition) {
        return partition(topic, partition) + "/state";
    }

    static String topicConfig(String topic) {
        return CONFIG_TOPICS + "/" + topic;
    }

    /** @param entity a broker id, or {@code <default>} for the cluster-wide default */
    static String brokerConfig(String entity) {
        return CONFIG_BROKERS + "/" + entity;
    }

    static String controlledShutdown(int brokerId) {
        return CONTROLLED_SHUTDOWN + "/" + brokerId;
    }

    /** What a watched znode holds. */
    sealed interface Ref permits BrokerRef, TopicRef, PartitionStateRef, TopicConfigRef, BrokerConfigRef,
        ControllerRef, ControlledShutdownRef {
    }

    record ControllerRef() implements Ref {
    }

    record ControlledShutdownRef(int brokerId) implements Ref {
    }

    record BrokerRef(int brokerId) implements Ref {
    }

    record TopicRef(String topic) implements Ref {
    }

    record PartitionStateRef(TopicPartition partition) implements Ref {
    }

    record TopicConfigRef(String topic) implements Ref {
    }

    record BrokerConfigRef(String entity) implements Ref {
    }

    /**
     * Maps a path to what it holds, or null for paths the store does not model (parents such as
     * {@code /brokers/topics/t/partitions}, {@code /brokers/seqid}, or anything written by other tools).
     */
    static Ref parse(String path) {
        String[] p = path.split("/");
        // p[0] is "" because paths start with '/'
        if (p.length == 4 && p[1].equals("brokers") && p[2].equals("ids")) {
            try {
                return new BrokerRef(Integer.parseInt(p[3]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (p.length == 4 && p[1].equals("brokers") && p[2].equals("topics")) {
            return new TopicRef(p[3]);
        }
        if (p.length == 7 && p[1].equals("brokers") && p[2].equals("topics") && p[4].equals("partitions")
            && p[6].equals("state")) {
            try {
                return new PartitionStateRef(new TopicPartition(p[3], Integer.parseInt(p[5])));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (p.length == 4 && p[1].equals("config") && p[2].equals("topics")) {
            return new TopicConfigRef(p[3]);
        }
        if (p.length == 4 && p[1].equals("config") && p[2].equals("brokers")) {
            return new BrokerConfigRef(p[3]);
        }
        if (path.equals(CONTROLLER)) {
            return new ControllerRef();
        }
        if (p.length == 4 && p[1].equals("samsa") && p[2].equals("controlled_shutdown")) {
            try {
                return new ControlledShutdownRef(Integer.parseInt(p[3]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
