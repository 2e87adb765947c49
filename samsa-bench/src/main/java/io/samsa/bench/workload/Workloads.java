package io.samsa.bench.workload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The workloads of issue 4 (W1–W6), issue 9 (W7, FAILOVER), issue 10 (W8), the log-compaction issue (COMPACT) and
 * issue 12 (TLS), by name, in the order they run.
 */
public final class Workloads {
    /** Every workload name, in run order; W4 runs right after W1 so it can read W1's log. */
    public static final List<String> ALL = List.of("W1", "W4", "W2", "W3", "W5", "W6", "W7", "FAILOVER", "W8",
            "COMPACT", "TLS");

    static final int PARTITIONS = 6;
    static final long W1_RECORDS = 2_000_000;
    static final int W1_RECORD_SIZE = 1024;
    static final long W2_RECORDS = 10_000_000;
    static final int W2_RECORD_SIZE = 100;
    static final long TOPIC_TIMEOUT_MS = 120_000;
    /** W8: transactions as issue 10 asks, committed every 100 ms by Kafka's ProducerPerformance. */
    static final long W8_TRANSACTION_MS = 100;

    private Workloads() {
    }

    /** How long after the kill a leader failover may take before it is reported as not happening. */
    public static long failoverBoundMs() {
        return FailoverWorkload.BOUND_MS;
    }

    /** COMPACT's broker and topic settings at {@code scale}, for the report's settings list. */
    public static String compactSettings(Scale scale) {
        return "COMPACT only, on both: broker " + CompactWorkload.BROKER_CONFIGS + "; its one-partition topic "
                + CompactWorkload.topicConfigs(scale) + "; written with the Java producer (kafka-clients 4.1.1) in"
                + " the harness's JVM with the settings below";
    }

    /** TLS's listener, certificate and client settings, for the report's settings list. */
    public static String tlsSettings() {
        return "TLS only, on both: listeners PLAINTEXT (inter-broker, admin) and SSL on its own port, advertised"
                + " both; one self-signed RSA 2048 certificate, CN=localhost, SAN dns:localhost and ip:127.0.0.1,"
                + " made with keytool, in a PKCS12 key store (ssl.keystore.location/.type=PKCS12/.password,"
                + " ssl.key.password); other ssl.* settings at their defaults (TLSv1.2 and TLSv1.3, no client"
                + " authentication); the producer adds security.protocol=SSL and a PKCS12 trust store holding"
                + " that certificate";
    }

    /** The workloads named (any order, case-insensitive), in run order. Throws for an unknown name. */
    public static List<Workload> select(Set<String> names) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : names) {
            String upper = n.toUpperCase(Locale.ROOT);
            if (!ALL.contains(upper)) {
                throw new IllegalArgumentException("Unknown workload " + n + " (known: " + ALL + ", JMH)");
            }
            wanted.add(upper);
        }
        List<Workload> out = new ArrayList<>();
        for (String id : ALL) {
            if (wanted.contains(id)) {
                out.addAll(create(id));
            }
        }
        return out;
    }

    private static List<Workload> create(String id) {
        return switch (id) {
            case "W1" -> List.of(new ProduceWorkload("W1", "W1 produce 1 KiB", ProduceWorkload.W1_TOPIC,
                    W1_RECORDS, W1_RECORD_SIZE, null));
            case "W2" -> List.of(new ProduceWorkload("W2", "W2 produce 100 B", "w2", W2_RECORDS, W2_RECORD_SIZE,
                    null));
            case "W3" -> List.of(
                    new ProduceWorkload("W3", "W3 produce 1 KiB zstd", "w3-zstd", W1_RECORDS, W1_RECORD_SIZE, "zstd"),
                    new ProduceWorkload("W3", "W3 produce 1 KiB lz4", "w3-lz4", W1_RECORDS, W1_RECORD_SIZE, "lz4"));
            case "W4" -> List.of(new ConsumeWorkload());
            case "W5" -> List.of(new LatencyWorkload());
            case "W6" -> PartitionsWorkload.both();
            case "W7" -> List.of(new ReplicatedWorkload());
            case "FAILOVER" -> List.of(new FailoverWorkload());
            case "W8" -> List.of(new ProduceWorkload("W8", "W8 produce 1 KiB in transactions", "w8", W1_RECORDS,
                    W1_RECORD_SIZE, null, W8_TRANSACTION_MS));
            case "COMPACT" -> List.of(new CompactWorkload());
            case "TLS" -> List.of(new TlsWorkload());
            default -> throw new IllegalArgumentException(id);
        };
    }
}
