package io.samsa.it.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fuzzer's leak check sees a buffer that was never released, and says where it was allocated. */
class LeakWatchTest {

    @Test
    void aBufferNeverReleasedIsReportedWithWhereItWasAllocated() throws InterruptedException {
        try (LeakWatch watch = LeakWatch.start()) {
            allocateAndForget();

            await().atMost(Duration.ofSeconds(20)).until(() -> !watch.leaks().isEmpty());
            assertThat(watch.leaks()).anyMatch(leak -> leak.contains("allocateAndForget"));
        }
    }

    @Test
    void buffersReleasedAreNotReported() throws InterruptedException {
        try (LeakWatch watch = LeakWatch.start()) {
            for (int i = 0; i < 100; i++) {
                ByteBufAllocator.DEFAULT.directBuffer(64).writeLong(i).release();
            }

            assertThat(watch.leaks()).noneMatch(leak -> leak.contains("buffersReleasedAreNotReported"));
        }
    }

    private static void allocateAndForget() {
        ByteBufAllocator.DEFAULT.directBuffer(64).writeLong(42);
    }
}
