package io.samsa.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** A producer's appends run in arrival order while one of them waits; other producers do not wait for it. */
class ProducerSequencerTest {
    private final ProducerSequencer sequencer = new ProducerSequencer();

    @Test
    void laterStepsOfAProducerWaitForTheEarlierOneAndOthersDoNot() {
        List<String> ran = new ArrayList<>();
        CompletableFuture<Void> coordinator = new CompletableFuture<>();
        CompletableFuture<String> first = sequencer.after(1L, () -> coordinator.thenApply(v -> {
            ran.add("first");
            return "first";
        }));
        CompletableFuture<String> second = sequencer.after(1L, () -> {
            ran.add("second");
            return CompletableFuture.completedFuture("second");
        });
        CompletableFuture<String> other = sequencer.after(2L, () -> {
            ran.add("other producer");
            return CompletableFuture.completedFuture("other");
        });
        assertThat(ran).containsExactly("other producer");
        assertThat(sequencer.isIdle(1L)).isFalse();
        assertThat(sequencer.isIdle(2L)).isTrue();

        coordinator.complete(null);
        assertThat(ran).containsExactly("other producer", "first", "second");
        assertThat(first).isCompletedWithValue("first");
        assertThat(second).isCompletedWithValue("second");
        assertThat(other).isCompletedWithValue("other");
        assertThat(sequencer.isIdle(1L)).isTrue();
        assertThat(sequencer.waitingProducers()).isZero();
    }

    @Test
    void aFailedStepDoesNotStopTheNextOne() {
        CompletableFuture<String> failed = sequencer.after(1L,
                () -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        CompletableFuture<String> next = sequencer.after(1L, () -> CompletableFuture.completedFuture("next"));
        assertThat(failed).isCompletedExceptionally();
        assertThat(next).isCompletedWithValue("next");
        assertThat(sequencer.isIdle(1L)).isTrue();
    }

    @Test
    void aBatchAfterAFirstBatchThatFailedVerificationIsHeldUntilThatOneIsRetried() {
        TopicPartition p = new TopicPartition("t", 0);
        TopicPartition q = new TopicPartition("t", 1);
        short epoch = 3;
        // The first batch (sequence 0) could not be verified, so it was not appended.
        assertThat(sequencer.settle(1L, epoch, Map.of(p, 0), Map.of(p, Errors.CONCURRENT_TRANSACTIONS), 0))
            .containsOnly(Map.entry(p, Errors.CONCURRENT_TRANSACTIONS));
        // The next one (sequence 5) passes verification but must wait; another partition is not affected.
        assertThat(sequencer.settle(1L, epoch, Map.of(p, 5, q, 0), Map.of(), 10))
            .containsOnly(Map.entry(p, Errors.NOT_ENOUGH_REPLICAS));
        // The retried first batch passes: from then on the partition is free.
        assertThat(sequencer.settle(1L, epoch, Map.of(p, 0), Map.of(), 20)).isEmpty();
        assertThat(sequencer.settle(1L, epoch, Map.of(p, 5), Map.of(), 30)).isEmpty();
    }

    @Test
    void aHeldPartitionIsForgottenAtTheNextEpochOrAfterTheHoldTime() {
        TopicPartition p = new TopicPartition("t", 0);
        sequencer.settle(1L, (short) 3, Map.of(p, 0), Map.of(p, Errors.NETWORK_EXCEPTION), 0);
        assertThat(sequencer.settle(1L, (short) 4, Map.of(p, 5), Map.of(), 10)).as("a new epoch").isEmpty();

        sequencer.settle(2L, (short) 3, Map.of(p, 0), Map.of(p, Errors.NETWORK_EXCEPTION), 0);
        assertThat(sequencer.settle(2L, (short) 3, Map.of(p, 5), Map.of(), ProducerSequencer.HOLD_MS + 1))
            .as("after the hold time").isEmpty();
    }
}
