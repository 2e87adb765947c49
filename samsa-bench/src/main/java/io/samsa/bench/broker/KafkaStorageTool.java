package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import io.samsa.bench.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Kafka's {@code kafka.tools.StorageTool}, run in a child JVM: a new cluster id ({@code random-uuid}) and the
 * formatting of a node's log dir with it ({@code format}), as {@code kafka-storage.sh} does before a KRaft node's
 * first start. Every node of one cluster is formatted with the same id.
 *
 * <p>Thread-safe.
 */
final class KafkaStorageTool {
    static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final long TIMEOUT_MS = 120_000;
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private final ChildJvm jvm;
    private final String classpath;

    KafkaStorageTool(ChildJvm jvm, String classpath) {
        this.jvm = jvm;
        this.classpath = classpath;
    }

    /** A new cluster id; the tool's output is kept in {@code dir/random-uuid.out}. */
    String randomClusterId(Path dir) throws IOException {
        ToolResult uuid = jvm.run(jvm.command(classpath, JVM_OPTIONS, STORAGE_TOOL, List.of("random-uuid")),
                dir.resolve("random-uuid.out"), TIMEOUT_MS);
        if (!uuid.succeeded()) {
            throw new IOException("StorageTool random-uuid failed: " + uuid.failureReason());
        }
        List<String> lines = uuid.output().lines().map(String::strip).filter(l -> l.matches("[A-Za-z0-9_-]{22}"))
                .toList();
        if (lines.isEmpty()) {
            throw new IOException("StorageTool random-uuid printed no cluster id; see " + uuid.log());
        }
        return lines.get(0);
    }

    /** Formats the log dirs named in {@code config}; the output is kept in {@code dir/format.out}. */
    void format(Path config, String clusterId, Path dir) throws IOException {
        ToolResult format = jvm.run(jvm.command(classpath, JVM_OPTIONS, STORAGE_TOOL,
                        List.of("format", "--config", config.toString(), "--cluster-id", clusterId)),
                dir.resolve("format.out"), TIMEOUT_MS);
        if (!format.succeeded()) {
            throw new IOException("StorageTool format failed: " + format.failureReason());
        }
    }
}
