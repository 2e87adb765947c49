package io.samsa.bench.report;

import java.util.Locale;

/** A figure measured per workload and broker, with its unit, display format and which direction is better. */
public enum Metric {
    RECORDS_PER_SEC("records/s", "rec/s", true, "%,.0f"),
    MB_PER_SEC("MB/s", "MB/s", true, "%,.1f"),
    FETCH_MB_PER_SEC("MB/s excluding group join", "fetch MB/s", true, "%,.1f"),
    GROUP_JOIN_MS("group join ms", "join ms", false, "%,.0f"),
    LATENCY_AVG_MS("latency avg ms", "avg ms", false, "%,.2f"),
    LATENCY_P50_MS("latency p50 ms", "p50 ms", false, "%,.0f"),
    LATENCY_P99_MS("latency p99 ms", "p99 ms", false, "%,.0f"),
    LATENCY_P999_MS("latency p99.9 ms", "p99.9 ms", false, "%,.0f"),
    LATENCY_MAX_MS("latency max ms", "max ms", false, "%,.0f"),
    TOPIC_CREATE_MS("topic creation ms", "create ms", false, "%,.0f"),
    TOPIC_WRITABLE_MS("topic writable ms", "writable ms", false, "%,.0f"),
    METADATA_P50_MS("metadata response p50 ms", "metadata p50", false, "%,.2f"),
    METADATA_MAX_MS("metadata response max ms", "metadata max", false, "%,.2f"),
    CPU_S_PER_GB("broker CPU s per GB", "CPU s/GB", false, "%,.2f"),
    PEAK_RSS_MB("broker peak RSS MB", "RSS MB", false, "%,.0f"),
    FAILOVER_PARTITION_MS("kill to first ack on the partition, ms", "partition ms", false, "%,.0f"),
    FAILOVER_PARTITION_NEW_SEND_MS("kill to first ack of a send after the kill, ms", "new send ms", false, "%,.0f"),
    FAILOVER_ALL_PARTITIONS_MS("kill to an ack on every partition, ms", "all partitions ms", false, "%,.0f"),
    ACK_GAP_MS("longest gap between acks (any partition), ms", "ack gap ms", false, "%,.0f"),
    FAILED_SENDS("failed sends", "failed", false, "%,.0f"),
    CLEANER_MB_PER_SEC("cleaner MB/s (its summary lines: MB read / seconds, all passes)", "cleaner MB/s", true,
            "%,.1f"),
    FIRST_WRITE_MB_PER_SEC("produce MB/s of the first write", "first write MB/s", true, "%,.1f"),
    COMPACTION_MS("end of writing to compacted size, ms", "compacted in ms", false, "%,.0f"),
    COMPACTED_MB("log size after compaction, MB (segment files)", "compacted MB", false, "%,.1f"),
    PRODUCE_WHILE_CLEANING_MB_PER_SEC("produce MB/s while the cleaner runs", "produce+clean MB/s", true, "%,.1f"),
    PRODUCE_NO_CLEANING_MB_PER_SEC("produce MB/s, same write to a non-compacted topic (cleaner idle)",
            "produce, no clean MB/s", true, "%,.1f"),
    CLEANER_CPU_SHARE("cleaner thread CPU during that write, % of its duration", "cleaner CPU %", true, "%,.0f");

    private final String label;
    private final String shortLabel;
    private final boolean higherIsBetter;
    private final String format;

    Metric(String label, String shortLabel, boolean higherIsBetter, String format) {
        this.label = label;
        this.shortLabel = shortLabel;
        this.higherIsBetter = higherIsBetter;
        this.format = format;
    }

    public String label() {
        return label;
    }

    /** For chart axes, where space is short. */
    public String shortLabel() {
        return shortLabel;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public String format(double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
