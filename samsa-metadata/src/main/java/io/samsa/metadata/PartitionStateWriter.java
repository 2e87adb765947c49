package io.samsa.metadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.kafka.common.TopicPartition;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Conditional writes of partition state znodes: one for a partition's leader (ISR shrink and expand), batches for
 * the controller, fenced by {@code /controller_epoch}.
 *
 * <p>A controller batch becomes ZooKeeper multi-op transactions of at most {@link #MAX_OPS} writes and
 * {@link #MAX_BYTES} bytes, each starting with a version check of {@code /controller_epoch}. A transaction is all
 * or nothing, but outcomes are per partition: ZooKeeper names the first op that failed, so that partition gets
 * its outcome ({@code BADVERSION} or {@code NODEEXISTS}: conflict; {@code NONODE}: not found) and the rest of the
 * transaction is sent again without it. After {@link #MAX_ROUNDS} failed rounds the remaining writes go one per
 * transaction, which bounds the cost of a batch that meets many conflicts.
 *
 * <p>Size: a request must fit ZooKeeper's {@code jute.maxbuffer} (1 MiB by default on servers Samsa does not run).
 * A state write costs its path and about 100 bytes of JSON, so {@link #MAX_OPS} ≈ 250 KB, half of 1 MiB even with
 * long topic names; {@link #MAX_BYTES} guards the rest.
 *
 * <p>Curator retries an operation whose connection dropped, so a transaction may reach ZooKeeper twice and then
 * fail against its own first success. A conflicting partition whose state already equals what was to be written
 * is reported as written, and the rest of that transaction is read back the same way.
 *
 * <p>Successful writes are applied to the {@link ZkMetadataCache} before returning. Thread-safe (stateless).
 */
final class PartitionStateWriter {
    static final int MAX_OPS = 1_000;
    static final int MAX_BYTES = 512 * 1024;
    static final int MAX_ROUNDS = 8;
    /** Per-op overhead in a multi request beyond path and data: op header, version, ACLs. */
    private static final int OP_OVERHEAD_BYTES = 64;

    private final CuratorFramework client;
    private final ZkMetadataCache cache;

    PartitionStateWriter(CuratorFramework client, ZkMetadataCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** A leader's write: conditional on {@code expectedVersion}, no controller-epoch check. */
    WriteResult<PartitionState> writeOne(TopicPartition partition, PartitionState state, int expectedVersion) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("A leader updates an existing state; expected version "
                + expectedVersion);
        }
        return write(null, Map.of(partition, new StateUpdate(state, expectedVersion))).get(partition);
    }

    /** A controller's batch; {@code epoch} null only for {@link #writeOne}. */
    Map<TopicPartition, WriteResult<PartitionState>> write(ControllerEpoch epoch,
                                                          Map<TopicPartition, StateUpdate> updates) {
        Map<TopicPartition, WriteResult<PartitionState>> results = new LinkedHashMap<>();
        List<Map.Entry<TopicPartition, StateUpdate>> chunk = new ArrayList<>();
        int bytes = 0;
        TreeMap<TopicPartition, StateUpdate> sorted = new TreeMap<>(PartitionOrder.INSTANCE);
        sorted.putAll(updates);
        for (Map.Entry<TopicPartition, StateUpdate> e : sorted.entrySet()) {
            int size = size(e.getKey(), e.getValue());
            if (!chunk.isEmpty() && (chunk.size() >= MAX_OPS || bytes + size > MAX_BYTES)) {
                writeChunk(epoch, chunk, results);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(e);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            writeChunk(epoch, chunk, results);
        }
        return results;
    }

    private static int size(TopicPartition tp, StateUpdate update) {
        return ZkPaths.partitionState(tp.topic(), tp.partition()).getBytes(StandardCharsets.UTF_8).length
            + PartitionStateZNode.encode(update.state()).length + 2 * OP_OVERHEAD_BYTES;
    }

    private void writeChunk(ControllerEpoch epoch, List<Map.Entry<TopicPartition, StateUpdate>> chunk,
                            Map<TopicPartition, WriteResult<PartitionState>> results) {
        if (fencedEarlier(results)) {
            chunk.forEach(e -> results.put(e.getKey(), WriteResult.fenced()));
            return;
        }
        List<Map.Entry<TopicPartition, StateUpdate>> pending = new ArrayList<>(chunk);
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round >= MAX_ROUNDS && pending.size() > 1) {
                for (Map.Entry<TopicPartition, StateUpdate> single : pending) {
                    writeChunk(epoch, List.of(single), results);
                }
                return;
            }
            pending = attempt(epoch, pending, results);
        }
    }

    private static boolean fencedEarlier(Map<TopicPartition, WriteResult<PartitionState>> results) {
        return results.values().stream().anyMatch(r -> r.outcome() == WriteResult.Outcome.CONTROLLER_FENCED);
    }

    /** One transaction; returns the writes still to be sent (after a failure, without the one that failed). */
    private List<Map.Entry<TopicPartition, StateUpdate>> attempt(
        ControllerEpoch epoch, List<Map.Entry<TopicPartition, StateUpdate>> pending,
        Map<TopicPartition, WriteResult<PartitionState>> results) {
        return ZkErrors.call("writing " + pending.size() + " partition states", () -> {
            List<CuratorOp> ops = new ArrayList<>();
            List<Integer> owner = new ArrayList<>(); // op index -> index in pending, -1 for the epoch check
            if (epoch != null) {
                ops.add(client.transactionOp().check().withVersion(epoch.zkVersion())
                    .forPath(ZkPaths.CONTROLLER_EPOCH));
                owner.add(-1);
            }
            for (int i = 0; i < pending.size(); i++) {
                TopicPartition tp = pending.get(i).getKey();
                StateUpdate update = pending.get(i).getValue();
                String path = ZkPaths.partitionState(tp.topic(), tp.partition());
                byte[] data = PartitionStateZNode.encode(update.state());
                if (update.expectedVersion() == StateUpdate.ABSENT) {
                    for (String parent : missingParents(tp)) {
                        ops.add(client.transactionOp().create().forPath(parent, null));
                        owner.add(i);
                    }
                    ops.add(client.transactionOp().create().forPath(path, data));
                } else {
                    ops.add(client.transactionOp().setData().withVersion(update.expectedVersion())
                        .forPath(path, data));
                }
                owner.add(i);
            }
            List<CuratorTransactionResult> opResults;
            try {
                opResults = client.transaction().forOperations(ops);
            } catch (KeeperException e) {
                return afterFailure(e, owner, pending, results);
            }
            recordSuccess(pending, opResults, owner, results);
            return List.of();
        });
    }

    /** Parent znodes of a state to create, absent for topics written by tools that create only the topic znode. */
    private List<String> missingParents(TopicPartition tp) throws Exception {
        List<String> missing = new ArrayList<>();
        for (String parent : List.of(ZkPaths.partitions(tp.topic()), ZkPaths.partition(tp.topic(), tp.partition()))) {
            if (client.checkExists().forPath(parent) == null) {
                missing.add(parent);
            }
        }
        return missing;
    }

    private void recordSuccess(List<Map.Entry<TopicPartition, StateUpdate>> pending,
                               List<CuratorTransactionResult> opResults, List<Integer> owner,
                               Map<TopicPartition, WriteResult<PartitionState>> results) throws Exception {
        List<ZkMetadataCache.Write> writes = new ArrayList<>();
        for (int op = 0; op < opResults.size(); op++) {
            int index = owner.get(op);
            if (index < 0) {
                continue;
            }
            TopicPartition tp = pending.get(index).getKey();
            String statePath = ZkPaths.partitionState(tp.topic(), tp.partition());
            if (!statePath.equals(opResults.get(op).getForPath())) {
                continue; // a parent created for it
            }
            Stat stat = opResults.get(op).getResultStat();
            if (stat == null) {
                stat = client.checkExists().forPath(statePath); // creates in a transaction may return no Stat
            }
            if (stat == null) {
                results.put(tp, WriteResult.notFound()); // deleted with its topic right after
                continue;
            }
            PartitionState state = pending.get(index).getValue().state();
            results.put(tp, WriteResult.written(new Versioned<>(state, stat.getVersion(), stat.getMzxid())));
            writes.add(ZkMetadataCache.Write.of(new ZkPaths.PartitionStateRef(tp), state, stat));
        }
        cache.apply(writes);
    }

    private List<Map.Entry<TopicPartition, StateUpdate>> afterFailure(
        KeeperException e, List<Integer> owner, List<Map.Entry<TopicPartition, StateUpdate>> pending,
        Map<TopicPartition, WriteResult<PartitionState>> results) throws Exception {
        ZkErrors.MultiFailure failure = ZkErrors.MultiFailure.of(e);
        if (failure.index() < 0) {
            throw e; // not an op's failure: connection loss and the like
        }
        int index = owner.get(failure.index());
        if (index < 0) {
            // The /controller_epoch check: BADVERSION (a newer controller) or NONODE (the tree was wiped).
            pending.forEach(p -> results.put(p.getKey(), WriteResult.fenced()));
            return List.of();
        }
        TopicPartition tp = pending.get(index).getKey();
        List<Map.Entry<TopicPartition, StateUpdate>> rest = new ArrayList<>(pending);
        rest.remove(index);
        switch (failure.code()) {
            case NONODE -> results.put(tp, WriteResult.notFound());
            case BADVERSION, NODEEXISTS -> {
                Versioned<PartitionState> current = readBack(tp, pending.get(index).getValue().state());
                if (current == null) {
                    results.put(tp, WriteResult.conflict());
                } else {
                    // Our own earlier attempt got through (Curator retried): so did the rest of it.
                    results.put(tp, WriteResult.written(current));
                    return readBackAll(rest, results);
                }
            }
            default -> throw e;
        }
        return rest;
    }

    /** The state as ZooKeeper holds it, if it equals {@code intended}; null otherwise or if absent. */
    private Versioned<PartitionState> readBack(TopicPartition tp, PartitionState intended) throws Exception {
        Stat stat = new Stat();
        byte[] data;
        try {
            data = client.getData().storingStatIn(stat).forPath(ZkPaths.partitionState(tp.topic(), tp.partition()));
        } catch (KeeperException.NoNodeException gone) {
            return null;
        }
        PartitionState current = PartitionStateZNode.decode(tp, data);
        if (!current.equals(intended)) {
            return null;
        }
        cache.apply(List.of(ZkMetadataCache.Write.of(new ZkPaths.PartitionStateRef(tp), current, stat)));
        return new Versioned<>(current, stat.getVersion(), stat.getMzxid());
    }

    /** Classifies each write by reading it back: written if it holds, to be sent again otherwise. */
    private List<Map.Entry<TopicPartition, StateUpdate>> readBackAll(
        List<Map.Entry<TopicPartition, StateUpdate>> writes, Map<TopicPartition, WriteResult<PartitionState>> results)
        throws Exception {
        List<Map.Entry<TopicPartition, StateUpdate>> again = new ArrayList<>();
        for (Map.Entry<TopicPartition, StateUpdate> w : writes) {
            Versioned<PartitionState> current = readBack(w.getKey(), w.getValue().state());
            if (current != null) {
                results.put(w.getKey(), WriteResult.written(current));
            } else {
                again.add(w);
            }
        }
        return again;
    }
}
