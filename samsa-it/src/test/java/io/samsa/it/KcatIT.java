package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * librdkafka, through kcat: a second, independent client implementation (older request versions, its own ApiVersions
 * handling). Skipped where kcat is not installed.
 */
class KcatIT {
    private static final Duration KCAT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        Assumptions.assumeTrue(CliTools.onPath("kcat"), "kcat is not on the PATH");
        broker = TestBroker.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static CliTools.Result kcat(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", broker.bootstrap()));
        command.addAll(List.of(args));
        CliTools.Result r = CliTools.runProcess(dir, KCAT_TIMEOUT, command, stdin);
        assertThat(r.status()).as("kcat %s\n%s", String.join(" ", args), r).isZero();
        return r;
    }

    @Test
    void metadataListsTheBrokerAndTopics() throws Exception {
        Clients.createTopic(broker.adminClient(), "kcat-listed", 2);

        String out = kcat(null, "-L").out();

        assertThat(out).contains("1 brokers:");
        assertThat(out).contains("broker 0 at 127.0.0.1:" + broker.port());
        assertThat(out).contains("topic \"kcat-listed\" with 2 partitions:");
        assertThat(out).contains("partition 0, leader 0, replicas: 0, isrs: 0");
        assertThat(out).contains("partition 1, leader 0, replicas: 0, isrs: 0");
    }

    @Test
    void linesProducedWithKeysAreConsumedBackExactly() throws Exception {
        Clients.createTopic(broker.adminClient(), "kcat-lines", 1);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add("key-" + i + ":value " + i + " " + "z".repeat(i));
        }

        kcat(String.join("\n", lines) + "\n", "-P", "-t", "kcat-lines", "-K:");
        String out = kcat(null, "-C", "-t", "kcat-lines", "-o", "beginning", "-e", "-f", "%o %k:%s\\n").out();

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            expected.add(i + " " + lines.get(i));
        }
        assertThat(out.lines().toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void compressedProduceFromLibrdkafkaIsReadableByTheJavaClient() throws Exception {
        Clients.createTopic(broker.adminClient(), "kcat-zstd", 1);

        kcat("a:1\nb:2\nc:3\n", "-P", "-t", "kcat-zstd", "-K:", "-z", "zstd");

        var got = Clients.readFromBeginning(broker.consumer(),
                List.of(new TopicPartition("kcat-zstd", 0)));
        assertThat(got).extracting(r -> new String(r.key()) + ":" + new String(r.value()))
                .containsExactly("a:1", "b:2", "c:3");
    }
    @Test
    void aKcatProducerOverItsClientQuotaIsHeldBackAndLosesNothing() throws Exception {
        // 128 KiB/s for client id kcat-limited, as kafka-configs --entity-type clients stores it.
        broker.broker().entityConfigs().update("clients/kcat-limited",
                stored -> java.util.Map.of("producer_byte_rate", "131072"));
        org.awaitility.Awaitility.await().atMost(Clients.TIMEOUT).until(() -> !broker.broker().context()
                .clientQuotas().configs().byEntity().isEmpty());
        String payload = "x".repeat(1000);
        String lines = (payload + "\n").repeat(2048); // about 2 MiB
        long start = System.nanoTime();
        kcat(lines, "-P", "-t", "kcat-quota", "-X", "client.id=kcat-free", "-X", "batch.size=65536");
        double freeSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        // About 10 s of the quota may go at once (Kafka's sampled rate); the rest waits for librdkafka's throttle.
        // Requests of 64 KiB, so the throttle a request earns holds back the ones after it.
        kcat(lines, "-P", "-t", "kcat-quota", "-X", "client.id=kcat-limited", "-X", "batch.size=65536");
        double limitedSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(limitedSeconds).as("limited %.1f s, unlimited %.1f s", limitedSeconds, freeSeconds)
                .isGreaterThan(3.0).isGreaterThan(freeSeconds + 2);
        String out = kcat(null, "-C", "-t", "kcat-quota", "-o", "beginning", "-e", "-f", "%o\\n").out();
        assertThat(out.lines().count()).isEqualTo(2 * 2048);
    }
}
