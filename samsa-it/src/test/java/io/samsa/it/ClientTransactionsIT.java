package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions from clients other than the Java one (issue 10, point 2): librdkafka (through confluent-kafka for
 * Python, as Debian ships it) and KafkaJS commit, abort and commit again, and read_committed consumers see exactly
 * the committed records. Each test is skipped where its client cannot be had: {@code python3-confluent-kafka} not
 * installed, or KafkaJS not installable from npm.
 */
class ClientTransactionsIT {
    private static final long CLIENT_TIMEOUT_SECONDS = 120;
    private static final String KAFKAJS = "kafkajs@2.2.4";

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void librdkafkaCommitsAndAbortsAndReadCommittedSeesOnlyTheCommitted() throws Exception {
        Assumptions.assumeTrue(run(List.of("/usr/bin/python3", "-c", "import confluent_kafka"), Map.of()).status()
                == 0, "python3-confluent-kafka is not installed");
        Clients.createTopic(broker.adminClient(), "librdkafka-txn", 1);
        CliTools.Result r = run(List.of("/usr/bin/python3", script("transactions_confluent.py").toString(),
                broker.bootstrap(), "librdkafka-txn"), Map.of());
        assertThat(r.status()).as("%s", r).isZero();
        assertThat(r.out().lines().toList()).as("%s", r)
                .containsExactly("read_committed c1,c2,c3", "read_uncommitted c1,c2,aborted,c3");
    }

    @Test
    void kafkaJsCommitsAndAbortsAndReadCommittedSeesOnlyTheCommitted() throws Exception {
        Path modules = dir.resolve("kafkajs");
        CliTools.Result installed = run(List.of("npm", "install", "--no-save", "--no-audit", "--no-fund",
                "--prefix", modules.toString(), KAFKAJS), Map.of());
        Assumptions.assumeTrue(installed.status() == 0, "KafkaJS could not be installed from npm: " + installed);
        Clients.createTopic(broker.adminClient(), "kafkajs-txn", 1);
        CliTools.Result r = run(List.of("node", script("transactions_kafkajs.js").toString(), broker.bootstrap(),
                "kafkajs-txn"), Map.of("NODE_PATH", modules.resolve("node_modules").toString()));
        assertThat(r.status()).as("%s", r).isZero();
        assertThat(r.out().lines().toList()).as("%s", r).containsExactly("read_committed c1,c2,c3");
    }

    /** A copy of the test resource {@code clients/<name>} in the test's directory, for a child process to run. */
    private static Path script(String name) throws IOException {
        Path target = dir.resolve(name);
        try (var in = ClientTransactionsIT.class.getResourceAsStream("/clients/" + name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Runs {@code command}, its output to files so that neither pipe can fill; bounded in time. */
    private static CliTools.Result run(List<String> command, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(dir, "client-", ".out");
        Path err = Files.createTempFile(dir, "client-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            return new CliTools.Result(127, "", e.toString());
        }
        p.getOutputStream().close();
        if (!p.waitFor(CLIENT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return new CliTools.Result(-1, Files.readString(out), "timed out; " + Files.readString(err));
        }
        return new CliTools.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
