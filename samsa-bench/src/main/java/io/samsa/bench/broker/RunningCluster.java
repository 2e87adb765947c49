package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A cluster under test: its brokers and, for Samsa, its ZooKeeper. Its CPU time and peak RSS are the sums over
 * all those processes, because a cluster costs what all of them cost: Kafka's KRaft controllers run inside its
 * combined nodes, and Samsa's coordination runs in ZooKeeper. Closing it stops every process, brokers first.
 *
 * <p>Not thread-safe; owned by the workload that started it.
 */
public final class RunningCluster implements AutoCloseable {
    private static final long POLL_MS = 500;
    private static final long ADMIN_CALL_TIMEOUT_S = 10;

    private final BrokerKind kind;
    private final List<RunningBroker> brokers;
    private final RunningZooKeeper zooKeeper;
    private final ChildJvm jvm;
    private final BrokerSettings settings;
    private final ToIntFunction<Admin> controllerLookup;
    private Admin admin;

    /**
     * @param zooKeeper        Samsa's ZooKeeper, or null
     * @param controllerLookup the id of the active controller as this kind of cluster reports it, -1 if unknown
     */
    RunningCluster(BrokerKind kind, List<RunningBroker> brokers, RunningZooKeeper zooKeeper, ChildJvm jvm,
                   BrokerSettings settings, ToIntFunction<Admin> controllerLookup) {
        this.kind = kind;
        this.brokers = List.copyOf(brokers);
        this.zooKeeper = zooKeeper;
        this.jvm = jvm;
        this.settings = settings;
        this.controllerLookup = controllerLookup;
    }

    public BrokerKind kind() {
        return kind;
    }

    public List<RunningBroker> brokers() {
        return brokers;
    }

    /** The broker with this {@code node.id} / {@code broker.id}. */
    public RunningBroker broker(int id) {
        return brokers.stream().filter(b -> b.node().id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No broker " + id + " in " + ids()));
    }

    public List<Integer> ids() {
        return brokers.stream().map(b -> b.node().id()).toList();
    }

    /** Every broker, comma-separated, as clients' {@code bootstrap.servers}. */
    public String bootstrap() {
        return brokers.stream().map(RunningBroker::bootstrap).collect(Collectors.joining(","));
    }

    /** An admin client bootstrapped from every broker, closed with the cluster. */
    public Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
        }
        return admin;
    }

    /** CPU seconds (user + system) of every process of the cluster since it started, summed. */
    public double cpuSeconds() {
        return cpuSecondsByProcess().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** CPU seconds of each process, by name ({@code broker 1}, ..., {@code ZooKeeper}). Throws if one has exited. */
    public Map<String, Double> cpuSecondsByProcess() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (RunningBroker b : brokers) {
            cpu.put("broker " + b.node().id(), b.cpuSeconds());
        }
        if (zooKeeper != null) {
            cpu.put("ZooKeeper", zooKeeper.cpuSeconds());
        }
        return cpu;
    }

    /** The process ids of every process of the cluster, brokers first. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        brokers.forEach(b -> pids.add(b.pid()));
        if (zooKeeper != null) {
            pids.add(zooKeeper.pid());
        }
        return pids;
    }

    /** The sum of every process's peak resident set size since it started, in bytes. */
    public long peakRssBytes() {
        long sum = 0;
        for (RunningBroker b : brokers) {
            sum += b.peakRssBytes();
        }
        return zooKeeper == null ? sum : sum + zooKeeper.peakRssBytes();
    }

    /** Whether every process of the cluster is running. */
    public boolean allAlive() {
        return brokers.stream().allMatch(RunningBroker::isAlive) && (zooKeeper == null || zooKeeper.isAlive());
    }

    /** The active controller's id as the cluster reports it, if it names one. */
    public OptionalInt activeController() {
        try {
            int id = controllerLookup.applyAsInt(admin());
            return id >= 0 ? OptionalInt.of(id) : OptionalInt.empty();
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** Waits until DescribeCluster lists every broker. */
    void awaitRegistered() {
        long deadline = jvm.time().milliseconds() + settings.startTimeoutMs();
        int seen = 0;
        Exception last = null;
        while (jvm.time().milliseconds() < deadline) {
            brokers.forEach(RunningBroker::ensureAlive);
            try {
                seen = admin().describeCluster().nodes().get(ADMIN_CALL_TIMEOUT_S, TimeUnit.SECONDS).size();
                if (seen == brokers.size()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the cluster", e);
            } catch (Exception e) {
                last = e;
            }
            jvm.time().sleep(POLL_MS);
        }
        throw new IllegalStateException(kind.displayName() + " cluster: " + seen + " of " + brokers.size()
                + " brokers registered after " + settings.startTimeoutMs() + " ms (last error: " + last + ")");
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
            admin = null;
        }
        stop(jvm, settings, brokers, zooKeeper);
    }

    /** Stops brokers (all at once, see {@link ChildJvm#stopAll}) and then ZooKeeper, which they need to stop. */
    static void stop(ChildJvm jvm, BrokerSettings settings, List<RunningBroker> brokers, RunningZooKeeper zk) {
        List<Process> processes = new ArrayList<>();
        for (RunningBroker b : brokers) {
            b.closeAdmin();
            processes.add(b.process());
        }
        try {
            jvm.stopAll(processes, settings.stopTimeoutMs());
        } finally {
            if (zk != null) {
                zk.close();
            }
        }
    }
}
