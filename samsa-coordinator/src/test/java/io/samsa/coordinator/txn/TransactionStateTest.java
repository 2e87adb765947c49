package io.samsa.coordinator.txn;

import static io.samsa.coordinator.txn.TransactionState.COMPLETE_ABORT;
import static io.samsa.coordinator.txn.TransactionState.COMPLETE_COMMIT;
import static io.samsa.coordinator.txn.TransactionState.DEAD;
import static io.samsa.coordinator.txn.TransactionState.EMPTY;
import static io.samsa.coordinator.txn.TransactionState.ONGOING;
import static io.samsa.coordinator.txn.TransactionState.PREPARE_ABORT;
import static io.samsa.coordinator.txn.TransactionState.PREPARE_COMMIT;
import static io.samsa.coordinator.txn.TransactionState.PREPARE_EPOCH_FENCE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transitions and byte ids of Kafka's TransactionState, exactly. */
class TransactionStateTest {
    private static final Map<TransactionState, Set<TransactionState>> KAFKA_PREVIOUS = Map.of(
        EMPTY, EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT),
        ONGOING, EnumSet.of(ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT),
        PREPARE_COMMIT, EnumSet.of(ONGOING),
        // Kafka 4: transactions v2 abort an empty transaction from any idle state.
        PREPARE_ABORT, EnumSet.of(ONGOING, PREPARE_EPOCH_FENCE, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT),
        COMPLETE_COMMIT, EnumSet.of(PREPARE_COMMIT),
        COMPLETE_ABORT, EnumSet.of(PREPARE_ABORT),
        DEAD, EnumSet.of(EMPTY, COMPLETE_ABORT, COMPLETE_COMMIT),
        PREPARE_EPOCH_FENCE, EnumSet.of(ONGOING));

    @Test
    void everyTransitionIsAllowedExactlyWhenKafkaAllowsIt() {
        for (TransactionState next : TransactionState.values()) {
            for (TransactionState previous : TransactionState.values()) {
                assertThat(next.canFollow(previous))
                    .as("%s -> %s", previous, next)
                    .isEqualTo(KAFKA_PREVIOUS.get(next).contains(previous));
            }
        }
    }

    @Test
    void byteIdsAndNamesAreKafkas() {
        String[] names = {"Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort",
            "Dead", "PrepareEpochFence"};
        for (byte id = 0; id < names.length; id++) {
            TransactionState s = TransactionState.fromId(id);
            assertThat(s.id()).isEqualTo(id);
            assertThat(s.kafkaName()).isEqualTo(names[id]);
            assertThat(TransactionState.fromKafkaName(names[id].toUpperCase())).isEqualTo(s);
        }
        assertThat(TransactionState.fromKafkaName("Bogus")).isNull();
    }
}
