package io.samsa.bench.tool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kafka's own load tools from the kafka-tools jar, each run in a child JVM: {@code ProducerPerformance},
 * {@code ConsumerPerformance} and {@code EndToEndLatency}. The same tool, arguments and JVM serve both brokers.
 *
 * <p>Thread-safe.
 */
public final class KafkaTools {
    public static final String PRODUCER_PERFORMANCE = "org.apache.kafka.tools.ProducerPerformance";
    public static final String CONSUMER_PERFORMANCE = "org.apache.kafka.tools.ConsumerPerformance";
    public static final String END_TO_END_LATENCY = "org.apache.kafka.tools.EndToEndLatency";

    /**
     * The tools' JVM: a fixed heap like the kafka-*-perf-test.sh scripts give them, clients' logs at WARN so the
     * output holds the results, and an English locale so decimals print with a dot.
     */
    private static final List<String> TOOL_JVM_OPTIONS = List.of("-Xms512m", "-Xmx1g",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Duser.language=en", "-Duser.country=US");

    private final ChildJvm jvm;
    private final String classpath;

    /** @param classpath class path holding kafka-tools and its dependencies */
    public KafkaTools(ChildJvm jvm, String classpath) {
        this.jvm = jvm;
        this.classpath = classpath;
    }

    public List<String> producerPerformanceCommand(String bootstrap, ProduceSpec spec) {
        List<String> args = new ArrayList<>(List.of("--topic", spec.topic(),
                "--num-records", Long.toString(spec.records()),
                "--record-size", Integer.toString(spec.recordSize()),
                "--throughput", Integer.toString(spec.throughput()),
                "--producer-props", "bootstrap.servers=" + bootstrap));
        for (Map.Entry<String, String> e : spec.producerProps().entrySet()) {
            args.add(e.getKey() + "=" + e.getValue());
        }
        if (spec.transactionMs() > 0) {
            args.addAll(List.of("--transactional-id", spec.topic() + "-txn",
                    "--transaction-duration-ms", Long.toString(spec.transactionMs())));
        }
        return jvm.command(classpath, TOOL_JVM_OPTIONS, PRODUCER_PERFORMANCE, args);
    }

    public ToolResult producerPerformance(String bootstrap, ProduceSpec spec, Path log, long timeoutMs)
            throws IOException {
        return jvm.run(producerPerformanceCommand(bootstrap, spec), log, timeoutMs);
    }

    /** Starts ProducerPerformance without waiting; finish with {@link ChildJvm#await}. */
    public Process startProducerPerformance(String bootstrap, ProduceSpec spec, Path log) throws IOException {
        return jvm.start(producerPerformanceCommand(bootstrap, spec), log);
    }

    /**
     * Consumes {@code records} records of {@code topic} from the beginning as a member of {@code group}.
     *
     * @param idleTimeoutMs the tool's {@code --timeout}: it gives up after this long without a record
     */
    public ToolResult consumerPerformance(String bootstrap, String topic, long records, String group,
                                          long idleTimeoutMs, Path log, long timeoutMs) throws IOException {
        List<String> args = List.of("--bootstrap-server", bootstrap, "--topic", topic,
                "--messages", Long.toString(records), "--group", group, "--timeout", Long.toString(idleTimeoutMs));
        return jvm.run(jvm.command(classpath, TOOL_JVM_OPTIONS, CONSUMER_PERFORMANCE, args), log, timeoutMs);
    }

    /** Sends {@code messages} records one at a time with {@code acks=all}, each fetched before the next is sent. */
    public ToolResult endToEndLatency(String bootstrap, String topic, int messages, int recordSize, Path log,
                                      long timeoutMs) throws IOException {
        List<String> args = List.of(bootstrap, topic, Integer.toString(messages), "all",
                Integer.toString(recordSize));
        return jvm.run(jvm.command(classpath, TOOL_JVM_OPTIONS, END_TO_END_LATENCY, args), log, timeoutMs);
    }

    public ChildJvm jvm() {
        return jvm;
    }
}
