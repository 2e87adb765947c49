package io.samsa.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/** An {@link IsrUpdater} that records each request and lets the test decide when and how it completes. */
final class RecordingIsrUpdater implements IsrUpdater {
    record Submission(TopicPartition partition, int leaderEpoch, int expectedPartitionEpoch, List<Integer> newIsr,
                      CompletableFuture<Result> future) {
        void commit() {
            future.complete(new Committed(newIsr, expectedPartitionEpoch + 1));
        }

        void reject() {
            future.complete(new Rejected("test"));
        }

        void unknown() {
            future.complete(new Unknown("test"));
        }
    }

    final List<Submission> submissions = new ArrayList<>();
    /** Brokers the test says are stopped or stopping. */
    final java.util.Set<Integer> ineligible = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public boolean isEligible(int brokerId) {
        return !ineligible.contains(brokerId);
    }

    @Override
    public synchronized CompletableFuture<Result> submit(TopicPartition partition, int leaderEpoch,
                                                         int expectedPartitionEpoch, List<Integer> newIsr) {
        Submission s = new Submission(partition, leaderEpoch, expectedPartitionEpoch, newIsr,
                new CompletableFuture<>());
        submissions.add(s);
        return s.future();
    }

    synchronized Submission last() {
        return submissions.get(submissions.size() - 1);
    }
}
