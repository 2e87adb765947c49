package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerKind;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.broker.RunningCluster;
import io.samsa.bench.failover.Ack;
import io.samsa.bench.failover.FailoverResult;
import io.samsa.bench.failover.FixedRateProducer;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.report.Round;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.utils.Time;

/**
 * Leader failover (issue 9): on a fresh three-broker cluster, a producer in this JVM ({@link FixedRateProducer},
 * {@code acks=all}, idempotent) sends 1,000 records/s of 1 KiB to a topic of six partitions, replication factor 3
 * and {@code min.insync.replicas=2}. After a steady stretch it {@code kill -9}s the leader of one partition and
 * measures, from the producer's acknowledgements, how long until that partition, and every partition, makes
 * progress again, and the longest time without any acknowledgement ({@link FailoverResult}).
 *
 * <p>The killed broker is the leader of the lowest partition not led by the active controller, so both clusters
 * lose a partition leader and neither loses its controller: the figure is partition failover, not controller
 * failover. A failover that has not happened {@link #BOUND_MS} after the kill is reported as such, with what the
 * cluster's metadata says about the partition. Measured once: the kill ends the cluster.
 */
final class FailoverWorkload implements Workload {
    static final String LABEL = "Failover: kill -9 of a partition leader (3 brokers, RF 3)";
    static final int RATE = 1_000;
    /**
     * How long after the kill a failover may take before it counts as not happening: more than three times
     * Samsa's {@code zookeeper.session.timeout.ms} (18 s) and six times Kafka's {@code broker.session.timeout.ms}
     * (9 s), the times after which each cluster declares the broker dead.
     */
    static final long BOUND_MS = 60_000;
    /** Observation continues this long after recovery, so a relapse would show in the longest gap. */
    private static final long TAIL_MS = 2_000;
    /** Before the kill every partition must have been acknowledged within this window. */
    private static final long STEADY_WINDOW_MS = 2_000;
    private static final long KILL_TIMEOUT_MS = 10_000;
    private static final long POLL_MS = 50;
    private static final String TOPIC = "failover";

    @Override
    public String id() {
        return "FAILOVER";
    }

    @Override
    public List<String> labels() {
        return List.of(LABEL);
    }

    @Override
    public List<Round> rounds(BenchContext ctx) {
        return List.of(Round.ONCE);
    }

    @Override
    public List<Measurement> run(BenchContext ctx, Launchers launchers) throws Exception {
        try (RunningCluster cluster = ctx.startCluster(launchers.cluster(), TOPIC, ReplicatedWorkload.BROKERS)) {
            return List.of(measure(ctx, cluster));
        } finally {
            ctx.discardCluster(launchers.kind(), TOPIC);
        }
    }

    private Measurement measure(BenchContext ctx, RunningCluster cluster) throws Exception {
        Time time = ctx.time();
        BrokerKind kind = cluster.kind();
        ReplicatedTopics.createAndAwait(cluster, TOPIC, Workloads.PARTITIONS, ReplicatedWorkload.REPLICATION_FACTOR,
                ReplicatedWorkload.TOPIC_CONFIGS, time, Workloads.TOPIC_TIMEOUT_MS);
        try (FixedRateProducer producer = new FixedRateProducer(cluster.bootstrap(), TOPIC, Workloads.PARTITIONS,
                RATE, Workloads.W1_RECORD_SIZE, time)) {
            producer.start();
            int steadySeconds = ctx.scale().failoverWarmUpSeconds();
            ctx.say("  " + kind.displayName() + ": sending " + RATE + " records/s for " + steadySeconds
                    + " s before the kill");
            time.sleep(steadySeconds * 1000L);
            long now = time.nanoseconds();
            List<Integer> quiet = FailoverResult.stalledPartitions(producer.acks(), now - STEADY_WINDOW_MS * 1_000_000,
                    now, Workloads.PARTITIONS);
            if (!quiet.isEmpty()) {
                throw new WorkloadException("before the kill, partitions " + quiet + " had no acknowledgement in "
                        + STEADY_WINDOW_MS + " ms");
            }
            OptionalInt controller = cluster.activeController();
            ReplicatedTopics.Layout layout = ReplicatedTopics.describe(cluster, TOPIC);
            int partition = victimPartition(layout, controller);
            int victim = layout.leaders().get(partition);
            List<Integer> led = layout.byLeader(cluster.ids()).get(victim);
            ctx.say("  " + kind.displayName() + ": kill -9 of broker " + victim + ", leader of partitions " + led
                    + " (active controller: " + (controller.isPresent() ? controller.getAsInt() : "unknown") + ")");
            long killNanos = time.nanoseconds();
            cluster.broker(victim).kill(KILL_TIMEOUT_MS);
            boolean recovered = awaitRecovery(producer, killNanos, partition, time);
            if (recovered) {
                time.sleep(TAIL_MS);
            }
            long endNanos = time.nanoseconds();
            producer.stopSending();
            List<Ack> acks = producer.acks();
            FailoverResult r = FailoverResult.of(acks, killNanos, endNanos, partition, Workloads.PARTITIONS);
            String metadataAfter = metadataNow(cluster, partition);
            ctx.observe(String.format(Locale.ROOT, "%s failover: killed broker %d (leader of partitions %s; active"
                            + " controller %s) after %d s at %,d records/s; %,d sends acknowledged before the kill,"
                            + " %,d after; %,d failed%s; afterwards partition %d has %s",
                    kind.displayName(), victim, led, controller.isPresent() ? controller.getAsInt() : "unknown",
                    steadySeconds, RATE, r.acknowledgedBefore(), r.acknowledgedAfter(), r.failed(),
                    r.firstError() == null ? "" : " (first: " + r.firstError() + ")", partition, metadataAfter));
            return measurement(kind, r, partition, victim, acks, killNanos, endNanos, metadataAfter);
        }
    }

    /** The lowest partition whose leader is not the active controller (partition 0 if that is unknown). */
    static int victimPartition(ReplicatedTopics.Layout layout, OptionalInt controller) {
        for (Map.Entry<Integer, Integer> e : layout.leaders().entrySet()) {
            if (controller.isEmpty() || e.getValue() != controller.getAsInt()) {
                return e.getKey();
            }
        }
        return layout.leaders().firstKey();
    }

    /** Waits until the partition took a send made after the kill and every partition moved, or the bound. */
    private static boolean awaitRecovery(FixedRateProducer producer, long killNanos, int partition, Time time) {
        long deadline = killNanos + BOUND_MS * 1_000_000;
        while (time.nanoseconds() < deadline) {
            FailoverResult r = FailoverResult.of(producer.acks(), killNanos, time.nanoseconds(), partition,
                    Workloads.PARTITIONS);
            if (r.partitionNewSendMs().isPresent() && r.allPartitionsMs().isPresent()) {
                return true;
            }
            time.sleep(POLL_MS);
        }
        return false;
    }

    private static String metadataNow(RunningCluster cluster, int partition) {
        try {
            ReplicatedTopics.Layout now = ReplicatedTopics.describe(cluster, TOPIC);
            return "leader " + now.leaders().get(partition) + ", ISR " + now.isr().get(partition);
        } catch (WorkloadException e) {
            return "unknown metadata (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown metadata (interrupted)";
        }
    }

    private Measurement measurement(BrokerKind kind, FailoverResult r, int partition, int victim, List<Ack> acks,
                                    long killNanos, long endNanos, String metadataNow) {
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        r.partitionMs().ifPresent(v -> m.put(Metric.FAILOVER_PARTITION_MS, v));
        r.partitionNewSendMs().ifPresent(v -> m.put(Metric.FAILOVER_PARTITION_NEW_SEND_MS, v));
        r.allPartitionsMs().ifPresent(v -> m.put(Metric.FAILOVER_ALL_PARTITIONS_MS, v));
        if (!r.gapStillOpen()) {
            // An open gap only says "at least this long"; the error below states it instead of a ratio.
            m.put(Metric.ACK_GAP_MS, r.longestGapMs());
        }
        m.put(Metric.FAILED_SENDS, (double) r.failed());
        String error = null;
        if (r.partitionNewSendMs().isEmpty()) {
            error = String.format(Locale.ROOT, "no failover within %,d ms: partition %d took no send made after"
                    + " its leader, broker %d, was killed; DescribeTopics now lists %s for it", BOUND_MS, partition,
                    victim, metadataNow);
        } else if (r.allPartitionsMs().isEmpty()) {
            error = String.format(Locale.ROOT, "partitions %s made no progress within %,d ms of the kill",
                    FailoverResult.stalledPartitions(acks, killNanos, endNanos, Workloads.PARTITIONS), BOUND_MS);
        }
        if (r.gapStillOpen()) {
            String open = String.format(Locale.ROOT, "no acknowledgement on any partition in the last %,.0f ms of"
                    + " observation", r.longestGapMs());
            error = error == null ? open : error + "; " + open;
        }
        return new Measurement(id(), LABEL, Round.ONCE, kind, m, error);
    }
}
