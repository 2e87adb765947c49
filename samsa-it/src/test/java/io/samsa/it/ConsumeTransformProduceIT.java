package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-process-write loop with the plain clients on three broker processes (issue 10, point 5): the loop
 * ({@link TransformLoopMain}) commits its output and its consumer offsets in one transaction, and is killed with
 * SIGKILL while it runs, then restarted with the same transactional id. Each input record must be reflected exactly
 * once in the committed output: nothing lost, nothing twice.
 */
@Tag(FaultSuite.FAULT)
class ConsumeTransformProduceIT {
    private static final int PROGRESS_BEFORE_KILL = 500;

    @RegisterExtension
    static final SharedProcessCluster CLUSTER = new SharedProcessCluster(ExactlyOnceRun::clusterConfig);

    @TempDir
    Path work;

    @Test
    void aLoopKilledMidTransactionReflectsEveryInputExactlyOnce() throws Exception {
        transformWithKills("once", 1, 3_000);
    }

    @Test
    @Tag(FaultSuite.LONG)
    void aLoopKilledAgainAndAgainReflectsEveryInputExactlyOnce() throws Exception {
        transformWithKills("again", 6, 12_000);
    }

    private void transformWithKills(String name, int kills, int records) throws Exception {
        ExactlyOnceRun run = new ExactlyOnceRun(CLUSTER.get());
        String input = "ctp-in-" + name;
        String output = "ctp-out-" + name;
        run.createTopics(input, output);
        try (KafkaProducer<byte[], byte[]> producer = FaultSuite.producer(CLUSTER.get(), Map.of());
             ChildJvm loop = new ChildJvm(work, "transform-loop", TransformLoopMain.class, List.of(
                     CLUSTER.get().bootstrap(), "ctp-" + name, "ctp-txn-" + name, input, output))) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(input, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            run.runWithKills(loop, output, kills, PROGRESS_BEFORE_KILL);
            Map<String, Integer> seen = new HashMap<>();
            run.readCommitted(output, (key, value) -> seen.merge(new String(value, StandardCharsets.UTF_8), 1,
                    Integer::sum), () -> seen.size() >= records);
            assertThat(seen).as("distinct outputs").hasSize(records);
            for (int i = 0; i < records; i++) {
                assertThat(seen.get("v" + i + "|t")).as("times input %d was reflected", i).isEqualTo(1);
            }
        }
    }
}
