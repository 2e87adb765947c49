package io.samsa.broker.sim;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.Versioned;
import io.samsa.replication.FetchParams;
import io.samsa.replication.LeaderAndIsr;
import io.samsa.replication.Partition;
import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;
import io.samsa.replication.ReplicaManager;
import io.samsa.replication.ReplicationConfig;
import io.samsa.replication.fetcher.FetcherConfig;
import io.samsa.replication.fetcher.ReplicaFetcher;
import io.samsa.storage.Log;
import io.samsa.storage.LogAppendInfo;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogParams;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * One simulated broker process hosting one replica, built from Samsa's real parts: a {@link Log} in its own
 * directory, a {@link Partition}, a {@link ReplicaManager} (follower fetches and the acks=all wait) and a
 * {@link ReplicaFetcher} for its leader. What the broker's own code does around them is reproduced here, small:
 * <ul>
 *   <li>registration in ZooKeeper once its previous session is gone, with the broker epoch of the create;</li>
 *   <li>applying the partition state from the watch as {@code TopicReconciler} does (leader or follower by epoch,
 *       never leader by a state written before its registration; fetcher started and stopped);</li>
 *   <li>the follower fetch loop of {@code ReplicaFetcherLoop} (one request in flight, a timeout, back-off),
 *       the periodic ISR shrink and high-watermark checkpoint;</li>
 *   <li>acks=all produce: append as leader, then wait for the high watermark.</li>
 * </ul>
 * A crash is {@code kill -9}: the process's memory is gone, its files stay as written (the page cache survives), and
 * its ZooKeeper session lives until it expires. The log is reopened with {@code hadCleanShutdown=false} and the last
 * checkpointed high watermark, and the broker registers as an unclean start.
 *
 * <p>Single-threaded; every callback checks that it belongs to the current incarnation of the process.
 */
public final class SimBroker {
    /** The one partition of the simulation. */
    public static final TopicPartition TP = new TopicPartition("sim", 0);
    static final Uuid TOPIC_ID = new Uuid(1L, 2L);
    /** Kafka's defaults with small index files: a run's logs are tiny, and mapping 10 MiB indexes costs time. */
    private static final LogConfig LOG_CONFIG = smallIndexes(LogConfig.defaults());

    private final int id;
    private final File dir;
    private final SimContext ctx;
    private final IntFunction<SimBroker> brokers;
    private final SimBug bug;

    private int incarnation;
    private boolean alive;
    private Log log;
    private Partition partition;
    private ReplicaManager replicaManager;
    private ReplicaFetcher fetcher;
    private Object fetchInFlight;
    private long session = -1;
    private long brokerEpoch = -1;
    private long checkpointedHw;
    /** Whether this process started after a clean shutdown; a re-registration says the same, as BrokerRegistrar's. */
    private boolean cleanStart;

    SimBroker(int id, File dir, SimContext ctx, IntFunction<SimBroker> brokers, SimBug bug) {
        this.id = id;
        this.dir = dir;
        this.ctx = ctx;
        this.brokers = brokers;
        this.bug = bug;
    }

    public int id() {
        return id;
    }

    public boolean alive() {
        return alive;
    }

    /** The partition of the running process; null while crashed. */
    public Partition partition() {
        return alive ? partition : null;
    }

    public long session() {
        return session;
    }

    private static LogConfig smallIndexes(LogConfig d) {
        return new LogConfig(d.segmentBytes(), d.segmentMs(), 64 * 1024, d.indexIntervalBytes(), d.retentionMs(),
                d.retentionBytes(), d.maxMessageBytes(), d.flushMessages(), d.flushMs(), d.timestampType(),
                d.timestampBeforeMaxMs(), d.timestampAfterMaxMs(), d.fileDeleteDelayMs(), d.compact(), d.delete());
    }

    // ---- lifecycle

    /** Starts the process: opens the log (recovering it after a crash), then registers. */
    void start(boolean clean) {
        incarnation++;
        alive = true;
        cleanStart = clean;
        try {
            log = Log.open(new LogParams(dir, TP, LOG_CONFIG, ctx.events().time(), 0L, 0L, cleanStart)
                    .withHighWatermark(checkpointedHw));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int inc = incarnation;
        replicaManager = new ReplicaManager(ctx.events());
        partition = new Partition(TP, TOPIC_ID, log, id,
                ReplicationConfig.of(ctx.config().minInsyncReplicas(), ctx.config().replicaLagTimeMaxMs()),
                new SimIsrUpdater(id, ctx, () -> session, () -> incarnation == inc && alive),
                ctx.events().time());
        replicaManager.addPartition(partition);
        fetcher = null;
        fetchInFlight = null;
        brokerEpoch = -1;
        session = ctx.store().openSession(id);
        tryRegister();
        every(ctx.config().replicaLagTimeMaxMs() / 2, "isr shrink check b" + id, replicaManager::maybeShrinkIsrs);
        every(ctx.config().checkpointIntervalMs(), "hw checkpoint b" + id, () -> checkpointedHw = log.highWatermark());
    }

    private void every(long intervalMs, String label, Runnable action) {
        int inc = incarnation;
        ctx.events().after(intervalMs, label, () -> {
            if (alive && incarnation == inc) {
                action.run();
                every(intervalMs, label, action);
            }
        });
    }

    /** Registers once the previous run's registration is gone (it waits for the old session to expire). */
    private void tryRegister() {
        if (!alive) {
            return;
        }
        if (ctx.network().connected(id, SimNetwork.ZOOKEEPER)) {
            var registered = ctx.store().register(id, session, cleanStart);
            if (registered.isPresent()) {
                brokerEpoch = registered.get().epoch();
                ctx.trace().accept("b" + id + " registered with epoch " + brokerEpoch);
                applyMetadata();
                return;
            }
        }
        int inc = incarnation;
        ctx.events().after(200, "register retry b" + id, () -> {
            if (incarnation == inc) {
                tryRegister();
            }
        });
    }

    /** {@code kill -9}: memory gone, files kept, the ZooKeeper session left to expire. */
    void crash() {
        alive = false;
        incarnation++;
        // A killed process runs nothing: stop() only drops the acks=all waits of the dead process, whose answers are
        // never sent. Closing the log writes nothing the process had not already written into the files (and so
        // the page cache), except a producer-state snapshot, which this simulation does not use.
        partition.stop();
        log.close();
        fetcher = null;
        fetchInFlight = null;
        long s = session;
        ctx.events().after(ctx.config().sessionTimeoutMs(), "session timeout b" + id, () -> ctx.store().expire(s));
    }

    /** ZooKeeper expired this broker's session (or it reconnected to find it expired): register again. */
    void onSessionExpired() {
        if (!alive || ctx.store().sessionAlive(session)) {
            return;
        }
        session = ctx.store().openSession(id);
        brokerEpoch = -1;
        tryRegister();
    }

    void closeForGood() {
        if (alive) {
            alive = false;
            incarnation++;
            log.close();
        }
    }

    // ---- metadata

    /**
     * Applies the partition state from ZooKeeper, as the broker's {@code TopicReconciler} does: nothing before
     * registration, never leader by a state older than this broker's registration, roles by leader epoch.
     */
    void applyMetadata() {
        if (!alive || brokerEpoch < 0 || ctx.store().state().isEmpty()) {
            return;
        }
        Versioned<PartitionState> versioned = ctx.store().state().get();
        PartitionState state = versioned.value();
        LeaderAndIsr target = new LeaderAndIsr(state.leader(), state.leaderEpoch(), state.isr(),
                ctx.store().assignment().replicas(), versioned.version());
        if (target.equals(partition.state())) {
            return;
        }
        if (state.leader() == id && versioned.modifiedZxid() < brokerEpoch) {
            return;
        }
        if (state.leader() == id) {
            if (partition.makeLeader(target)) {
                fetcher = null;
                fetchInFlight = null;
            }
            return;
        }
        if (partition.makeFollower(target)) {
            fetcher = null;
            fetchInFlight = null;
            if (target.leader() >= 0) {
                fetcher = new ReplicaFetcher(target.leader(), new FetcherConfig(id, 1, 0, 1, 1 << 20, 10 << 20,
                        ctx.config().fetchBackoffMs(), ctx.config().fetchTimeoutMs()), () -> brokerEpoch);
                fetcher.add(partition);
                scheduleFetch(1 + ctx.random().nextInt(10));
            }
        }
    }

    // ---- follower

    private void scheduleFetch(long delayMs) {
        int inc = incarnation;
        ReplicaFetcher f = fetcher;
        ctx.events().after(delayMs, "fetch b" + id, () -> {
            if (alive && incarnation == inc && fetcher == f && f != null && fetchInFlight == null) {
                fetch();
            }
        });
    }

    private void fetch() {
        ReplicaFetcher f = fetcher;
        ReplicaFetcher.PreparedFetch prepared = f.prepare(ctx.events().now());
        if (prepared == null) {
            long next = f.nextReadyTimeMs();
            scheduleFetch(next == Long.MAX_VALUE ? ctx.config().fetchBackoffMs() : Math.max(1, next - ctx.events().now()));
            return;
        }
        Object token = new Object();
        fetchInFlight = token;
        int leader = f.leaderId();
        ctx.network().send(id, leader, "fetch request", () -> {
            SimBroker l = brokers.apply(leader);
            if (l == null || !l.alive) {
                return;
            }
            FetchResponseData response = l.answerFetch(prepared.request());
            ctx.network().send(leader, id, "fetch response", () -> {
                if (fetchInFlight == token && fetcher == f) {
                    fetchInFlight = null;
                    if (bug == SimBug.IGNORE_DIVERGENCE) {
                        response.responses().forEach(t -> t.partitions().forEach(
                                pd -> pd.setDivergingEpoch(new FetchResponseData.EpochEndOffset())));
                    }
                    f.handle(prepared, response, ctx.events().now());
                    scheduleFetch(1 + ctx.random().nextInt(100));
                }
            });
        });
        ctx.events().after(ctx.config().fetchTimeoutMs(), "fetch timeout b" + id, () -> {
            if (fetchInFlight == token && fetcher == f) {
                fetchInFlight = null;
                f.handleFailure(prepared, new IOException("no answer"), ctx.events().now());
                scheduleFetch(1);
            }
        });
    }

    /**
     * The leader side of a follower's Fetch: the Fetch handler's check that the follower is a registered broker in
     * the epoch it names (a fetch from before its restart reads nothing), then the real replica manager's fetch
     * path, answered at once (no long poll: the follower fetches again soon instead).
     */
    private FetchResponseData answerFetch(FetchRequestData request) {
        int replicaId = request.replicaState().replicaId();
        long epoch = request.replicaState().replicaEpoch();
        List<PartitionFetch> fetches = SimFetchWire.partitions(request);
        BrokerRegistration follower = ctx.store().registrations().get(replicaId);
        if (follower == null || (epoch >= 0 && epoch < follower.epoch())) {
            List<PartitionFetchResult> rejected = new ArrayList<>();
            for (PartitionFetch f : fetches) {
                rejected.add(new PartitionFetchResult(f.partition(), f.currentLeaderEpoch().isPresent()
                        ? Errors.UNKNOWN_LEADER_EPOCH : Errors.NOT_LEADER_OR_FOLLOWER, -1L, -1L, MemoryRecords.EMPTY));
            }
            return SimFetchWire.response(rejected);
        }
        FetchParams params = new FetchParams(0, 0, request.maxBytes(), replicaId, epoch);
        return SimFetchWire.response(replicaManager.fetch(params, fetches).join());
    }

    // ---- leader: produce

    /**
     * Handles an acks=all produce: appends as leader, then waits for the high watermark. {@code onAck} hears of
     * every record acknowledged (first offset, batch); {@code respond} gets the error the producer would see.
     */
    void produce(MemoryRecords records, BiConsumer<Long, MemoryRecords> onAck, Consumer<Errors> respond) {
        LogAppendInfo info;
        try {
            info = partition.appendAsLeader(records, (short) -1);
        } catch (ApiException e) {
            respond.accept(Errors.forException(e));
            return;
        }
        if (bug == SimBug.ACK_ON_APPEND) {
            onAck.accept(info.firstOffset(), records);
            respond.accept(Errors.NONE);
            return;
        }
        int inc = incarnation;
        replicaManager.awaitReplication(Map.of(partition, info.lastOffset() + 1), ctx.config().produceTimeoutMs())
                .thenAccept(errors -> {
                    Errors error = errors.get(TP);
                    if (alive && incarnation == inc) {
                        if (error == Errors.NONE) {
                            onAck.accept(info.firstOffset(), records);
                        }
                        respond.accept(error);
                    }
                });
    }

    @Override
    public String toString() {
        if (!alive) {
            return "b" + id + "(down)";
        }
        return "b" + id + "(" + partition.role() + " e" + partition.leaderEpoch() + " leo " + partition.logEndOffset()
                + " hw " + partition.highWatermark() + (partition.isLeader() ? " isr " + partition.inSyncReplicas()
                : "") + ")";
    }
}
