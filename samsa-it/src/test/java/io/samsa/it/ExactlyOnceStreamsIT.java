package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams with {@code exactly_once_v2} on three broker processes (issue 10, point 4): a stateful word count
 * (repartition topic, changelog) is killed with SIGKILL while it processes and commits, then restarted. Every word's
 * committed counts in the output must be 1, 2, ..., n with no repeat and no gap, and n must be the number of times
 * the word was sent: a transaction the dead instance left open is aborted, and the state store is rebuilt from the
 * committed changelog.
 */
@Tag(FaultSuite.FAULT)
class ExactlyOnceStreamsIT {
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet", "kilo", "lima"};
    private static final int WORDS_PER_LINE = 5;
    /** Words the output must grow by between kills: enough that the application is well into processing. */
    private static final int PROGRESS_BEFORE_KILL = 600;

    @RegisterExtension
    static final SharedProcessCluster CLUSTER = new SharedProcessCluster(ExactlyOnceRun::clusterConfig);

    @TempDir
    Path work;

    @Test
    void aWordCountKilledMidStreamCountsEveryWordExactlyOnce() throws Exception {
        countWithKills("once", 1, 1_000);
    }

    @Test
    @Tag(FaultSuite.LONG)
    void aWordCountKilledAgainAndAgainCountsEveryWordExactlyOnce() throws Exception {
        countWithKills("again", 5, 4_000);
    }

    private void countWithKills(String name, int kills, int lines) throws Exception {
        ExactlyOnceRun run = new ExactlyOnceRun(CLUSTER.get());
        String input = "lines-" + name;
        String output = "counts-" + name;
        run.createTopics(input, output);
        Map<String, Long> expected = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> producer = FaultSuite.producer(CLUSTER.get(), Map.of());
             ChildJvm app = new ChildJvm(work, "wordcount", StreamsWordCountMain.class, List.of(
                     CLUSTER.get().bootstrap(), "wordcount-" + name, input, output,
                     work.resolve("state").toString()))) {
            for (int i = 0; i < lines; i++) {
                StringBuilder line = new StringBuilder();
                for (int j = 0; j < WORDS_PER_LINE; j++) {
                    String word = WORDS[(i * 7 + j * 5) % WORDS.length];
                    expected.merge(word, 1L, Long::sum);
                    line.append(j == 0 ? "" : " ").append(word);
                }
                producer.send(new ProducerRecord<>(input, Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                        line.toString().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            run.runWithKills(app, output, kills, PROGRESS_BEFORE_KILL);
            Map<String, List<Long>> counts = new TreeMap<>();
            run.readCommitted(output, (key, value) -> counts.computeIfAbsent(
                    new String(key, StandardCharsets.UTF_8), w -> new ArrayList<>()).add(ByteBuffer.wrap(value)
                    .getLong()), () -> expected.entrySet().stream().allMatch(e -> {
                        List<Long> seen = counts.get(e.getKey());
                        return seen != null && seen.get(seen.size() - 1) >= e.getValue();
                    }));
            expected.forEach((word, n) -> assertThat(counts.get(word)).as("committed counts of %s", word)
                    .hasSize(n.intValue()).isSorted().startsWith(1L).endsWith(n).doesNotHaveDuplicates());
            assertThat(counts.keySet()).isEqualTo(expected.keySet());
        }
    }
}
