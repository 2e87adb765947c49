package io.samsa.bench.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What both brokers are started with, so that they differ only in the broker itself.
 *
 * @param numPartitions   {@code num.partitions}
 * @param segmentBytes    {@code log.segment.bytes}
 * @param jvmOptions      the broker JVM's options (heap first); the same list for both brokers
 * @param startTimeoutMs  how long a broker may take to accept admin requests before the start counts as failed
 * @param stopTimeoutMs   how long a clean shutdown (SIGTERM) may take before the process is killed
 * @param brokerConfigs   further broker settings (Kafka's names), given to both brokers alike: Kafka's node gets
 *                        them in {@code server.properties}, Samsa's as {@code --override}s; empty by default
 * @param tls             an SSL listener besides the PLAINTEXT one, or null (the default) for none
 */
public record BrokerSettings(int numPartitions, int segmentBytes, List<String> jvmOptions, long startTimeoutMs,
                             long stopTimeoutMs, Map<String, String> brokerConfigs, TlsListener tls) {

    public BrokerSettings {
        jvmOptions = List.copyOf(jvmOptions);
        // Insertion order kept, so both brokers' configuration lists read the same way.
        brokerConfigs = Collections.unmodifiableMap(new LinkedHashMap<>(brokerConfigs));
    }

    /** Six partitions, 1 GiB segments (both brokers' default), a 1 GiB heap (both launch scripts' default). */
    public static BrokerSettings defaults() {
        return new BrokerSettings(6, 1 << 30, List.of("-Xms1g", "-Xmx1g"), 120_000, 60_000, Map.of(),
                null);
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
        return new BrokerSettings(numPartitions, segmentBytes, options, startTimeoutMs, stopTimeoutMs,
                brokerConfigs, tls);
    }

    /** These settings plus {@code configs} (replacing any of the same name) for both brokers. */
    public BrokerSettings withBrokerConfigs(Map<String, String> configs) {
        Map<String, String> all = new LinkedHashMap<>(brokerConfigs);
        all.putAll(configs);
        return new BrokerSettings(numPartitions, segmentBytes, jvmOptions, startTimeoutMs, stopTimeoutMs, all, tls);
    }

    /** These settings with an SSL listener ({@code listener}) besides the PLAINTEXT one. */
    public BrokerSettings withTls(TlsListener listener) {
        return new BrokerSettings(numPartitions, segmentBytes, jvmOptions, startTimeoutMs, stopTimeoutMs,
                brokerConfigs, listener);
    }

    /** {@code listeners}/{@code advertised.listeners} for a client port: PLAINTEXT, then SSL if there is one. */
    String clientListeners(int port) {
        String plaintext = "PLAINTEXT://127.0.0.1:" + port;
        return tls == null ? plaintext : plaintext + "," + tls.listener();
    }

    /** The SSL listener's key store settings, or none. */
    Map<String, String> tlsConfigs() {
        return tls == null ? Map.of() : tls.keyStoreConfigs();
    }
}
