package io.samsa.bench.broker;

import java.util.List;

/**
 * What both brokers are started with, so that they differ only in the broker itself.
 *
 * @param numPartitions   {@code num.partitions}
 * @param segmentBytes    {@code log.segment.bytes}
 * @param jvmOptions      the broker JVM's options (heap first); the same list for both brokers
 * @param startTimeoutMs  how long a broker may take to accept admin requests before the start counts as failed
 * @param stopTimeoutMs   how long a clean shutdown (SIGTERM) may take before the process is killed
 */
public record BrokerSettings(int numPartitions, int segmentBytes, List<String> jvmOptions, long startTimeoutMs,
                             long stopTimeoutMs) {

    /** Six partitions, 1 GiB segments (both brokers' default), a 1 GiB heap (both launch scripts' default). */
    public static BrokerSettings defaults() {
        return new BrokerSettings(6, 1 << 30, List.of("-Xms1g", "-Xmx1g"), 120_000, 60_000);
    }

    /**
     * Logging options for both brokers: the SLF4J backend and level {@code bin/samsa-server} uses (INFO, with
     * timestamps), given to Kafka too so neither broker pays more for logging than the other.
     */
    public static List<String> loggingOptions() {
        return List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.org.apache.zookeeper=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.curator=warn");
    }

    /** {@link #jvmOptions} followed by {@link #loggingOptions}. */
    public List<String> brokerJvmOptions() {
        List<String> all = new java.util.ArrayList<>(jvmOptions);
        all.addAll(loggingOptions());
        return all;
    }

    public BrokerSettings withJvmOptions(List<String> options) {
        return new BrokerSettings(numPartitions, segmentBytes, List.copyOf(options), startTimeoutMs, stopTimeoutMs);
    }
}
