package io.samsa.broker.txn;

import io.samsa.broker.PartitionLeadershipListener;
import io.samsa.coordinator.txn.TransactionCoordinator;
import io.samsa.replication.Partition;
import io.samsa.replication.ReplicaManager;
import org.apache.kafka.common.TopicPartition;

/**
 * Makes this broker the transaction coordinator of every {@code __transaction_state} partition it leads, with the
 * partition's leader epoch as the coordinator epoch (what markers carry, so a partition leader can reject an older
 * coordinator's). Stateless.
 */
public final class TransactionCoordinatorElection implements PartitionLeadershipListener {
    private final TransactionCoordinator coordinator;
    private final ReplicaManager replicaManager;

    public TransactionCoordinatorElection(TransactionCoordinator coordinator, ReplicaManager replicaManager) {
        this.coordinator = coordinator;
        this.replicaManager = replicaManager;
    }

    @Override
    public void onBecomeLeader(TopicPartition tp) {
        if (TransactionCoordinator.TOPIC.equals(tp.topic())) {
            int epoch = replicaManager.partition(tp).map(Partition::leaderEpoch).orElse(0);
            coordinator.onElection(tp.partition(), Math.max(0, epoch));
        }
    }

    @Override
    public void onStopLeading(TopicPartition tp) {
        if (TransactionCoordinator.TOPIC.equals(tp.topic())) {
            coordinator.onResignation(tp.partition());
        }
    }
}
