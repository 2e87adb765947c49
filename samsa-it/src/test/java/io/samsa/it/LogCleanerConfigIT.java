package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.samsa.storage.cleaner.LogCleaner;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log cleaner's settings changed on a running broker through {@code Admin.incrementalAlterConfigs} (what
 * {@code kafka-configs --alter --entity-type brokers} sends): stored, reported by DescribeConfigs with a dynamic
 * source, checked with Kafka's rules, and applied without a restart.
 */
class LogCleanerConfigIT {
    private static final ConfigResource BROKER = new ConfigResource(ConfigResource.Type.BROKER, "0");
    private static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ConfigResource.Type.BROKER, "");
    private static final String THREADS = "log.cleaner.threads";
    private static final String RATE = "log.cleaner.io.max.bytes.per.second";
    private static final String BACKOFF = "log.cleaner.backoff.ms";

    @TempDir
    Path dir;

    @Test
    void cleanerSettingsChangeLiveAndAreDescribedAsDynamic() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of(
                "log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024)))) {
            Admin admin = broker.adminClient();
            LogCleaner cleaner = broker.broker().logCleaner().orElseThrow();
            await().atMost(TIMEOUT).until(() -> cleanerThread(0).isPresent());
            Thread first = cleanerThread(0).orElseThrow();

            // Only the rate: applied to the running threads, none restarted.
            set(admin, BROKER, RATE, "1048576");
            await().atMost(TIMEOUT).until(() -> cleaner.settings().maxIoBytesPerSecond() == 1048576.0);
            assertThat(cleanerThread(0)).contains(first);

            // The thread count: the threads are replaced, as Kafka does.
            set(admin, BROKER, THREADS, "2");
            await().atMost(TIMEOUT).until(() -> cleanerThread(1).isPresent());
            assertThat(first.isAlive()).isFalse();
            assertThat(cleaner.settings().threads()).isEqualTo(2);
            assertThat(cleaner.settings().maxIoBytesPerSecond()).isEqualTo(1048576.0);

            set(admin, CLUSTER_DEFAULT, BACKOFF, "200");
            await().atMost(TIMEOUT).until(() -> cleaner.settings().backoffMs() == 200L);

            Map<String, ConfigEntry> described = describe(admin);
            assertThat(described.get(RATE).value()).isEqualTo("1048576.0");
            assertThat(described.get(RATE).source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
            assertThat(described.get(THREADS).value()).isEqualTo("2");
            assertThat(described.get(THREADS).source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
            assertThat(described.get(THREADS).isReadOnly()).isFalse();
            assertThat(described.get(BACKOFF).value()).isEqualTo("200");
            assertThat(described.get(BACKOFF).source())
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);

            // Kafka's rule: at most double the current count. Refused before it is stored.
            assertThatThrownBy(() -> set(admin, BROKER, THREADS, "5"))
                    .hasCauseInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("more than double the current value 2");
            assertThat(describe(admin).get(THREADS).value()).isEqualTo("2");

            // Removing the override restores server.properties' value (1 thread) and the default rate.
            delete(admin, BROKER, THREADS);
            delete(admin, BROKER, RATE);
            await().atMost(TIMEOUT).until(() -> cleaner.settings().threads() == 1
                    && cleaner.settings().maxIoBytesPerSecond() == Double.MAX_VALUE);
            await().atMost(TIMEOUT).until(() -> cleanerThread(1).isEmpty());
        }
    }

    private static Optional<Thread> cleanerThread(int id) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("kafka-log-cleaner-thread-" + id) && t.isAlive()).findFirst();
    }

    private static void set(Admin admin, ConfigResource r, String name, String value) throws Exception {
        alter(admin, r, new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
    }

    private static void delete(Admin admin, ConfigResource r, String name) throws Exception {
        alter(admin, r, new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE));
    }

    private static void alter(Admin admin, ConfigResource r, AlterConfigOp op)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(r, List.of(op));
        admin.incrementalAlterConfigs(ops).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Map<String, ConfigEntry> describe(Admin admin) throws Exception {
        return admin.describeConfigs(List.of(BROKER)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(BROKER).entries().stream()
                .collect(java.util.stream.Collectors.toMap(ConfigEntry::name, e -> e));
    }
}
