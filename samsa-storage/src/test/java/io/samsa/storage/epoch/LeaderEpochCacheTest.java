package io.samsa.storage.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderEpochCacheTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    File dir;

    private LeaderEpochCache cache() {
        return new LeaderEpochCache(TP, new LeaderEpochCheckpointFile(dir));
    }

    @Test
    void theLatestEpochEndsAtTheLogEndAndEarlierOnesWhereTheNextStarts() {
        LeaderEpochCache c = cache();
        c.assign(1, 0);
        c.assign(3, 50);
        c.assign(4, 80);

        assertThat(c.endOffsetFor(4, 120)).isEqualTo(new EpochEndOffset(4, 120));
        assertThat(c.endOffsetFor(3, 120)).isEqualTo(new EpochEndOffset(3, 80));
        // Epoch 2 never wrote here: the answer names the largest epoch below it, ending where epoch 3 starts.
        assertThat(c.endOffsetFor(2, 120)).isEqualTo(new EpochEndOffset(1, 50));
        // Below every known epoch: its records are gone; it ends where the first known epoch starts.
        assertThat(c.endOffsetFor(0, 120)).isEqualTo(new EpochEndOffset(0, 0));
        assertThat(c.endOffsetFor(5, 120)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(c.endOffsetFor(-1, 120)).isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void assigningTheSameEpochAgainIsANoOpAndANonMonotonicEntryReplacesWhatItContradicts() {
        LeaderEpochCache c = cache();
        assertThat(c.assign(1, 0)).isTrue();
        assertThat(c.assign(1, 10)).isFalse();
        c.assign(2, 20);
        c.assign(3, 30);

        // An entry that goes back (epoch 2 after epoch 3) removes every entry at or after it, as Kafka's cache does.
        c.assign(2, 25);

        assertThat(c.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 25));
    }

    @Test
    void truncationFromTheEndAndFromTheStart() {
        LeaderEpochCache c = cache();
        c.assign(1, 0);
        c.assign(2, 20);
        c.assign(3, 30);

        c.truncateFromEnd(30);
        assertThat(c.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 20));

        c.truncateFromStart(25);
        assertThat(c.entries()).containsExactly(new EpochEntry(2, 25));

        c.truncateFromStart(10);
        assertThat(c.entries()).containsExactly(new EpochEntry(2, 25));
    }

    @Test
    void epochForOffset() {
        LeaderEpochCache c = cache();
        c.assign(1, 10);
        c.assign(4, 40);

        assertThat(c.epochForOffset(5)).isEmpty();
        assertThat(c.epochForOffset(10)).hasValue(1);
        assertThat(c.epochForOffset(39)).hasValue(1);
        assertThat(c.epochForOffset(1000)).hasValue(4);
    }

    @Test
    void theCheckpointIsKafkasFormatAndReadsBack() throws IOException {
        LeaderEpochCache c = cache();
        c.assign(0, 0);
        c.assign(7, 1200);
        c.flush();

        File file = new File(dir, LeaderEpochCheckpointFile.FILE_NAME);
        assertThat(Files.readAllLines(file.toPath())).containsExactly("0", "2", "0 0", "7 1200");
        assertThat(new LeaderEpochCheckpointFile(dir).read()).hasValue(
                List.of(new EpochEntry(0, 0), new EpochEntry(7, 1200)));
    }

    @Test
    void aMissingCheckpointReadsAsAbsentNotEmpty() throws IOException {
        assertThat(new LeaderEpochCheckpointFile(dir).read()).isEmpty();
    }
}
