package io.samsa.coordinator.txn;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of a transactional id, with Kafka's byte ids (the {@code TransactionStatus} of the transaction log value)
 * and the states each may follow.
 *
 * <pre>
 *   Empty ──AddPartitions──▶ Ongoing ──EndTxn(commit)──▶ PrepareCommit ──markers──▶ CompleteCommit
 *     ▲                        │  │                                                      │
 *     │                        │  └──EndTxn(abort)───▶ PrepareAbort ──markers──▶ CompleteAbort
 *     │                        └──timeout/fence──▶ PrepareEpochFence ──▶ PrepareAbort      │
 *     └────────────── InitProducerId / next AddPartitions (from either Complete*) ──────────┘
 *   Empty, CompleteCommit, CompleteAbort ──transactional.id.expiration.ms──▶ Dead (a tombstone)
 *   Empty, CompleteCommit, CompleteAbort ──EndTxn v5 (abort, nothing added)──▶ PrepareAbort
 * </pre>
 *
 * PrepareEpochFence is never written to the log: it marks, in memory, an ongoing transaction that the coordinator
 * aborts with a bumped epoch (timeout, or a new producer fencing the old one).
 */
public enum TransactionState {
    EMPTY((byte) 0, "Empty"),
    ONGOING((byte) 1, "Ongoing"),
    PREPARE_COMMIT((byte) 2, "PrepareCommit"),
    PREPARE_ABORT((byte) 3, "PrepareAbort"),
    COMPLETE_COMMIT((byte) 4, "CompleteCommit"),
    COMPLETE_ABORT((byte) 5, "CompleteAbort"),
    DEAD((byte) 6, "Dead"),
    PREPARE_EPOCH_FENCE((byte) 7, "PrepareEpochFence");

    private final byte id;
    private final String kafkaName;
    private Set<TransactionState> validPrevious;

    static {
        EMPTY.validPrevious = EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
        ONGOING.validPrevious = EnumSet.of(ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
        PREPARE_COMMIT.validPrevious = EnumSet.of(ONGOING);
        // Transactions v2 may abort with nothing added (an empty transaction), from any idle state.
        PREPARE_ABORT.validPrevious = EnumSet.of(ONGOING, PREPARE_EPOCH_FENCE, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
        COMPLETE_COMMIT.validPrevious = EnumSet.of(PREPARE_COMMIT);
        COMPLETE_ABORT.validPrevious = EnumSet.of(PREPARE_ABORT);
        DEAD.validPrevious = EnumSet.of(EMPTY, COMPLETE_ABORT, COMPLETE_COMMIT);
        PREPARE_EPOCH_FENCE.validPrevious = EnumSet.of(ONGOING);
    }

    TransactionState(byte id, String kafkaName) {
        this.id = id;
        this.kafkaName = kafkaName;
    }

    /** The byte Kafka stores in the transaction log. */
    public byte id() {
        return id;
    }

    /** The name DescribeTransactions and ListTransactions report (e.g. {@code PrepareCommit}). */
    public String kafkaName() {
        return kafkaName;
    }

    /** True if a transactional id in {@code previous} may move to this state. */
    public boolean canFollow(TransactionState previous) {
        return validPrevious.contains(previous);
    }

    /** True while markers are being written: the transaction is decided but not complete. */
    public boolean isPreparing() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }

    /** True if no transaction is open: a new one may start. */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    public static TransactionState fromId(byte id) {
        for (TransactionState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown transaction state id " + id);
    }

    /** The state named as Kafka names it (case-insensitive), or null. */
    public static TransactionState fromKafkaName(String name) {
        for (TransactionState s : values()) {
            if (s.kafkaName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }
}
