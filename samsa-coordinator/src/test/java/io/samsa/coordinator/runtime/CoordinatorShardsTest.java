package io.samsa.coordinator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lifecycle every coordinator partition goes through: loading, active, resigned, and what requests get. */
class CoordinatorShardsTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch loadGate = new CountDownLatch(0);
    private volatile boolean failLoads;

    private final class TestShard implements CoordinatorShards.Shard {
        final int epoch;

        TestShard(int epoch) {
            this.epoch = epoch;
        }

        @Override
        public void start() {
            events.add("start " + epoch);
        }

        @Override
        public void unload() {
            events.add("unload " + epoch);
        }
    }

    private final CoordinatorShards<TestShard> shards = new CoordinatorShards<>("test", new MockTime(),
        (partition, epoch) -> {
            try {
                loadGate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failLoads) {
                throw new IllegalStateException("unreadable log");
            }
            return new TestShard(epoch);
        });

    @AfterEach
    void close() {
        shards.close();
    }

    private Errors errorOrEpoch(int partition, int[] epoch) throws Exception {
        return shards.<Errors>onShard(partition, e -> e, (s, f) -> {
            epoch[0] = s.epoch;
            f.complete(Errors.NONE);
        }).get(10, TimeUnit.SECONDS);
    }

    private Errors error(int partition) throws Exception {
        return errorOrEpoch(partition, new int[1]);
    }

    @Test
    void requestsGetNotCoordinatorThenLoadInProgressThenTheShard() throws Exception {
        assertThat(error(0)).isEqualTo(Errors.NOT_COORDINATOR);
        loadGate = new CountDownLatch(1);
        shards.elect(0, 3);
        assertThat(error(0)).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        loadGate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> shards.isActive(0));
        int[] epoch = new int[1];
        assertThat(errorOrEpoch(0, epoch)).isEqualTo(Errors.NONE);
        assertThat(epoch[0]).isEqualTo(3);

        shards.resign(0);
        assertThat(error(0)).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(events).containsExactly("start 3", "unload 3");
    }

    @Test
    void aLoadFinishingAfterResignationIsDiscarded() throws Exception {
        loadGate = new CountDownLatch(1);
        shards.elect(0, 1);
        shards.resign(0);
        loadGate.countDown();
        assertThat(error(0)).isEqualTo(Errors.NOT_COORDINATOR);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("unload 1"));
        assertThat(events).doesNotContain("start 1");
        assertThat(shards.isActive(0)).isFalse();
    }

    @Test
    void aNewerEpochReplacesTheLoadedShard() throws Exception {
        shards.elect(0, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> shards.isActive(0));
        shards.elect(0, 1); // the same leadership again: nothing to do
        shards.elect(0, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("start 2"));
        assertThat(events).containsExactly("start 1", "unload 1", "start 2");
    }

    @Test
    void aFailedLoadLeavesThePartitionUncoordinated() throws Exception {
        failLoads = true;
        shards.elect(0, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> error(0) == Errors.NOT_COORDINATOR);
        assertThat(events).isEmpty();
    }

    @Test
    void whenLoadedWaitsForALoadInProgressAndSkipsAPartitionNotLedHere() throws Exception {
        assertThat(shards.whenLoaded(1, s -> events.add("ran on 1")).get(10, TimeUnit.SECONDS)).isNull();
        loadGate = new CountDownLatch(1);
        shards.elect(0, 4);
        CompletableFuture<Void> f = shards.whenLoaded(0, s -> events.add("ran on " + s.epoch));
        loadGate.countDown();
        f.get(10, TimeUnit.SECONDS);
        assertThat(events).containsExactly("start 4", "ran on 4");
    }

    @Test
    void afterCloseRequestsGetCoordinatorNotAvailable() throws Exception {
        shards.close();
        assertThat(error(0)).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
    }
}
