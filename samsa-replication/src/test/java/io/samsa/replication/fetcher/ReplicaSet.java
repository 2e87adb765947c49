package io.samsa.replication.fetcher;

import io.samsa.common.DelayTimer;
import io.samsa.replication.IsrUpdater;
import io.samsa.replication.Partition;
import io.samsa.replication.ReplicaManager;
import io.samsa.replication.ReplicationConfig;
import io.samsa.replication.quota.ReplicaQuota;
import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogParams;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * For tests: the replicas of one partition in one JVM, each broker with its own log, {@link Partition} and
 * {@link ReplicaManager}, and an {@link InProcessFetchClient} that answers a follower's Fetch from the leader's real
 * fetch path. ISR changes commit at once, at the next partition epoch; a waiting fetch never times out. Close it
 * to close the logs.
 */
final class ReplicaSet implements AutoCloseable {
    final Map<Integer, ReplicaManager> managers = new HashMap<>();
    final Map<Integer, Partition> partitions = new HashMap<>();
    final Map<Integer, Log> logs = new HashMap<>();
    final InProcessFetchClient client = new InProcessFetchClient(managers);

    /**
     * @param leaderQuota each broker's leader-side replication quota
     */
    ReplicaSet(File dir, TopicPartition tp, Uuid topicId, List<Integer> brokers, ReplicationConfig config, Time time,
               IntFunction<ReplicaQuota> leaderQuota) throws IOException {
        IsrUpdater isrUpdater = (p, epoch, partitionEpoch, isr) ->
                CompletableFuture.completedFuture(new IsrUpdater.Committed(isr, partitionEpoch + 1));
        DelayTimer noTimer = (delayMs, task) -> () -> true;
        for (int id : brokers) {
            Log log = Log.open(new LogParams(new File(dir, "b" + id), tp, LogConfig.defaults(), time, 0L, 0L, true));
            logs.put(id, log);
            ReplicaManager rm = new ReplicaManager(noTimer, Runnable::run, leaderQuota.apply(id));
            Partition p = new Partition(tp, topicId, log, id, config, isrUpdater, time);
            rm.addPartition(p);
            managers.put(id, rm);
            partitions.put(id, p);
        }
    }

    Partition partition(int broker) {
        return partitions.get(broker);
    }

    @Override
    public void close() {
        logs.values().forEach(Log::close);
    }
}
