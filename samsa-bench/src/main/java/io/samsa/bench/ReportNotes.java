package io.samsa.bench;

import io.samsa.bench.broker.BrokerSettings;
import io.samsa.bench.workload.Workloads;
import java.util.List;

/** The report's "How to read this": what each figure means and how each workload ran. Stateless. */
final class ReportNotes {
    private ReportNotes() {
    }

    static List<String> of(BenchOptions options, BrokerSettings settings) {
        return List.of(
                "Every workload starts fresh broker processes: Kafka's first, then Samsa's, never both at once;"
                        + " clients and brokers share this machine and talk over 127.0.0.1.",
                options.warm()
                        ? "cold = the workload's first run on those fresh processes, which mostly measures JIT"
                        + " compilation (Kafka's more than Samsa's); warm = the same workload again right after, on"
                        + " the same processes, with new topics (and, for W4, a new group), so it writes fresh data on"
                        + " compiled hot paths, as a long-running broker does. For the warm figure the cold run is the"
                        + (options.warmUpRuns() == 0 ? " one unmeasured run before it."
                        : " first of " + (options.warmUpRuns() + 1) + " unmeasured runs before it (--warm-up-runs "
                        + options.warmUpRuns() + ": the later ones on a topic of their own, for both brokers).")
                        + " CPU is counted over each measured run only (/proc deltas)."
                        : "cold only (--cold-only): every figure is a workload's first run on fresh processes.",
                "Samsa/Kafka is Samsa's figure divided by Kafka's. \"target\" is the issue's bound on that ratio"
                        + " (issue 4 for W1–W6, issue 9 for W7, the log-compaction issue for COMPACT, issue 12 for TLS; ≥ for"
                        + " throughput, ≤ for CPU, latency and times), the same bound cold and warm; \"met\" says"
                        + " whether this run meets it.",
                "records/s, MB/s and producer latencies are what ProducerPerformance prints (latency from send() to"
                        + " the acknowledgement, acks=all; percentiles in whole ms); MB = 2^20 bytes of record payload."
                        + " W4's figures are ConsumerPerformance's; \"excluding group join\" is its fetch.MB.sec.",
                "broker CPU s per GB = (utime + stime of the broker process, from /proc/<pid>/stat, over the tool's"
                        + " run) / (payload bytes moved / 10^9). Payload is records x record size, uncompressed"
                        + " (W3 too), or the bytes ConsumerPerformance read (W4). Samsa's single broker includes its"
                        + " embedded, idle ZooKeeper.",
                "broker peak RSS = VmHWM from /proc/<pid>/status at the end of the measured run: the process's peak"
                        + " since it started, start-up (and, warm, the cold run) included (heap "
                        + String.join(" ", settings.jvmOptions())
                        + " for every broker; RSS grows as the heap is touched).",
                "W4 restarts the broker on W1's log (written earlier in the run) and reads it all with a new"
                        + " consumer group; the data is in the page cache for both brokers.",
                "W5's producer row is ProducerPerformance throttled to 20,000 records/s of 1 KiB for "
                        + options.scale().latencySeconds() + " s, after an unmeasured "
                        + options.scale().latencyWarmUpSeconds() + " s warm-up at the same rate (in each round); the"
                        + " probe row is EndToEndLatency (one record at a time: send, ack, fetched by its consumer)"
                        + " running at the same time on its own one-partition topic.",
                "W6: topic creation = CreateTopics until a Metadata response shows a leader for every partition"
                        + " (polled every 50 ms); above 5,000 partitions the topic is created with 5,000 and grown"
                        + " with CreatePartitions in steps of 5,000, on both brokers, because Kafka's controller"
                        + " refuses one operation of more than 10,000 metadata records; topic writable = from the"
                        + " same request until one record sent to each partition (acks=all) is acknowledged;"
                        + " metadata response = a Metadata request for that topic on a bare"
                        + " connection (write to last byte read), " + options.scale().metadataSamples()
                        + " samples; then W1's records and settings spread over all partitions. The warm round first"
                        + " deletes the cold topic and waits until its files are gone (file.delete.delay.ms, 60 s on"
                        + " both), so the broker holds the same number of partitions.",
                "W7: W1's records and producer settings against three brokers of each kind on this machine: a topic"
                        + " of 6 partitions, replication factor 3, min.insync.replicas=2 (topic config), leaders"
                        + " placed by the cluster; measured once every replica is in the ISR. CPU s per GB is the sum"
                        + " over all the cluster's processes: Kafka's three combined broker+controller nodes (its"
                        + " KRaft controllers run inside them), Samsa's three brokers plus its standalone ZooKeeper."
                        + " Peak RSS is the sum of those processes' peaks. Payload counts once, not per replica.",
                "Failover: a fresh three-broker cluster, a producer in the harness's JVM sending 1,000 records/s of"
                        + " 1 KiB (acks=all, idempotent, linger.ms=5) round-robin to the 6 partitions of an RF 3,"
                        + " min.insync.replicas=2 topic; after " + options.scale().failoverWarmUpSeconds() + " s,"
                        + " kill -9 of the leader of the lowest partition not led by the active controller (Kafka:"
                        + " the KRaft quorum leader; Samsa: the controller DescribeCluster names). \"kill to first ack"
                        + " on the partition\" ends at the first acknowledgement on that partition after the kill;"
                        + " \"of a send after the kill\" at the first acknowledgement of a record sent after it; \"every"
                        + " partition\" when all 6 have had one; the longest gap is the longest time without any"
                        + " acknowledgement. A failover not done " + Workloads.failoverBoundMs() / 1000 + " s after the kill"
                        + " is reported as such.",
                "COMPACT: per round a new one-partition topic (cleanup.policy=compact) receives "
                        + options.scale().compactBytes() / (1 << 20) + " MiB of 1 KiB values keyed key-<n mod"
                        + " 100,000>. \"end of writing to compacted size\" runs from the last acknowledgement until"
                        + " the partition's segment files (*.log and *.log.swap; indexes and .deleted files left out),"
                        + " polled every 200 ms, are within 5% of one record per key plus the active segment, twice in"
                        + " a row; \"log size after compaction\" is that size (a slower first write leaves the cleaner"
                        + " less to do afterwards, hence its MB/s beside it). Then the same keys are written again,"
                        + " unmeasured, for a cleaner backlog, and at once a third time: \"produce MB/s while the"
                        + " cleaner runs\" is that write (value bytes, first send to last ack), and the cleaner"
                        + " thread's CPU over it shows how much the two overlapped."
                        + " The control row writes the same data, cleaner idle, to a topic with cleanup.policy=delete"
                        + " and otherwise the same settings."
                        + " \"cleaner MB/s\" sums, over every pass of the round, the MB and seconds in the"
                        + " cleaner's summary lines in the broker's log (Kafka's \"X MB of log processed in Y"
                        + " seconds\"; Samsa prints the same line); a pass reads the whole log up to the active"
                        + " segment, clean part included."
                        + " min.cleanable.dirty.ratio is 0.1, not 0.5: at 0.5 a dirty tail smaller than the clean part"
                        + " is never cleaned, so whether the log ever reaches its compacted size would depend on"
                        + " where the cleaner stopped during the write.",
                "TLS: W1's produce (records, record size, producer settings) over an SSL listener each broker has"
                        + " beside its PLAINTEXT one (which stays the inter-broker and admin listener), both serving"
                        + " the same self-signed RSA 2048 certificate (CN=localhost, PKCS12, made with keytool for the"
                        + " run); ProducerPerformance trusts it (security.protocol=SSL). Kafka uses the JDK's TLS"
                        + " engine; Samsa's engine is in the observations. Its CPU per GB beside W1's shows what TLS"
                        + " costs each broker.",
                options.scale().name().equals("quick")
                        ? "This is a quick run (record counts / 20, W5 10 s): a functional check, not a verdict;"
                        + " short runs on a shared 2-core machine are noisy."
                        : "Full run: the issues' record counts.");
    }
}
