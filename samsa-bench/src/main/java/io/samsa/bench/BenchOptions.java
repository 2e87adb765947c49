package io.samsa.bench;

import io.samsa.bench.workload.Scale;
import io.samsa.bench.workload.Workloads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link BenchMain}.
 *
 * @param scale          quick or full
 * @param workloads      workload names to run (W1…W8, FAILOVER, COMPACT, TLS), in any order
 * @param jmh            whether to run the JMH micro-benchmarks
 * @param samsaHome      the repository root holding Samsa's built distribution
 * @param outDir         where the report and charts go
 * @param workDir        where broker data and logs go while running; null for a new temporary directory
 * @param brokerJvmOpts  JVM options for both brokers
 * @param keepData       keep broker data directories after each workload
 * @param warm           run every workload a second time on the same broker processes and report it as warm
 * @param warmUpRuns     unmeasured runs between the cold and the warm one (0: the cold run is the only one)
 */
public record BenchOptions(Scale scale, Set<String> workloads, boolean jmh, Path samsaHome, Path outDir,
                           Path workDir, List<String> brokerJvmOpts, boolean keepData, boolean warm,
                           int warmUpRuns) {

    static final String USAGE = String.join("\n",
            "Usage: bench/run.sh [options]    (or java -jar samsa-bench/target/samsa-bench.jar [options])",
            "  --quick                 record counts / 20, W5 for 10 s, failover after 5 s: a check that everything",
            "                          works (about 25 min for everything; noisy figures)",
            "  --full                  the issues' record counts (default; about 45 min for everything, 30 with",
            "                          --cold-only; use a quiet machine)",
            "  --workloads LIST        comma-separated: W1,W2,W3,W4,W5,W6,W7,FAILOVER,W8,COMPACT,TLS,JMH",
            "                          or all",
            "                          (default all)",
            "  --cold-only             skip the warm rounds (each workload measured once, on fresh brokers)",
            "  --warm-up-runs N        N more unmeasured runs before the warm one (default 0), for both brokers:",
            "                          a longer-running broker, with more of its JIT compilation done",
            "  --out DIR               report directory (default <samsa-home>/bench/results)",
            "  --samsa-home DIR        repository root with Samsa built (default: two levels above the jar)",
            "  --work-dir DIR          broker data and logs (default: a new directory under java.io.tmpdir)",
            "  --broker-jvm-opts OPTS  JVM options for every broker (default \"-Xms1g -Xmx1g\")",
            "  --keep-data             keep each workload's broker data",
            "  --help",
            "",
            "Each workload runs on Kafka 4.1.1, then on Samsa, never both at once. Cold and warm: every workload is",
            "measured on freshly started broker processes (cold), then again on the same processes with new topics",
            "(warm, as a long-running broker is); --cold-only skips the second run.",
            "  W1 produce 2M x 1 KiB, acks=all           W2 produce 10M x 100 B",
            "  W3 W1 with zstd, then lz4                 W4 consume W1's records as a new group",
            "  W5 20,000 records/s for 60 s + probe      W6 topics of 1,000 and 10,000 partitions",
            "  W7 W1 on three brokers: RF 3, min.insync.replicas=2, 6 partitions (Kafka: three combined KRaft",
            "     nodes; Samsa: three brokers and a standalone ZooKeeper)",
            "  FAILOVER three brokers, a producer at 1,000 records/s (acks=all, idempotent), kill -9 of one",
            "     partition's leader: time until that partition, and every partition, is acknowledged again",
            "  W8 W1 in transactions, committed every 100 ms (ProducerPerformance --transaction-duration-ms)",
            "  COMPACT 1 GiB (quick: 128 MiB) of 1 KiB values over 100,000 keys into a one-partition topic with",
            "     cleanup.policy=compact, segment.bytes 64 MiB (quick: 16 MiB), min.cleanable.dirty.ratio 0.1, and",
            "     log.cleaner.backoff.ms=1000 on both brokers: cleaner MB/s from the brokers' cleaner summary lines,",
            "     time from the end of the write to the compacted size, size after compaction, then produce MB/s",
            "     of a third write of the same keys, right after an unmeasured second one gave the cleaner work",
            "     (and, as a control, of the same write to a cleanup.policy=delete topic with the cleaner idle)",
            "  TLS W1 over an SSL listener on both brokers, same self-signed certificate (keytool, PKCS12); the",
            "     report also sets its broker CPU per GB beside W1's plaintext figure when W1 ran too",
            "  JMH Samsa's hot paths",
            "Minutes per workload, cold and warm, full run (quick run in brackets), on a 2-core VM: W1 2 (1),",
            "W4 1 (0.5), W2 2 (1), W3 3 (1), W5 6 (2), W6 17 (10; each warm part first waits about 1 min for the cold",
            "topic's files to be deleted), W7 4 (1.5), FAILOVER 3 (2.5; Samsa's side waits out its 60 s bound until",
            "its failover works), W8 2 (1), JMH 5 (2). Quick figures were measured; full ones are estimated from them and from",
            "the last cold-only full run. COMPACT: quick about 1.5 (measured on a busy machine), full not yet measured",
            "(it writes 8 times the quick form's data). TLS: quick about 1 per broker (measured on a busy machine),",
            "full not yet measured.");

    /** Parses the arguments; throws IllegalArgumentException with a message for bad ones. */
    static BenchOptions parse(String[] args, Path defaultSamsaHome) {
        Scale scale = Scale.FULL;
        Set<String> workloads = new LinkedHashSet<>(Workloads.ALL);
        boolean jmh = true;
        Path samsaHome = defaultSamsaHome;
        Path outDir = null;
        Path workDir = null;
        List<String> jvmOpts = List.of("-Xms1g", "-Xmx1g");
        boolean keepData = false;
        boolean warm = true;
        int warmUpRuns = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> scale = Scale.QUICK;
                case "--full" -> scale = Scale.FULL;
                case "--workloads" -> {
                    String list = value(args, ++i, a);
                    workloads = new LinkedHashSet<>();
                    jmh = false;
                    for (String w : list.split(",")) {
                        String name = w.strip().toUpperCase(Locale.ROOT);
                        if (name.equals("ALL")) {
                            workloads.addAll(Workloads.ALL);
                            jmh = true;
                        } else if (name.equals("JMH")) {
                            jmh = true;
                        } else if (Workloads.ALL.contains(name)) {
                            workloads.add(name);
                        } else if (!name.isEmpty()) {
                            throw new IllegalArgumentException("Unknown workload " + w + "\n" + USAGE);
                        }
                    }
                }
                case "--out" -> outDir = Path.of(value(args, ++i, a));
                case "--samsa-home" -> samsaHome = Path.of(value(args, ++i, a));
                case "--work-dir" -> workDir = Path.of(value(args, ++i, a));
                case "--broker-jvm-opts" -> jvmOpts = new ArrayList<>(
                        Arrays.asList(value(args, ++i, a).trim().split("\\s+")));
                case "--keep-data" -> keepData = true;
                case "--cold-only" -> warm = false;
                case "--warm-up-runs" -> {
                    warmUpRuns = Integer.parseInt(value(args, ++i, a));
                    if (warmUpRuns < 0) {
                        throw new IllegalArgumentException("--warm-up-runs must be 0 or more\n" + USAGE);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option " + a + "\n" + USAGE);
            }
        }
        if (samsaHome == null) {
            throw new IllegalArgumentException("Cannot tell where Samsa is: pass --samsa-home\n" + USAGE);
        }
        samsaHome = samsaHome.toAbsolutePath().normalize();
        if (outDir == null) {
            outDir = samsaHome.resolve("bench/results");
        }
        return new BenchOptions(scale, workloads, jmh, samsaHome, outDir.toAbsolutePath().normalize(), workDir,
                List.copyOf(jvmOpts), keepData, warm, warmUpRuns);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
