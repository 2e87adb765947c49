package io.samsa.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
}
