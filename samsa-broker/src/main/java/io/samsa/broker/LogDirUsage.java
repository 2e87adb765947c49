package io.samsa.broker;

import io.samsa.storage.Log;
import io.samsa.storage.LogManager;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * What DescribeLogDirs reports: each configured log dir with the replicas in it and their sizes. It is the one
 * view of the log manager that request handlers get, so that they never hold a {@link Log}. Thread-safe.
 */
public final class LogDirUsage {
    /** One replica in a log dir. */
    public record ReplicaSize(TopicPartition topicPartition, long sizeInBytes) {
    }

    private final LogManager logManager;

    public LogDirUsage(LogManager logManager) {
        this.logManager = logManager;
    }

    /** Every configured log dir (absolute), in configuration order, with its replicas that {@code wanted} accepts. */
    public Map<File, List<ReplicaSize>> replicasByDir(Predicate<TopicPartition> wanted) {
        Map<File, List<ReplicaSize>> byDir = new LinkedHashMap<>();
        for (File dir : logManager.logDirs()) {
            byDir.put(dir.getAbsoluteFile(), new ArrayList<>());
        }
        for (Log log : logManager.allLogs()) {
            TopicPartition tp = log.topicPartition();
            if (!wanted.test(tp)) {
                continue;
            }
            logManager.logDirOf(tp).map(File::getAbsoluteFile).map(byDir::get)
                    .ifPresent(replicas -> replicas.add(new ReplicaSize(tp, log.sizeInBytes())));
        }
        return byDir;
    }
}
