package io.samsa.metadata;

import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.kafka.common.utils.Time;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZooKeeper side of controller election, as ZooKeeper-mode Kafka does it
 * ({@code KafkaZkClient.registerControllerAndIncrementControllerEpoch}): read {@code /controller_epoch} (creating
 * it at 0 if absent), then in one transaction create the ephemeral {@code /controller} and write epoch + 1
 * conditionally on the version read. Whoever commits that transaction is the controller; everyone else gets
 * {@code NODEEXISTS} (someone holds {@code /controller}) or {@code BADVERSION} (someone incremented the epoch).
 *
 * <p>A transaction retried by Curator after a dropped connection may fail against its own success; that case is
 * recognised by {@code /controller} naming this broker, owned by this session, with the epoch we wrote.
 *
 * <p>Crash behaviour: {@code /controller} is ephemeral, so a dead controller's session expiry frees it; the epoch
 * is persistent and only grows. Thread-safe (stateless).
 */
final class ZkControllerElection {
    private static final Logger LOG = LoggerFactory.getLogger(ZkControllerElection.class);

    private final CuratorFramework client;
    private final ZkMetadataCache cache;
    private final Time time;

    ZkControllerElection(CuratorFramework client, ZkMetadataCache cache, Time time) {
        this.client = client;
        this.cache = cache;
        this.time = time;
    }

    Optional<ControllerEpoch> tryBecomeController(int brokerId) {
        return ZkErrors.call("electing broker " + brokerId + " as controller", () -> {
            Stat epochStat = new Stat();
            int current = readOrCreateEpoch(epochStat);
            int next = current + 1;
            List<CuratorTransactionResult> results;
            try {
                results = client.transaction().forOperations(
                    client.transactionOp().create().withMode(CreateMode.EPHEMERAL)
                        .forPath(ZkPaths.CONTROLLER, ControllerZNode.encode(brokerId, time.milliseconds())),
                    client.transactionOp().setData().withVersion(epochStat.getVersion())
                        .forPath(ZkPaths.CONTROLLER_EPOCH, ControllerZNode.encodeEpoch(next)));
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
                return ownEarlierWin(brokerId, next);
            }
            Stat written = results.get(1).getResultStat();
            applyController(brokerId);
            LOG.info("Broker {} won the controller election: controller epoch {} (znode version {})", brokerId,
                next, written.getVersion());
            return Optional.of(new ControllerEpoch(next, written.getVersion()));
        });
    }

    private int readOrCreateEpoch(Stat stat) throws Exception {
        while (true) {
            try {
                return ControllerZNode.decodeEpoch(client.getData().storingStatIn(stat)
                    .forPath(ZkPaths.CONTROLLER_EPOCH));
            } catch (KeeperException.NoNodeException e) {
                try {
                    client.create().forPath(ZkPaths.CONTROLLER_EPOCH, ControllerZNode.encodeEpoch(0));
                } catch (KeeperException.NodeExistsException raced) {
                    // another broker created it first
                }
            }
        }
    }

    /** After losing the transaction: did our own earlier attempt (retried by Curator) win? */
    private Optional<ControllerEpoch> ownEarlierWin(int brokerId, int epochWeWrote) throws Exception {
        if (!holds(brokerId)) {
            return Optional.empty();
        }
        Stat stat = new Stat();
        int epoch = ControllerZNode.decodeEpoch(client.getData().storingStatIn(stat)
            .forPath(ZkPaths.CONTROLLER_EPOCH));
        if (epoch != epochWeWrote) {
            return Optional.empty();
        }
        applyController(brokerId);
        return Optional.of(new ControllerEpoch(epoch, stat.getVersion()));
    }

    /** Whether {@code /controller} names {@code brokerId} and belongs to this client's current session. */
    boolean holds(int brokerId) {
        return ZkErrors.call("reading " + ZkPaths.CONTROLLER, () -> {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(ZkPaths.CONTROLLER);
            } catch (KeeperException.NoNodeException e) {
                return false;
            }
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            return stat.getEphemeralOwner() == session && ControllerZNode.decode(data) == brokerId;
        });
    }

    void resign(int brokerId) {
        ZkErrors.call("resigning as controller", () -> {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(ZkPaths.CONTROLLER);
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            if (stat.getEphemeralOwner() != session || ControllerZNode.decode(data) != brokerId) {
                return null;
            }
            try {
                client.delete().withVersion(stat.getVersion()).forPath(ZkPaths.CONTROLLER);
                cache.apply(List.of(ZkMetadataCache.Write.removed(new ZkPaths.ControllerRef(), stat.getCzxid())));
                LOG.info("Broker {} resigned as controller", brokerId);
            } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
                // already gone or replaced
            }
            return null;
        });
    }

    /** Applies {@code /controller} as it now is to the cache, so this store reads its own election. */
    private void applyController(int brokerId) throws Exception {
        Stat stat = new Stat();
        try {
            int holder = ControllerZNode.decode(client.getData().storingStatIn(stat).forPath(ZkPaths.CONTROLLER));
            cache.apply(List.of(ZkMetadataCache.Write.of(new ZkPaths.ControllerRef(), holder, stat)));
        } catch (KeeperException.NoNodeException gone) {
            LOG.info("Broker {}'s controller znode is already gone again", brokerId);
        }
    }
}
