package io.samsa.bench;

import io.samsa.bench.broker.BrokerKind;
import io.samsa.bench.broker.BrokerSettings;
import io.samsa.bench.broker.KafkaClusterLauncher;
import io.samsa.bench.broker.KafkaLauncher;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.broker.SamsaClusterLauncher;
import io.samsa.bench.broker.SamsaDistribution;
import io.samsa.bench.broker.SamsaLauncher;
import io.samsa.bench.report.Round;
import io.samsa.bench.report.RunInfo;
import io.samsa.bench.tool.ChildJvm;
import io.samsa.bench.tool.KafkaTools;
import io.samsa.bench.workload.BenchContext;
import io.samsa.bench.workload.Workloads;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/**
 * Entry point: {@code java -jar samsa-bench/target/samsa-bench.jar [--quick|--full] [--workloads W1,...]}.
 * See {@link BenchOptions#USAGE}. Writes {@code bench/results/<yyyy-MM-dd>[-quick].md} and its PNG charts.
 *
 * <p>The jar sits in {@code samsa-bench/target} next to {@code lib/}, which holds the Kafka broker, Kafka's tools
 * and everything else the child JVMs need; the repository root two levels up holds Samsa's distribution.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        // The harness's own clients (admin, metadata) log only problems; the console is for progress lines.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // The failover producer retries through a broker's death on purpose, and kafka-clients logs a WARN per
        // retried request and refused connection; its outcome is in the report instead.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer", "error");
        // samsa-bench/target/samsa-bench.jar (or samsa-bench/target/classes): target/ holds lib/.
        Path target = codeLocation().getParent();
        Path repoRoot = target.getParent() == null ? null : target.getParent().getParent();
        BenchOptions options;
        try {
            if (List.of(args).contains("--help")) {
                System.out.println(BenchOptions.USAGE);
                return;
            }
            options = BenchOptions.parse(args, repoRoot);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Time time = Time.SYSTEM;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path workDir = options.workDir() != null ? options.workDir()
                : Path.of(System.getProperty("java.io.tmpdir"), "samsa-bench-" + stamp);
        Path logDir = workDir.resolve("logs");
        Files.createDirectories(logDir);
        String loadAtStart = Environment.loadAverage();

        ChildJvm jvm = new ChildJvm(ChildJvm.currentJavaBinary(), time);
        String kafkaClasspath = target.resolve("lib") + "/*";
        BrokerSettings settings = BrokerSettings.defaults().withJvmOptions(options.brokerJvmOpts());
        SamsaDistribution dist = SamsaDistribution.snapshot(options.samsaHome(), workDir.resolve("samsa-dist"));
        Map<BrokerKind, Launchers> launchers = new EnumMap<>(BrokerKind.class);
        launchers.put(BrokerKind.KAFKA, new Launchers(BrokerKind.KAFKA, new KafkaLauncher(jvm, kafkaClasspath, settings),
                new KafkaClusterLauncher(jvm, kafkaClasspath, settings)));
        launchers.put(BrokerKind.SAMSA, new Launchers(BrokerKind.SAMSA, new SamsaLauncher(jvm, dist, settings),
                new SamsaClusterLauncher(jvm, dist, settings)));
        List<Round> rounds = options.warm() ? List.of(Round.COLD, Round.WARM) : List.of(Round.COLD);
        BenchContext ctx = new BenchContext(new KafkaTools(jvm, kafkaClasspath), options.scale(), rounds,
                options.warmUpRuns(),
                workDir.resolve("data"), logDir, time, System.out, options.keepData());

        System.out.println("samsa-bench " + options.scale().name() + " run; workloads " + options.workloads()
                + (options.jmh() ? " + JMH" : "") + (options.warm() ? "; cold and warm" : "; cold only")
                + "; work dir " + workDir);
        // The environment (load average at the end included) is described once the run is over.
        Supplier<RunInfo> info = () -> new RunInfo(LocalDate.now().toString(), options.scale().name(),
                "java -jar samsa-bench/target/samsa-bench.jar " + String.join(" ", args),
                Environment.describe(options.samsaHome(), loadAtStart), describeSettings(settings, options),
                logDir.toString());
        try {
            Path report = new BenchRun(options, ctx, launchers, settings, info).run();
            System.out.println("Report: " + report);
        } finally {
            jvm.killAll();
        }
    }

    private static List<String> describeSettings(BrokerSettings s, BenchOptions options) {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "num.partitions=" + s.numPartitions() + " (every W1–W5 and W7 topic has " + s.numPartitions()
                        + " partitions), log.segment.bytes=" + s.segmentBytes() + ", replication factor 1 (W1–W6)",
                "no fsync per message: flush.messages / flush.ms left at their defaults (never) on both",
                "group.initial.rebalance.delay.ms=0 on both; offsets.topic.replication.factor=1 on single brokers",
                "broker JVM: " + String.join(" ", s.jvmOptions()) + ", SLF4J simple logger at INFO to a file"
                        + " (as bin/samsa-server logs)",
                "W7 and failover clusters, all on 127.0.0.1: Kafka = three combined broker+controller nodes (node.id"
                        + " 1–3, one static controller.quorum.voters list, formatted with one cluster id); Samsa ="
                        + " a standalone ZooKeeper (config/zookeeper.properties, as bin/samsa-zookeeper: -Xms256m"
                        + " -Xmx512m) and brokers 0–2 with zookeeper.connect, as bin/samsa-cluster. Every broker"
                        + " has the settings above; internal topics replication factor 3, min ISR 2; the topic has"
                        + " replication factor 3 and min.insync.replicas=2; replica fetcher settings at their"
                        + " (identical) defaults",
                "producers (ProducerPerformance): acks=all, linger.ms=5, batch.size=131072, client defaults"
                        + " otherwise (idempotence on); tools run with -Xmx1g on the same machine"));
        if (options.workloads().contains("COMPACT")) {
            lines.add(Workloads.compactSettings(options.scale()));
        }
        if (options.workloads().contains("TLS")) {
            lines.add(Workloads.tlsSettings());
        }
        return lines;
    }

    private static Path codeLocation() throws URISyntaxException {
        return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
