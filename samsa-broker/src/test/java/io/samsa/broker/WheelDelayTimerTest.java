package io.samsa.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.common.DelayTimer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broker's timer fires a task once its delay has passed (give or take a tick) and never fires a cancelled one.
 */
class WheelDelayTimerTest {

    @Test
    void firesAfterTheDelayAndNotACancelledTask() throws Exception {
        try (WheelDelayTimer timer = new WheelDelayTimer()) {
            long start = System.nanoTime();
            CompletableFuture<Long> fired = new CompletableFuture<>();
            CompletableFuture<Void> cancelled = new CompletableFuture<>();
            DelayTimer.Timeout toCancel = timer.schedule(30, () -> cancelled.complete(null));
            timer.schedule(50, () -> fired.complete(System.nanoTime()));

            assertThat(toCancel.cancel()).isTrue();
            long firedAt = fired.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(firedAt - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            // The cancelled task was due before the one that fired: by now it would have run.
            assertThat(cancelled).isNotDone();
            assertThat(toCancel.cancel()).isFalse();
        }
    }
}
