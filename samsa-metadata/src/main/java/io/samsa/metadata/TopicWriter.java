package io.samsa.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Topic writes: each is one ZooKeeper multi-op transaction, so other brokers see a topic appear with its
 * partition states and config, or disappear with them, never half of it; and after each, the same change is
 * applied to this store's {@link ZkMetadataCache} so that the caller reads its own write.
 *
 * <p>A transaction that loses a race it can recover from (a config znode created or deleted meanwhile, a
 * concurrent update of the topic znode) is re-read and retried, up to {@link #MAX_ATTEMPTS} times.
 *
 * <p>Curator retries an operation whose connection was lost, so an operation may reach ZooKeeper twice. Where
 * the outcome allows telling, the second attempt recognises the first's success: a create finding its own
 * topic id, an add-partitions finding exactly its own partitions. A delete whose first attempt succeeded
 * reports the topic unknown.
 *
 * <p>Size limit: a transaction is one ZooKeeper request, bounded by {@code jute.maxbuffer} (1 MiB by
 * default), which allows several thousand partitions per call. Thread-safe (stateless apart from its
 * collaborators).
 */
final class TopicWriter {
    static final int MAX_ATTEMPTS = 10;

    private final CuratorFramework client;
    private final ZkMetadataCache cache;

    TopicWriter(CuratorFramework client, ZkMetadataCache cache) {
        this.client = client;
        this.cache = cache;
    }

    // ---- create

    void createTopic(TopicMetadata topic, Map<Integer, PartitionState> states, Map<String, String> configs) {
        Topic.validate(topic.name());
        if (topic.topicId() == null) {
            throw new IllegalArgumentException("Topic " + topic.name() + " has no topic id");
        }
        if (topic.assignment().isEmpty()) {
            throw new InvalidPartitionsException("Topic " + topic.name() + " must have at least one partition");
        }
        requireSubset(topic.name(), states, topic.assignment());
        String name = topic.name();
        TopicZNode.Data data = TopicZNode.Data.of(topic);
        byte[] topicBytes = TopicZNode.encode(data);
        byte[] configBytes = TopicConfigZNode.encode(configs);
        ZkErrors.call("creating topic " + name, () -> {
            Stat configBefore = null; // the config znode as it was before our transaction, if it existed
            boolean retried = false;
            for (int attempt = 1; ; attempt++) {
                configBefore = client.checkExists().forPath(ZkPaths.topicConfig(name));
                List<CuratorOp> ops = new ArrayList<>();
                ops.add(client.transactionOp().create().forPath(ZkPaths.topic(name), topicBytes));
                ops.add(client.transactionOp().create().forPath(ZkPaths.partitions(name), null));
                for (Integer p : topic.assignment().keySet()) {
                    ops.add(client.transactionOp().create().forPath(ZkPaths.partition(name, p), null));
                    PartitionState state = states.get(p);
                    if (state != null) {
                        ops.add(client.transactionOp().create().forPath(ZkPaths.partitionState(name, p),
                            PartitionStateZNode.encode(state)));
                    }
                }
                // A config znode may outlive its topic (Kafka's tools can set configs before creating one).
                ops.add(configBefore == null
                    ? client.transactionOp().create().forPath(ZkPaths.topicConfig(name), configBytes)
                    : client.transactionOp().setData().withVersion(configBefore.getVersion())
                        .forPath(ZkPaths.topicConfig(name), configBytes));
                try {
                    client.transaction().forOperations(ops);
                    break;
                } catch (KeeperException e) {
                    ZkErrors.MultiFailure failure = ZkErrors.MultiFailure.of(e);
                    if (failure.index() == 0 && failure.code() == KeeperException.Code.NODEEXISTS) {
                        if (isOurs(name, topic)) {
                            retried = true; // a retried request whose first attempt succeeded
                            break;
                        }
                        throw new TopicExistsException("Topic '" + name + "' already exists.");
                    }
                    if (failure.index() == ops.size() - 1 && attempt < MAX_ATTEMPTS) {
                        continue; // the config znode changed under us
                    }
                    throw new UnknownServerException("Cannot create topic " + name + ": ZooKeeper refused op "
                        + failure.index() + " (" + failure.code() + "); leftover znodes under "
                        + ZkPaths.topic(name) + "?", e);
                }
            }
            // Creates in a transaction return no Stat; every znode created by it has czxid = mzxid = the
            // transaction's zxid, which the topic znode tells us.
            Stat stat = new Stat();
            byte[] written;
            try {
                written = client.getData().storingStatIn(stat).forPath(ZkPaths.topic(name));
            } catch (KeeperException.NoNodeException e) {
                return null; // already deleted by someone else; the watch reports both changes
            }
            if (!TopicZNode.decode(name, written).topic().topicId().equals(topic.topicId())) {
                return null; // already deleted and re-created by someone else; the watch will catch up
            }
            long zxid = stat.getCzxid();
            List<ZkMetadataCache.Write> writes = new ArrayList<>();
            writes.add(ZkMetadataCache.Write.created(new ZkPaths.TopicRef(name), data, zxid));
            states.forEach((p, state) -> writes.add(ZkMetadataCache.Write.created(
                new ZkPaths.PartitionStateRef(new TopicPartition(name, p)), state, zxid)));
            if (!retried) {
                long configCzxid = configBefore == null ? zxid : configBefore.getCzxid();
                int configVersion = configBefore == null ? 0 : configBefore.getVersion() + 1;
                writes.add(new ZkMetadataCache.Write(new ZkPaths.TopicConfigRef(name), Map.copyOf(configs),
                    configCzxid, zxid, configVersion));
            }
            cache.apply(writes);
            return null;
        });
    }

    private boolean isOurs(String name, TopicMetadata topic) throws Exception {
        try {
            byte[] existing = client.getData().forPath(ZkPaths.topic(name));
            return TopicZNode.decode(name, existing).topic().equals(topic);
        } catch (KeeperException.NoNodeException e) {
            return false;
        }
    }

    // ---- delete

    void deleteTopic(String name) {
        ZkErrors.call("deleting topic " + name, () -> {
            for (int attempt = 1; ; attempt++) {
                Stat topicStat = client.checkExists().forPath(ZkPaths.topic(name));
                if (topicStat == null) {
                    throw unknownTopic(name);
                }
                List<String> subtree = new ArrayList<>();
                collectPostOrder(ZkPaths.partitions(name), subtree);
                subtree.add(ZkPaths.topic(name));
                Stat configStat = client.checkExists().forPath(ZkPaths.topicConfig(name));
                List<CuratorOp> ops = new ArrayList<>();
                for (String path : subtree) {
                    ops.add(client.transactionOp().delete().forPath(path));
                }
                if (configStat != null) {
                    ops.add(client.transactionOp().delete().forPath(ZkPaths.topicConfig(name)));
                }
                try {
                    client.transaction().forOperations(ops);
                } catch (KeeperException e) {
                    ZkErrors.MultiFailure failure = ZkErrors.MultiFailure.of(e);
                    if (attempt < MAX_ATTEMPTS && (failure.code() == KeeperException.Code.NONODE
                        || failure.code() == KeeperException.Code.NOTEMPTY)) {
                        continue; // the tree changed since we listed it; list again
                    }
                    throw e;
                }
                List<ZkMetadataCache.Write> writes = new ArrayList<>();
                for (TopicPartition tp : cache.statePartitions(name)) {
                    writes.add(ZkMetadataCache.Write.removed(new ZkPaths.PartitionStateRef(tp), -1));
                }
                writes.add(ZkMetadataCache.Write.removed(new ZkPaths.TopicRef(name), topicStat.getCzxid()));
                if (configStat != null) {
                    writes.add(ZkMetadataCache.Write.removed(new ZkPaths.TopicConfigRef(name),
                        configStat.getCzxid()));
                }
                cache.apply(writes);
                return null;
            }
        });
    }

    /** Adds {@code path}'s descendants and then {@code path} itself to {@code out}; nothing if it is absent. */
    private void collectPostOrder(String path, List<String> out) throws Exception {
        List<String> children;
        try {
            children = client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return;
        }
        for (String child : children) {
            collectPostOrder(path + "/" + child, out);
        }
        out.add(path);
    }

    // ---- add partitions

    void addPartitions(String name, SortedMap<Integer, List<Integer>> newPartitions,
                       Map<Integer, PartitionState> states) {
        if (newPartitions.isEmpty()) {
            throw new InvalidPartitionsException("No partitions to add to topic " + name);
        }
        requireSubset(name, states, newPartitions);
        ZkErrors.call("adding partitions to topic " + name, () -> {
            for (int attempt = 1; ; attempt++) {
                Stat stat = new Stat();
                byte[] bytes;
                try {
                    bytes = client.getData().storingStatIn(stat).forPath(ZkPaths.topic(name));
                } catch (KeeperException.NoNodeException e) {
                    throw unknownTopic(name);
                }
                TopicZNode.Data current = TopicZNode.decode(name, bytes);
                SortedMap<Integer, List<Integer>> assignment = current.topic().assignment();
                List<Integer> existing = newPartitions.keySet().stream().filter(assignment::containsKey).toList();
                if (!existing.isEmpty()) {
                    boolean sameAsRequested = existing.size() == newPartitions.size()
                        && existing.stream().allMatch(p -> assignment.get(p).equals(newPartitions.get(p)));
                    if (sameAsRequested) {
                        return null; // a retried request whose first attempt succeeded
                    }
                    throw new InvalidPartitionsException("Topic " + name + " already has partitions " + existing);
                }
                TreeMap<Integer, List<Integer>> merged = new TreeMap<>(assignment);
                merged.putAll(newPartitions);
                TopicZNode.Data updated = current.withAssignment(java.util.Collections.unmodifiableSortedMap(merged));
                boolean hasPartitionsZNode = client.checkExists().forPath(ZkPaths.partitions(name)) != null;

                List<CuratorOp> ops = new ArrayList<>();
                ops.add(client.transactionOp().setData().withVersion(stat.getVersion())
                    .forPath(ZkPaths.topic(name), TopicZNode.encode(updated)));
                if (!hasPartitionsZNode) {
                    ops.add(client.transactionOp().create().forPath(ZkPaths.partitions(name), null));
                }
                for (Integer p : newPartitions.keySet()) {
                    ops.add(client.transactionOp().create().forPath(ZkPaths.partition(name, p), null));
                    PartitionState state = states.get(p);
                    if (state != null) {
                        ops.add(client.transactionOp().create().forPath(ZkPaths.partitionState(name, p),
                            PartitionStateZNode.encode(state)));
                    }
                }
                List<CuratorTransactionResult> results;
                try {
                    results = client.transaction().forOperations(ops);
                } catch (KeeperException e) {
                    ZkErrors.MultiFailure failure = ZkErrors.MultiFailure.of(e);
                    if (failure.index() == 0 && failure.code() == KeeperException.Code.NONODE) {
                        throw unknownTopic(name);
                    }
                    if (attempt < MAX_ATTEMPTS && (failure.index() == 0 || failure.index() == 1)) {
                        continue; // the topic (or its partitions znode) changed meanwhile; re-read
                    }
                    throw new UnknownServerException("Cannot add partitions to topic " + name
                        + ": ZooKeeper refused op " + failure.index() + " (" + failure.code()
                        + "); leftover partition znodes under " + ZkPaths.partitions(name) + "?", e);
                }
                Stat written = results.get(0).getResultStat();
                long zxid = written.getMzxid();
                List<ZkMetadataCache.Write> writes = new ArrayList<>();
                writes.add(ZkMetadataCache.Write.of(new ZkPaths.TopicRef(name), updated, written));
                states.forEach((p, state) -> writes.add(ZkMetadataCache.Write.created(
                    new ZkPaths.PartitionStateRef(new TopicPartition(name, p)), state, zxid)));
                cache.apply(writes);
                return null;
            }
        });
    }

    // ---- config

    void setTopicConfig(String name, Map<String, String> configs) {
        byte[] bytes = TopicConfigZNode.encode(configs);
        Map<String, String> value = Map.copyOf(configs);
        String configPath = ZkPaths.topicConfig(name);
        ZkErrors.call("setting the config of topic " + name, () -> {
            for (int attempt = 1; ; attempt++) {
                // Usually the config znode exists (createTopic makes one); the check op makes the write
                // conditional on the topic existing.
                boolean exists = client.checkExists().forPath(configPath) != null;
                CuratorOp write = exists
                    ? client.transactionOp().setData().forPath(configPath, bytes)
                    : client.transactionOp().create().forPath(configPath, bytes);
                List<CuratorTransactionResult> results;
                try {
                    results = client.transaction().forOperations(
                        client.transactionOp().check().forPath(ZkPaths.topic(name)), write);
                } catch (KeeperException e) {
                    ZkErrors.MultiFailure failure = ZkErrors.MultiFailure.of(e);
                    if (failure.index() == 0 && failure.code() == KeeperException.Code.NONODE) {
                        throw unknownTopic(name);
                    }
                    if (failure.index() == 1 && attempt < MAX_ATTEMPTS) {
                        continue; // the config znode was created or deleted meanwhile
                    }
                    throw e;
                }
                if (exists) {
                    Stat stat = results.get(1).getResultStat();
                    cache.apply(List.of(ZkMetadataCache.Write.of(new ZkPaths.TopicConfigRef(name), value, stat)));
                } else {
                    // Creates in a transaction return no Stat: read back, and apply what was read with its Stat
                    // (someone may have written again since).
                    Stat stat = new Stat();
                    try {
                        byte[] read = client.getData().storingStatIn(stat).forPath(configPath);
                        cache.apply(List.of(ZkMetadataCache.Write.of(new ZkPaths.TopicConfigRef(name),
                            TopicConfigZNode.decode(name, read), stat)));
                    } catch (KeeperException.NoNodeException e) {
                        // deleted meanwhile (with its topic); the watch reports that
                    }
                }
                return null;
            }
        });
    }

    private static UnknownTopicOrPartitionException unknownTopic(String name) {
        return new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
    }

    private static void requireSubset(String topic, Map<Integer, PartitionState> states,
                                      Map<Integer, List<Integer>> partitions) {
        for (Integer p : states.keySet()) {
            if (!partitions.containsKey(p)) {
                throw new IllegalArgumentException("State given for partition " + p + " of topic " + topic
                    + ", which is not among the partitions " + partitions.keySet());
            }
        }
    }
}
