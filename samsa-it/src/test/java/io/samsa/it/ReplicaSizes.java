package io.samsa.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The size of every replica of a partition, two ways: as {@code kafka-log-dirs} sees it (DescribeLogDirs, answered
 * by each broker over the network), and straight from a broker's partition directory on disk (the sum of its
 * {@code .log} segments), which no network fault can hide. Replicas copy the leader's batches byte for byte, so
 * caught-up replicas have equal sizes. Stateless.
 */
final class ReplicaSizes {
    private ReplicaSizes() {
    }

    /** Broker id → bytes of its replica of {@code tp}, from DescribeLogDirs sent to each of {@code brokers}. */
    static Map<Integer, Long> described(Admin admin, Collection<Integer> brokers, TopicPartition tp)
            throws Exception {
        Map<Integer, Map<String, LogDirDescription>> all = admin.describeLogDirs(List.copyOf(brokers))
                .allDescriptions().get(FaultSuite.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, Long> out = new HashMap<>();
        all.forEach((broker, dirs) -> dirs.values().forEach(dir -> {
            ReplicaInfo info = dir.replicaInfos().get(tp);
            if (info != null) {
                out.merge(broker, info.size(), Long::sum);
            }
        }));
        return out;
    }

    /** The bytes of {@code tp}'s segments in {@code logDir}, 0 when it has none. */
    static long onDisk(Path logDir, TopicPartition tp) {
        Path dir = logDir.resolve(tp.topic() + "-" + tp.partition());
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                total += Files.size(f);
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
